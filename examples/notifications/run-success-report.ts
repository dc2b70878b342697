// Seed 001, "Success Reports with Metadata": when the pipeline succeeds, email every asset it
// materialized with its metadata (`collectRunMetadata` is the seed's `collect_run_metadata`).
import { collectRunMetadata, type EmailSender, RunStatus, runStatusSensor } from 'stepster';
import { reportTo } from './sales-pipeline.js';

export const onRunSuccess = runStatusSensor(
  {
    name: 'on_run_success',
    runStatus: RunStatus.SUCCESS,
    monitoredJobs: ['sales_pipeline'],
    requiredResourceKeys: ['email'],
    description: 'Emails a report of every asset the run materialized, with its metadata',
  },
  async (context) => {
    const assets = await collectRunMetadata(context.instance, context.run.runId);
    const lines = assets.map((asset) => `  ${asset.assetKey}: ${JSON.stringify(asset.metadata)}`);
    const email = context.resources.email as EmailSender;
    await email.send({
      to: reportTo(),
      subject: `[stepster] ${context.run.jobName} completed`,
      body: `Run ${context.run.runId} materialized ${assets.length} assets:\n${lines.join('\n')}`,
    });
    context.log.info(`Emailed the report of ${assets.length} assets`);
  },
);
