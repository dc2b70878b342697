// Seed 001, "Pattern 3: Sensor That Emails Failed Check Results": after a successful run of the
// sales assets, collect the failed (non-blocking) check evaluations and the `validation_warnings`
// of every materialization, write them to a file and email it as an attachment.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  collectRunMetadata,
  type EmailSender,
  EventType,
  RunStatus,
  runStatusSensor,
  VALIDATION_WARNINGS_METADATA_KEY,
} from 'stepster';
import type { PathsResource } from '../assets/paths-resource.js';
import { reportTo } from './sales-pipeline.js';

/** One warning of the run, as the attached file lists it: a failed check, or rows an asset filtered. */
export interface RunWarning {
  readonly asset: unknown;
  /** The check's name; absent for an asset's own `validation_warnings`. */
  readonly check?: unknown;
  readonly description?: unknown;
  readonly metadata: unknown;
}

export const emailValidationWarnings = runStatusSensor(
  {
    name: 'email_validation_warnings',
    runStatus: RunStatus.SUCCESS,
    monitoredJobs: ['sales_assets', 'sales_pipeline'],
    requiredResourceKeys: ['email', 'paths'],
    description: 'Emails the failed checks and filtered rows of a successful sales run, with the warnings attached',
  },
  async (context) => {
    const { records } = await context.instance.getRecordsForRun(context.run.runId, {
      ofType: EventType.ASSET_CHECK_EVALUATION,
    });
    const failedChecks: RunWarning[] = records
      .filter((record) => record.data?.passed === false)
      .map((record) => ({
        asset: record.data?.assetKey,
        check: record.data?.checkName,
        description: record.data?.description ?? null,
        metadata: record.data?.metadata,
      }));
    const filteredRows: RunWarning[] = (await collectRunMetadata(context.instance, context.run.runId))
      .filter((materialization) => VALIDATION_WARNINGS_METADATA_KEY in materialization.metadata)
      .map((materialization) => ({
        asset: materialization.assetKey,
        metadata: materialization.metadata[VALIDATION_WARNINGS_METADATA_KEY],
      }));
    const warnings = [...failedChecks, ...filteredRows];
    if (warnings.length === 0) {
      context.log.info('No validation warnings: nothing to send');
      return;
    }
    // The file goes where the paths resource says: a folder of the machine locally, /tmp on
    // AWS (the one place a Lambda function may write; it lasts as long as the container).
    const paths = context.resources.paths as PathsResource;
    const file = join(paths.outputDir, context.run.runId, 'validation_warnings.json');
    const content = JSON.stringify(warnings, null, 2);
    await mkdir(join(paths.outputDir, context.run.runId), { recursive: true });
    await writeFile(file, content);
    const email = context.resources.email as EmailSender;
    await email.send({
      to: reportTo(),
      subject: `[stepster] ${warnings.length} validation warnings in ${context.run.jobName}`,
      body: `Run ${context.run.runId} completed with ${warnings.length} data quality warnings. Details attached.`,
      attachments: [{ filename: 'validation_warnings.json', content, contentType: 'application/json' }],
    });
    context.log.info(`Emailed ${warnings.length} validation warning(s); the file is ${file}`);
  },
);
