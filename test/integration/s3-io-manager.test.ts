// Issue 12, item 5: outputs through an S3 IO manager, run by the compiled state machine
// (aws-local-stepfunctions + dynalite) against a real S3-compatible server (s3rver on 127.0.0.1).
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DynamicOut,
  DynamicOutput,
  EnvVar,
  EventType,
  executeInProcess,
  In,
  job,
  Out,
  op,
  reexecuteFromFailure,
} from 'stepster';
import type { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { DEFAULT_EVENT_TABLE_NAME } from '../../shared/event-log/table-schema.js';
import { TableKeys } from '../../shared/event-log/table-keys.js';
import { openTaskHarness, type TaskHarness } from '../tasks/support/task-harness.js';
import { type LocalS3, startLocalS3 } from './support/local-s3.js';

const BUCKET = 'stepster-outputs';
let harness: TaskHarness;
let store: EventLogStore;
let s3: LocalS3;

beforeAll(async () => {
  harness = await openTaskHarness();
  store = harness.store;
  s3 = await startLocalS3();
  await s3.createBucket(BUCKET);
});

afterAll(async () => {
  await s3.close();
  await harness.close();
});

async function outputItem(runId: string, step: string, output: string) {
  const read = await store.client.send(
    new GetItemCommand({
      TableName: DEFAULT_EVENT_TABLE_NAME,
      Key: { pk: { S: TableKeys.runPartition(runId) }, sk: { S: TableKeys.outputSort(step, output) } },
    }),
  );
  return read.Item;
}

/** A value JSON would change: a Map keyed by dates, a Date, NaN and a BigInt. */
function exactValue() {
  return {
    byDay: new Map([[new Date('2026-11-01T00:00:00.000Z'), { total: Number.NaN, count: 3n }]]),
    asOf: new Date('2026-11-02T10:00:00.123Z'),
  };
}

describe('s3IoManager as the io_manager resource', () => {
  it('carries a 1 MB output and a Map/Date output from op to op through S3; the event log keeps only { manager, uri }', async () => {
    // Prepare
    const big = 'x'.repeat(1024 * 1024);
    const received: unknown[] = [];
    const produce = op({ name: 'produce', out: { big: Out(), exact: Out() } }, async () => ({
      big,
      exact: exactValue(),
    }));
    const consume = op({ name: 'consume', ins: { big: In(), exact: In() } }, async (_c, inputs) => {
      received.push(inputs.big, inputs.exact);
      return (inputs.big as string).length;
    });
    const s3Job = job({ name: 's3_round_trip' }, () => {
      const { big: b, exact } = produce();
      consume(b, exact);
    });
    const ioManager = s3.ioManager({ bucket: BUCKET, prefix: 'runs' });

    // Act
    const result = await executeInProcess(s3Job, { instance: store, resources: { io_manager: ioManager } });

    // Assess
    expect(result.success).toBe(true);
    expect(received[0]).toBe(big);
    expect(received[1]).toEqual(exactValue());
    expect(result.outputFor('consume')).toBe(big.length);
    expect(result.outputFor('produce', 'exact')).toEqual(exactValue());
    const uri = `s3://${BUCKET}/runs/${result.runId}/produce/big`;
    const item = await outputItem(result.runId, 'produce', 'big');
    expect(item).toEqual({
      pk: { S: TableKeys.runPartition(result.runId) },
      sk: { S: TableKeys.outputSort('produce', 'big') },
      enc: { S: 'ref' },
      manager: { S: 'io_manager' },
      uri: { S: uri },
    });
    const object = await s3.readObject(BUCKET, `runs/${result.runId}/produce/big`);
    expect(object).toEqual({ text: JSON.stringify(big), format: 'json' });
    expect((await s3.readObject(BUCKET, `runs/${result.runId}/produce/exact`)).format).toBe('devalue');
    const handled = result.eventsForNode('produce').filter((e) => e.eventType === EventType.HANDLED_OUTPUT);
    expect(handled.map((e) => e.data)).toEqual([
      { outputName: 'big', manager: 'io_manager', uri },
      { outputName: 'exact', manager: 'io_manager', uri: `s3://${BUCKET}/runs/${result.runId}/produce/exact` },
    ]);
    const loaded = result.eventsForNode('consume').filter((e) => e.eventType === EventType.LOADED_INPUT);
    expect(loaded.map((e) => e.data)).toMatchObject([
      { inputName: 'big', manager: 'io_manager', uri },
      { inputName: 'exact', manager: 'io_manager' },
    ]);
  });

  it('stores only the outputs whose Out({ ioManagerKey }) names it; the others stay in the event log', async () => {
    // Prepare
    const split = op({ name: 'split', out: { scan: Out({ ioManagerKey: 'big_io' }), summary: Out() } }, async () => ({
      scan: [1, 2, 3],
      summary: { rows: 3 },
    }));
    const sum = op({ name: 'sum', ins: { scan: In(), summary: In() } }, async (_c, inputs) => {
      return (inputs.scan as number[]).reduce((a, b) => a + b, 0) + (inputs.summary as { rows: number }).rows;
    });
    const perOutput = job({ name: 's3_per_output' }, () => {
      const { scan, summary } = split();
      sum(scan, summary);
    });

    // Act
    const result = await executeInProcess(perOutput, {
      instance: store,
      resources: { big_io: s3.ioManager({ bucket: BUCKET }) },
    });

    // Assess
    expect(result.outputFor('sum')).toBe(9);
    const scanItem = await outputItem(result.runId, 'split', 'scan');
    expect(scanItem?.manager?.S).toBe('big_io');
    expect(scanItem?.uri?.S).toBe(`s3://${BUCKET}/stepster/${result.runId}/split/scan`);
    const summaryItem = await outputItem(result.runId, 'split', 'summary');
    expect(summaryItem?.enc?.S).toBe('json');
    expect(summaryItem?.uri).toBeUndefined();
    const handled = result.eventsForNode('split').filter((e) => e.eventType === EventType.HANDLED_OUTPUT);
    expect(handled.map((e) => e.data?.manager)).toEqual(['big_io', 'io_manager']);
  });

  it('stores each fan-out item and each mapped step output in S3, keeps the key list in the event log, and collects in order', async () => {
    // Prepare
    const files = op({ name: 'files', out: { items: DynamicOut() } }, async function* () {
      for (const k of ['b', 'a'])
        yield new DynamicOutput({ name: k, rows: k.repeat(3) }, { mappingKey: k, outputName: 'items' });
    });
    const size = op(
      { name: 'size', ins: { file: In() } },
      async (_c, { file }) => (file as { rows: string }).rows.length,
    );
    const total = op({ name: 'total', ins: { sizes: In(), all: In() } }, async (_c, { sizes, all }) => ({
      sizes,
      names: (all as { name: string }[]).map((f) => f.name),
    }));
    const fanJob = job({ name: 's3_fan_out' }, () => {
      const items = files();
      total(items.map(size).collect(), items.collect());
    });

    // Act
    const result = await executeInProcess(fanJob, {
      instance: store,
      resources: { io_manager: s3.ioManager({ bucket: BUCKET, prefix: 'fan' }) },
    });

    // Assess
    expect(result.success).toBe(true);
    expect(result.outputFor('total')).toEqual({ sizes: [3, 3], names: ['b', 'a'] });
    const keyList = await outputItem(result.runId, 'files', 'items');
    expect(keyList?.uri).toBeUndefined();
    await expect(s3.readObject(BUCKET, `fan/${result.runId}/files/items`)).rejects.toThrow(/NoSuchKey|does not exist/);
    const item = await outputItem(result.runId, 'files', 'items[a]');
    expect(item?.uri?.S).toBe(`s3://${BUCKET}/fan/${result.runId}/files/items[a]`);
    const mapped = await outputItem(result.runId, 'size[b]', 'result');
    expect(mapped?.uri?.S).toBe(`s3://${BUCKET}/fan/${result.runId}/size[b]/result`);
    expect(await s3.readObject(BUCKET, `fan/${result.runId}/size[b]/result`)).toEqual({ text: '3', format: 'json' });
  });

  it('refuses an Out({ ioManagerKey }) that names no resource before any op runs', async () => {
    // Prepare
    let bodies = 0;
    const write = op({ name: 'write', out: { scan: Out({ ioManagerKey: 'big_io' }) } }, async () => {
      bodies++;
      return [1];
    });
    const unknownKey = job({ name: 's3_unknown_key' }, () => {
      write();
    });

    // Act
    const run = executeInProcess(unknownKey, { instance: store, resources: {} });

    // Assess
    await expect(run).rejects.toThrow(
      'output "scan" of op "write" in job "s3_unknown_key" uses Out({ ioManagerKey: "big_io" }), which is not among the resources',
    );
    expect(bodies).toBe(0);
  });

  it('fails the step naming the bucket and the fix when the bucket does not exist', async () => {
    // Prepare
    const write = op({ name: 'write' }, async () => ({ rows: 1 }));
    const missing = job({ name: 's3_missing_bucket' }, () => {
      write();
    });

    // Act
    const result = await executeInProcess(missing, {
      instance: store,
      raiseOnError: false,
      resources: { io_manager: s3.ioManager({ bucket: 'no-such-bucket' }) },
    });

    // Assess
    expect(result.success).toBe(false);
    const failure = result.eventsForNode('write').find((e) => e.eventType === EventType.STEP_FAILURE);
    expect(failure?.data?.error).toMatchObject({ name: 'IoManagerError' });
    expect(JSON.stringify(failure?.data?.error)).toContain(
      'bucket \\"no-such-bucket\\" does not exist: create it, or set s3IoManager({ bucket })',
    );
    expect(await outputItem(result.runId, 'write', 'result')).toBeUndefined();
  });

  it('re-execution from failure reuses an S3 output of the parent run by reference', async () => {
    // Prepare
    let extractBodies = 0;
    let broken = true;
    const extract = op({ name: 'extract' }, async () => {
      extractBodies++;
      return new Map([['eu', new Date('2026-11-01T00:00:00.000Z')]]);
    });
    const report = op({ name: 'report', ins: { seen: In() } }, async (_c, { seen }) => {
      if (broken) throw new Error('report is broken');
      return [...(seen as Map<string, Date>).entries()].map(([k, d]) => `${k}@${d.toISOString()}`);
    });
    const chain = job({ name: 's3_reexecution' }, () => {
      report(extract());
    });
    const resources = { io_manager: s3.ioManager({ bucket: BUCKET }) };
    const failed = await executeInProcess(chain, { instance: store, raiseOnError: false, resources });
    broken = false;

    // Act
    const retried = await reexecuteFromFailure(chain, failed.runId, { instance: store, resources });

    // Assess
    expect(failed.success).toBe(false);
    expect(extractBodies).toBe(1);
    expect(retried.outputFor('report')).toEqual(['eu@2026-11-01T00:00:00.000Z']);
    const loaded = retried.eventsForNode('report').find((e) => e.eventType === EventType.LOADED_INPUT);
    expect(loaded?.data).toMatchObject({ uri: `s3://${BUCKET}/stepster/${failed.runId}/extract/result` });
  });
});

describe('s3IoManager with re-execution of a fan-out, and a bucket named by EnvVar', () => {
  it('re-executes a failed item from failure, reusing the other items’ S3 objects; the collect gets every item in order', async () => {
    // Prepare
    const ran: string[] = [];
    let broken = true;
    const files = op({ name: 'files', out: { items: DynamicOut() } }, async function* () {
      for (const k of ['b', 'a', 'c'])
        yield new DynamicOutput(new Map([[k, 1]]), { mappingKey: k, outputName: 'items' });
    });
    const size = op({ name: 'size', ins: { m: In() } }, async (_c, { m }) => {
      const [key] = [...(m as Map<string, number>).keys()];
      ran.push(`size[${key}]`);
      if (broken && key === 'a') throw new Error('a is broken');
      return new Set([key]);
    });
    const merge = op({ name: 'merge', ins: { all: In() } }, async (_c, { all }) =>
      (all as Set<string>[]).map((set) => [...set].join()),
    );
    const fan = job({ name: 's3_fan_reexecution' }, () => {
      merge(files().map(size).collect());
    });
    const resources = { io_manager: s3.ioManager({ bucket: BUCKET }) };
    const failed = await executeInProcess(fan, { instance: store, raiseOnError: false, resources });
    broken = false;
    ran.length = 0;

    // Act
    const retried = await reexecuteFromFailure(fan, failed.runId, { instance: store, resources });

    // Assess
    expect(failed.success).toBe(false);
    expect(ran).toEqual(['size[a]']);
    expect(retried.outputFor('merge')).toEqual(['b', 'a', 'c']);
    const states = await store.getStepStates(retried.runId);
    expect(states['size[b]']).toMatchObject({ status: 'NOT_SELECTED', reusedFrom: failed.runId });
    const reused = await s3.readObject(BUCKET, `stepster/${failed.runId}/size[b]/result`);
    expect(reused.text).toContain('Set');
  });

  it('reads the bucket name from the EnvVar when a step stores its output, and names the variable when it is unset', async () => {
    // Prepare
    const write = op({ name: 'write' }, async () => ({ rows: 1 }));
    const lake = job({ name: 's3_env_bucket' }, () => {
      write();
    });
    const resources = { io_manager: s3.ioManager({ bucket: EnvVar('STEPSTER_TEST_LAKE') }) };
    process.env.STEPSTER_TEST_LAKE = BUCKET;
    const stored = await executeInProcess(lake, { instance: store, resources });
    delete process.env.STEPSTER_TEST_LAKE;

    // Act
    const unset = await executeInProcess(lake, { instance: store, resources, raiseOnError: false });

    // Assess
    expect((await s3.readObject(BUCKET, `stepster/${stored.runId}/write/result`)).text).toContain('rows');
    const failure = unset.eventsForNode('write').find((e) => e.eventType === EventType.STEP_FAILURE);
    expect(JSON.stringify(failure?.data?.error)).toContain(
      "s3IoManager({ bucket: EnvVar('STEPSTER_TEST_LAKE') }) reads the bucket name from STEPSTER_TEST_LAKE, which is not set here",
    );
  });
});
