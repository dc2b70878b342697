// Local backfills: one run per partition through the compiled state machine, bounded concurrency.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  BackfillError,
  backfill,
  DailyPartitionsDefinition,
  Failure,
  job,
  op,
  PartitionKeyError,
  StaticPartitionsDefinition,
} from 'stepster';
import { rejection } from '../support/rejection.js';

const daily = new DailyPartitionsDefinition({ startDate: '2026-11-01' });
let inFlight = 0;
let mostAtOnce = 0;
const ran: string[] = [];
const slowLoad = op({ name: 'slow_load' }, async (context) => {
  inFlight += 1;
  mostAtOnce = Math.max(mostAtOnce, inFlight);
  try {
    await sleep(300);
    ran.push(context.partitionKey);
    if (context.run.tags.fail_on === context.partitionKey) throw new Failure({ description: 'no data' });
    return context.partitionKey;
  } finally {
    inFlight -= 1;
  }
});
const dailyJob = job({ name: 'backfilled_daily', partitionsDef: daily }, () => {
  slowLoad();
});

describe('backfill', () => {
  it('runs 5 daily partitions with maxConcurrent 2: 5 runs, never more than 2 at once, each tagged', async () => {
    // Prepare
    ran.length = 0;
    mostAtOnce = 0;

    // Act
    const result = await backfill(dailyJob, { from: '2026-11-01', to: '2026-11-05', maxConcurrent: 2 });
    const runs = await Promise.all(result.runs.map((r) => result.instance.getRun(r.runId)));

    // Assess
    expect(result.success).toBe(true);
    expect(result.runs.map((r) => r.partitionKey)).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
    ]);
    expect([...ran].sort()).toEqual(result.runs.map((r) => r.partitionKey));
    expect(mostAtOnce).toBe(2);
    expect(runs.map((r) => r?.tags['stepster/partition'])).toEqual(result.runs.map((r) => r.partitionKey));
    expect(new Set(runs.map((r) => r?.tags['stepster/backfill']))).toEqual(new Set([result.backfillId]));
  });

  it('goes on past a failed partition and reports it', async () => {
    // Act
    const result = await backfill(dailyJob, {
      partitionKeys: ['2026-11-01', '2026-11-02', '2026-11-03'],
      tags: { fail_on: '2026-11-02' },
    });

    // Assess
    expect(result.success).toBe(false);
    expect(result.runs.map((r) => r.status)).toEqual(['SUCCESS', 'FAILURE', 'SUCCESS']);
    expect(result.runs[1]?.error).toContain('no data');
  });

  it('refuses an unpartitioned job, a bad key and a bad maxConcurrent before any run starts', async () => {
    // Prepare
    ran.length = 0;
    const plain = job({ name: 'plain_backfill' }, () => {
      slowLoad();
    });
    const regions = job({ name: 'region_backfill', partitionsDef: new StaticPartitionsDefinition(['eu']) }, () => {
      slowLoad();
    });

    // Act
    const unpartitioned = await rejection(backfill(plain, { from: '2026-11-01', to: '2026-11-02' }));
    const badKey = await rejection(backfill(dailyJob, { partitionKeys: ['2026-11-01', '2026-11-32'] }));
    const badConcurrency = await rejection(backfill(regions, { partitionKeys: ['eu'], maxConcurrent: 0 }));

    // Assess
    expect(unpartitioned).toBeInstanceOf(BackfillError);
    expect(unpartitioned.message).toContain('job "plain_backfill" is not partitioned');
    expect(badKey).toBeInstanceOf(PartitionKeyError);
    expect(badKey.message).toContain('partitionKeys "2026-11-32"');
    expect(badConcurrency.message).toContain('maxConcurrent must be a whole number');
    expect(ran).toEqual([]);
  });
});
