import { describe, expect, it } from 'vitest';
import { collectRunMetadata, executeInProcess } from 'stepster';
import definitions from '../../examples/definitions.js';
import { expectationsJob } from '../../examples/op-events/expectations.js';
import { failureJob, retryJob } from '../../examples/op-events/failures.js';
import { materializationsJob } from '../../examples/op-events/materializations.js';
import { observationsJob } from '../../examples/op-events/observations.js';
import { outputsJob } from '../../examples/op-events/outputs.js';
import { salesJob } from '../../examples/sales/sales-job.js';

describe('examples reproduce the seed patterns', () => {
  it('runs the sales pipeline end to end with its metadata and events', async () => {
    // Act
    const result = await executeInProcess(salesJob, {
      runConfig: { ops: { fetch_sales: { config: { date: '2026-11-02' } } } },
    });

    // Assess
    expect(result.success).toBe(true);
    const report = result.outputFor('summary_report') as { regions: number; totalRevenue: number };
    expect(report.regions).toBe(4);
    const observation = result.events.find((e) => e.eventType === 'ASSET_OBSERVATION');
    expect(observation?.data).toMatchObject({ assetKey: 'raw_sales', partition: '2026-11-02' });
    const assets = await collectRunMetadata(result.instance, result.runId);
    expect(assets).toEqual([
      expect.objectContaining({
        assetKey: 'warehouse/sales_by_region',
        metadata: expect.objectContaining({ record_count: 4 }),
      }),
    ]);
    const run = await result.instance.getRun(result.runId);
    expect(run?.tags).toMatchObject({ team: 'data', domain: 'sales' });
  });

  it('produces returned, yielded and multiple outputs with their metadata', async () => {
    // Act
    const result = await executeInProcess(outputsJob);

    // Assess
    expect(result.outputFor('my_output_op')).toBe(5);
    expect(result.outputFor('my_multiple_generic_output_op', 'int_out')).toBe(5);
    expect(result.outputFor('my_multiple_generic_output_op', 'str_out')).toBe('foo');
    expect(result.outputFor('my_op_yields', 'out1')).toBe('foo');
    expect(result.outputFor('my_op_yields', 'out2')).toBe(5);
    const outputs = result.events.filter((e) => e.eventType === 'STEP_OUTPUT' && e.stepKey === 'my_metadata_output');
    expect(outputs[0]?.data?.metadata).toMatchObject({
      text_metadata: { type: 'text', value: 'Text-based metadata for this event' },
      dashboard_url: { type: 'url', value: 'http://mycoolsite.com/url_for_my_data' },
      raw_count: { type: 'int', value: 3 },
    });
  });

  it('records materializations logged and yielded, with metadata', async () => {
    // Act
    const result = await executeInProcess(materializationsJob);

    // Assess
    const mats = result.events.filter((e) => e.eventType === 'ASSET_MATERIALIZATION');
    expect(mats.map((m) => m.stepKey).sort()).toEqual([
      'my_asset_op',
      'my_asset_op_yields',
      'my_metadata_materialization_op',
    ]);
    const history = await result.instance.getAssetEvents('s3.my_asset');
    expect(history.filter((e) => e.runId === result.runId)).toHaveLength(2);
  });

  it('records observations, one with a partition from op config', async () => {
    // Act
    const result = await executeInProcess(observationsJob, {
      runConfig: { ops: { partitioned_dataset_op: { config: { date: '2026-11-03' } } } },
    });

    // Assess
    const partitioned = result.events.find(
      (e) => e.eventType === 'ASSET_OBSERVATION' && e.data?.assetKey === 'my_partitioned_dataset',
    );
    expect(partitioned?.data?.partition).toBe('2026-11-03');
  });

  it('records expectation results with metadata', async () => {
    // Act
    const result = await executeInProcess(expectationsJob);

    // Assess
    const expectations = result.events.filter((e) => e.eventType === 'STEP_EXPECTATION_RESULT');
    expect(expectations).toHaveLength(2);
    expect(expectations.every((e) => e.data?.success === true)).toBe(true);
  });

  it('retries the flaky call through RetryRequested until it works', async () => {
    // Act
    const result = await executeInProcess(retryJob);

    // Assess
    expect(result.outputFor('my_retry_op')).toBe('ok');
    expect(result.events.filter((e) => e.eventType === 'STEP_UP_FOR_RETRY')).toHaveLength(2);
  });

  it('fails with the Failure description and metadata', async () => {
    // Act
    const result = await executeInProcess(failureJob, { raiseOnError: false });

    // Assess
    const failure = result.events.find((e) => e.eventType === 'STEP_FAILURE');
    expect(failure?.data?.userFailure).toMatchObject({
      description: 'No files to process',
      metadata: { filepath: { type: 'path', value: '/path/to/files' } },
    });
  });

  it('exports every example job from the default definitions, with job metadata', () => {
    // Assess
    const names = definitions.jobs.map((j) => j.name);
    expect(names).toEqual(expect.arrayContaining(['sales_job', 'my_job_with_metadata', 'my_second_job_with_tags']));
    expect(definitions.getJob('my_second_job_with_metadata').metadata.owner).toEqual({
      type: 'text',
      value: 'api team',
    });
    expect(definitions.getJob('my_second_job_with_tags').tags).toEqual({ foo: 'bar', settings: '{"retries":2}' });
  });
});
