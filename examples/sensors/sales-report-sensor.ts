import { collectRunMetadata, RunStatus, runStatusSensor } from 'stepster';
import { materializationsJob } from '../op-events/materializations.js';
import { salesJob } from '../sales/sales-job.js';

/**
 * Seed 001: when a run succeeds, build a report of every asset it materialized with its
 * metadata (the `collect_run_metadata` helper), e.g. to email it.
 */
export const salesReportSensor = runStatusSensor(
  { name: 'sales_report', runStatus: RunStatus.SUCCESS, monitoredJobs: [salesJob, materializationsJob] },
  async (context) => {
    const assets = await collectRunMetadata(context.instance, context.run.runId);
    const lines = assets.map((asset) => `  ${asset.assetKey}: ${JSON.stringify(asset.metadata)}`);
    context.log.info(
      `[stepster] ${context.run.jobName} completed. Run ${context.run.runId} materialized ${assets.length} assets:\n${lines.join('\n')}`,
    );
  },
);
