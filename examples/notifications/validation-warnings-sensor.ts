// Seed 001, "Pattern 3: Sensor That Emails Failed Check Results": after a successful run of the
// sales assets, email the failed (non-blocking) check evaluations, with a warnings file attached.
import { type EmailSender, EventType, RunStatus, runStatusSensor } from 'stepster';

/** One failed check of the run, as the attached file lists it. */
export interface CheckWarning {
  readonly asset: unknown;
  readonly check: unknown;
  readonly description: unknown;
  readonly metadata: unknown;
}

export const emailValidationWarnings = runStatusSensor(
  {
    name: 'email_validation_warnings',
    runStatus: RunStatus.SUCCESS,
    monitoredJobs: ['sales_assets'],
    requiredResourceKeys: ['email'],
    description: 'Emails the failed asset checks of a successful sales_assets run, with the warnings attached',
  },
  async (context) => {
    const { records } = await context.instance.getRecordsForRun(context.run.runId, {
      ofType: EventType.ASSET_CHECK_EVALUATION,
    });
    const warnings: CheckWarning[] = records
      .filter((record) => record.data?.passed === false)
      .map((record) => ({
        asset: record.data?.assetKey,
        check: record.data?.checkName,
        description: record.data?.description ?? null,
        metadata: record.data?.metadata,
      }));
    if (warnings.length === 0) {
      context.log.info('No validation warnings: nothing to send');
      return;
    }
    const email = context.resources.email as EmailSender;
    await email.send({
      to: process.env.REPORT_TO ?? 'team@example.com',
      subject: `Validation warnings: ${warnings.length} check(s) failed in ${context.run.jobName}`,
      body: `Run ${context.run.runId} succeeded with ${warnings.length} failed non-blocking check(s). Details attached.`,
      attachments: [
        {
          filename: 'validation_warnings.json',
          content: JSON.stringify(warnings, null, 2),
          contentType: 'application/json',
        },
      ],
    });
    context.log.info(`Emailed ${warnings.length} validation warning(s)`);
  },
);
