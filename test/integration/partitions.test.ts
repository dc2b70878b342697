// Partitioned runs through the compiled state machine: the key is checked by run start before
// any op runs, reaches context.partitionKey and the run's tag, and lands on materializations.
import { describe, expect, it } from 'vitest';
import {
  AssetOut,
  asset,
  DailyPartitionsDefinition,
  DefinitionError,
  defineAssetJob,
  Definitions,
  executeInProcess,
  job,
  materialize,
  multiAsset,
  op,
  StaticPartitionsDefinition,
} from 'stepster';
import { thrown } from '../support/thrown.js';

const daily = new DailyPartitionsDefinition({ startDate: '2026-11-01' });
const seen: string[] = [];
const readKey = op({ name: 'read_key' }, async (context) => {
  seen.push(context.partitionKey);
  return { key: context.partitionKey, has: context.hasPartitionKey };
});
const partitioned = job({ name: 'partitioned_job', partitionsDef: daily }, () => {
  readKey();
});
const plain = job({ name: 'plain_job' }, () => {
  op({ name: 'plain_op' }, async (context) => context.hasPartitionKey)();
});

describe('a partitioned job run', () => {
  it('gives the op its partition key and tags the run with it', async () => {
    // Act
    const result = await executeInProcess(partitioned, { partitionKey: '2026-11-02' });
    const run = await result.instance.getRun(result.runId);

    // Assess
    expect(result.outputFor('read_key')).toEqual({ key: '2026-11-02', has: true });
    expect(run?.tags['stepster/partition']).toBe('2026-11-02');
  });

  it('rejects a malformed or unknown key before any op runs, naming the key and a valid one', async () => {
    // Prepare
    seen.length = 0;

    // Act
    const malformed = await executeInProcess(partitioned, { partitionKey: '2026-11-31', raiseOnError: false });
    const early = await executeInProcess(partitioned, { partitionKey: '2026-10-31', raiseOnError: false });
    const failure = malformed.events.find((e) => e.eventType === 'RUN_FAILURE');

    // Assess
    expect(seen).toEqual([]);
    for (const result of [malformed, early]) {
      expect(result.success).toBe(false);
      expect(result.events.some((e) => e.eventType === 'STEP_START')).toBe(false);
    }
    expect(failure?.message).toContain('partitionKey');
    expect(failure?.message).toContain('"2026-11-31" is not a partition of job "partitioned_job"');
    expect(failure?.message).toMatch(/e\.g\. "\d{4}-\d{2}-\d{2}"/);
    expect(early.events.find((e) => e.eventType === 'RUN_FAILURE')?.message).toContain(
      'before the first partition "2026-11-01"',
    );
  });

  it('is an error without a key, and a key is an error for an unpartitioned job', async () => {
    // Act
    const missing = await executeInProcess(partitioned, { raiseOnError: false });
    const extra = await executeInProcess(plain, { partitionKey: '2026-11-02', raiseOnError: false });

    // Assess
    expect(missing.events.find((e) => e.eventType === 'RUN_FAILURE')?.message).toContain(
      'job "partitioned_job" is partitioned (daily partitions from 2026-11-01 in UTC): give the partition to run',
    );
    expect(extra.events.find((e) => e.eventType === 'RUN_FAILURE')?.message).toContain(
      'job "plain_job" is not partitioned: remove "partitionKey"',
    );
    expect([missing, extra].some((r) => r.events.some((e) => e.eventType === 'STEP_START'))).toBe(false);
  });

  it('refuses a stepster/partition tag given as a run tag', async () => {
    // Act
    const result = await executeInProcess(partitioned, {
      partitionKey: '2026-11-02',
      tags: { 'stepster/partition': '2026-11-03' },
      raiseOnError: false,
    });

    // Assess
    expect(result.success).toBe(false);
    expect(result.events.some((e) => e.eventType === 'STEP_START')).toBe(false);
  });
});

describe('partitioned assets', () => {
  it('record the partition on their materialization', async () => {
    // Prepare
    const regions = new StaticPartitionsDefinition(['eu', 'us']);
    const sales = asset({ name: 'partitioned_sales', partitionsDef: regions }, async (c) => `sales ${c.partitionKey}`);

    // Act
    const result = await materialize([sales], { partitionKey: 'us' });
    const materialization = result.events.find((e) => e.eventType === 'ASSET_MATERIALIZATION');

    // Assess
    expect(result.assetValue('partitioned_sales')).toBe('sales us');
    expect(materialization?.data?.partition).toBe('us');
  });

  it('give an asset job their partitions, and a job mixing definitions is refused naming the assets', () => {
    // Prepare
    const a = asset({ name: 'daily_a', partitionsDef: daily }, async () => 1);
    const b = asset({ name: 'region_b', partitionsDef: new StaticPartitionsDefinition(['eu']) }, async () => 2);
    const c = asset({ name: 'unpartitioned_c' }, async () => 3);
    const m = multiAsset(
      { name: 'daily_pair', outs: { p: AssetOut(), q: AssetOut() }, partitionsDef: daily },
      async () => ({
        p: 1,
        q: 2,
      }),
    );

    // Act
    const defs = new Definitions({
      assets: [a, b, c, m],
      jobs: [
        defineAssetJob({ name: 'daily_job', selection: [a, c] }),
        defineAssetJob({ name: 'pair_job', selection: [m] }),
      ],
    });
    const mixed = thrown(() => new Definitions({ assets: [a, b], jobs: [defineAssetJob({ name: 'mixed_job' })] }));

    // Assess
    expect(defs.getJob('daily_job').partitionsDef).toBe(daily);
    expect(defs.getJob('pair_job').partitionsDef).toBe(daily);
    expect(defs.getJob('__ASSET_JOB').partitionsDef).toBeUndefined();
    expect(mixed).toBeInstanceOf(DefinitionError);
    expect(mixed.message).toContain('asset job "mixed_job" mixes partitions definitions');
    expect(mixed.message).toContain('"daily_a" (daily partitions from 2026-11-01 in UTC)');
    expect(mixed.message).toContain('"region_b" (static partitions ["eu"])');
  });
});
