import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BatchWriteItemCommandInput,
  type BatchWriteItemCommandOutput,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRunMetadata } from '../../shared/event-log/collect-run-metadata.js';
import { DEFAULT_EVENT_TABLE_NAME } from '../../shared/event-log/table-schema.js';
import type { EventEntry } from '../../shared/event-log/event-entry.js';
import { EventLogError } from '../../shared/event-log/event-log-error.js';
import { EventLogStore } from '../../shared/event-log/event-log-store.js';
import type { EventRecord } from '../../shared/event-log/event-record.js';
import { eventKey, RunEventScope } from '../../shared/event-log/event-key.js';
import type { RunRecord } from '../../shared/event-log/run-record.js';
import type { StepState } from '../../shared/event-log/step-state.js';
import type { EventType } from '../../shared/events/event-type.js';
import { ensureTable } from '../../shared/local-dynamo/ensure-table.js';
import { type LocalDynamo, startLocalDynamo } from '../../shared/local-dynamo/start-local-dynamo.js';
import { LocalDynamoLockedError } from '../../shared/local-dynamo/local-dynamo-locked-error.js';

// Every test runs against a real dynalite server started here (in memory, or in a temp dir).
const TABLE = DEFAULT_EVENT_TABLE_NAME;
const BASE_TIME = Date.parse('2026-11-01T10:00:00.000Z');

let local: LocalDynamo;
let store: EventLogStore;

beforeAll(async () => {
  local = await startLocalDynamo({ inMemory: true });
  await ensureTable(local.client, TABLE);
  store = new EventLogStore({ client: local.client, tableName: TABLE });
});

afterAll(async () => {
  await local.close();
});

function at(offsetMs: number): string {
  return new Date(BASE_TIME + offsetMs).toISOString();
}

function newRunId(): string {
  return `run-${randomUUID()}`;
}

function event(
  runId: string,
  scope: string,
  attempt: number,
  seq: number,
  eventType: EventType,
  options: { time?: string; stepKey?: string; data?: Record<string, unknown> } = {},
): EventEntry {
  const record: EventRecord = {
    runId,
    eventType,
    ...(options.stepKey !== undefined ? { stepKey: options.stepKey, attempt } : {}),
    timestamp: options.time ?? at(seq),
    level: 'DEBUG',
    message: `${eventType} ${seq}`,
    ...(options.data !== undefined ? { data: options.data } : {}),
  };
  return { key: eventKey(scope, attempt, seq), record };
}

/** The events Dagster writes for a successful step attempt. */
function successEvents(runId: string, node: string, attempt: number, startMs: number): EventEntry[] {
  const types: EventType[] = ['STEP_START', 'STEP_OUTPUT', 'HANDLED_OUTPUT', 'STEP_SUCCESS'];
  return types.map((type, seq) => event(runId, node, attempt, seq, type, { stepKey: node, time: at(startMs + seq) }));
}

function run(runId: string, jobName: string, startMs: number, status: RunRecord['status'] = 'STARTED'): RunRecord {
  return { runId, jobName, status, tags: { team: 'data' }, startTime: at(startMs) };
}

const SUCCESS: StepState = { status: 'SUCCESS', attempt: 1 };

describe('EventLogStore step attempts', () => {
  it('round-trips an attempt: outputs, step state and events are read back', async () => {
    // Prepare
    const runId = newRunId();
    const rows = [
      { region: 'north', amount: 3 },
      { region: 'south', amount: 5 },
    ];

    // Act
    await store.commitStepAttempt(runId, 'fetch', {
      events: successEvents(runId, 'fetch', 1, 0),
      step: { ...SUCCESS, startTime: at(0), endTime: at(3) },
      outputs: [
        { name: 'rows', value: rows },
        { name: 'nothing', value: undefined },
      ],
    });
    const context = await store.readStepContext(runId, 'transform', {
      upstream: ['fetch', 'other'],
      inputs: [
        { node: 'fetch', output: 'rows' },
        { node: 'fetch', output: 'nothing' },
        { node: 'fetch', output: 'missing' },
      ],
    });
    const own = await store.readStepContext(runId, 'fetch', { upstream: [], inputs: [] });
    const { records } = await store.getRecordsForRun(runId);

    // Assess
    expect(context.own).toBeUndefined();
    expect(context.upstream.fetch).toMatchObject({ status: 'SUCCESS', attempt: 1, outputs: ['rows', 'nothing'] });
    expect(context.upstream.other).toBeUndefined();
    expect(context.outputs.get('fetch.rows')).toEqual({ found: true, value: rows });
    expect(context.outputs.get('fetch.nothing')).toEqual({ found: true, value: undefined });
    expect(context.outputs.get('fetch.missing')).toEqual({ found: false });
    expect(own.own?.status).toBe('SUCCESS');
    expect(records.map((record) => record.eventType)).toEqual([
      'STEP_START',
      'STEP_OUTPUT',
      'HANDLED_OUTPUT',
      'STEP_SUCCESS',
    ]);
    expect(records[0]).toEqual(successEvents(runId, 'fetch', 1, 0)[0]?.record);
  });

  it('uses one BatchGetItem and one BatchWriteItem for a typical attempt', async () => {
    // Prepare
    const runId = newRunId();
    await store.commitStepAttempt(runId, 'a', {
      events: successEvents(runId, 'a', 1, 0),
      step: SUCCESS,
      outputs: [{ name: 'result', value: 1 }],
    });
    store.resetRequestCount();

    // Act
    const context = await store.readStepContext(runId, 'b', {
      upstream: ['a'],
      inputs: [{ node: 'a', output: 'result' }],
    });
    await store.commitStepAttempt(runId, 'b', {
      events: successEvents(runId, 'b', 1, 10),
      step: SUCCESS,
      outputs: [{ name: 'result', value: 2 }],
    });

    // Assess
    expect(context.outputs.get('a.result')?.value).toBe(1);
    expect(store.requestCount).toBe(2);
  });

  it('overwrites instead of duplicating when the same attempt is committed again', async () => {
    // Prepare
    const runId = newRunId();
    const commit = {
      events: successEvents(runId, 'a', 1, 0),
      step: SUCCESS,
      outputs: [{ name: 'result', value: 'x' }],
    };
    await store.commitStepAttempt(runId, 'a', commit);

    // Act
    await store.commitStepAttempt(runId, 'a', commit);
    const { records } = await store.getRecordsForRun(runId);

    // Assess
    expect(records).toHaveLength(4);
  });

  it('stores 60 events of one attempt in three batches, in sequence order even with equal timestamps', async () => {
    // Prepare
    const runId = newRunId();
    const events = Array.from({ length: 60 }, (_, seq) =>
      event(runId, 'chatty', 1, seq, 'LOG_MESSAGE', { stepKey: 'chatty', time: at(0) }),
    );
    store.resetRequestCount();

    // Act
    await store.commitStepAttempt(runId, 'chatty', { events, step: SUCCESS });
    const writes = store.resetRequestCount();
    const { records } = await store.getRecordsForRun(runId);

    // Assess
    expect(writes).toBe(3);
    expect(records.map((record) => record.message)).toEqual(events.map((entry) => entry.record.message));
  });

  it('writes 1,000 run-level events in 40 requests and reads them back in order', async () => {
    // Prepare
    const runId = newRunId();
    const events = Array.from({ length: 1000 }, (_, seq) =>
      event(runId, RunEventScope.LIFECYCLE, 0, seq, 'ENGINE_EVENT'),
    );
    store.resetRequestCount();

    // Act
    await store.appendEvents(runId, events);
    const writes = store.resetRequestCount();
    const { records, hasMore } = await store.getRecordsForRun(runId);

    // Assess
    expect(writes).toBe(40);
    expect(hasMore).toBe(false);
    expect(records.map((record) => record.message)).toEqual(events.map((entry) => entry.record.message));
  });

  it('round-trips a ~1 MB output through chunk items', async () => {
    // Prepare
    const runId = newRunId();
    const big = Array.from({ length: 1024 }, () => randomBytes(512).toString('hex'));
    await store.commitStepAttempt(runId, 'big', { events: [], step: SUCCESS, outputs: [{ name: 'blob', value: big }] });
    store.resetRequestCount();

    // Act
    const context = await store.readStepContext(runId, 'next', {
      upstream: ['big'],
      inputs: [{ node: 'big', output: 'blob' }],
    });

    // Assess
    expect(JSON.stringify(big).length).toBeGreaterThan(1_000_000);
    expect(context.outputs.get('big.blob')).toEqual({ found: true, value: big });
    expect(store.requestCount).toBeGreaterThanOrEqual(2);
  });

  it('refuses an output that cannot be stored exactly, naming the op and output', async () => {
    // Prepare
    const runId = newRunId();

    // Act
    const commit = store.commitStepAttempt(runId, 'counter', {
      events: [],
      step: SUCCESS,
      outputs: [{ name: 'total', value: () => 10 }],
    });

    // Assess
    await expect(commit).rejects.toThrow(/output 'total' of op 'counter' cannot be stored exactly/);
  });

  it('lists step states of a run', async () => {
    // Prepare
    const runId = newRunId();
    await store.commitStepAttempt(runId, 'a', { events: [], step: SUCCESS });
    await store.commitStepAttempt(runId, 'b', {
      events: [],
      step: { status: 'UP_FOR_RETRY', attempt: 1, nextAttempt: 2 },
    });

    // Act
    const states = await store.getStepStates(runId);

    // Assess
    expect(states).toEqual({ a: SUCCESS, b: { status: 'UP_FOR_RETRY', attempt: 1, nextAttempt: 2 } });
  });
});

describe('EventLogStore batch retries', () => {
  function faultyStore(plan: (call: number) => number | 'all'): { faulty: EventLogStore; client: DynamoDBClient } {
    // Fault injection on the real server: the middleware withholds some put requests from
    // BatchWriteItem and reports them as UnprocessedItems, as DynamoDB does when throttling.
    const client = new DynamoDBClient({
      endpoint: local.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    let call = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'BatchWriteItemCommand') return next(args);
        const input = args.input as BatchWriteItemCommandInput;
        const requests = input.RequestItems?.[TABLE] ?? [];
        const keep = plan(call++);
        const kept = keep === 'all' ? requests : requests.slice(0, keep);
        const held = keep === 'all' ? [] : requests.slice(keep);
        if (kept.length === 0) {
          const output: BatchWriteItemCommandOutput = { $metadata: {}, UnprocessedItems: { [TABLE]: held } };
          return { output, response: {} };
        }
        const result = await next({ ...args, input: { ...input, RequestItems: { [TABLE]: kept } } });
        (result.output as BatchWriteItemCommandOutput).UnprocessedItems = held.length > 0 ? { [TABLE]: held } : {};
        return result;
      },
      { step: 'initialize', name: 'withholdPutRequests' },
    );
    return {
      faulty: new EventLogStore({ client, tableName: TABLE, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 } }),
      client,
    };
  }

  it('retries UnprocessedItems until every item is stored', async () => {
    // Prepare
    const runId = newRunId();
    const { faulty, client } = faultyStore((call) => (call === 0 ? 10 : 'all'));
    const events = Array.from({ length: 20 }, (_, seq) => event(runId, 'a', 1, seq, 'LOG_MESSAGE', { stepKey: 'a' }));

    // Act
    await faulty.commitStepAttempt(runId, 'a', { events, step: SUCCESS });
    const { records } = await store.getRecordsForRun(runId);
    const states = await store.getStepStates(runId);
    client.destroy();

    // Assess
    expect(faulty.requestCount).toBe(2);
    expect(records).toHaveLength(20);
    expect(states.a).toEqual(SUCCESS);
  });

  it('gives up with a clear error when DynamoDB never processes the items', async () => {
    // Prepare
    const runId = newRunId();
    const { faulty, client } = faultyStore(() => 0);

    // Act
    const commit = faulty.commitStepAttempt(runId, 'a', { events: successEvents(runId, 'a', 1, 0), step: SUCCESS });

    // Assess
    await expect(commit).rejects.toThrow(EventLogError);
    await expect(commit).rejects.toThrow(/left 5 item\(s\) unprocessed after 2 retries/);
    expect(faulty.requestCount).toBe(3);
    client.destroy();
  });
});

describe('EventLogStore query API', () => {
  async function mixedRun(): Promise<{ runId: string; all: EventEntry[] }> {
    const runId = newRunId();
    const all: EventEntry[] = [
      event(runId, RunEventScope.START, 0, 0, 'RUN_START', { time: at(0) }),
      ...successEvents(runId, 'a', 1, 1),
      event(runId, 'b', 1, 0, 'STEP_START', { stepKey: 'b', time: at(5) }),
      event(runId, 'b', 1, 1, 'ASSET_MATERIALIZATION', { stepKey: 'b', time: at(6), data: { assetKey: 'x' } }),
      event(runId, 'b', 1, 2, 'STEP_SUCCESS', { stepKey: 'b', time: at(7) }),
      event(runId, RunEventScope.END, 0, 0, 'RUN_SUCCESS', { time: at(8) }),
    ];
    // Written out of time order, as parallel ops commit.
    await store.appendEvents(runId, [...all].reverse());
    return { runId, all };
  }

  it('returns a run’s records in time order, filtered by type', async () => {
    // Prepare
    const { runId, all } = await mixedRun();

    // Act
    const everything = await store.getRecordsForRun(runId);
    const single = await store.getRecordsForRun(runId, { ofType: 'STEP_SUCCESS' });
    const several = await store.getRecordsForRun(runId, { ofType: ['RUN_START', 'RUN_SUCCESS'] });

    // Assess
    expect(everything.records).toEqual(all.map((entry) => entry.record));
    expect(everything.hasMore).toBe(false);
    expect(single.records.map((record) => record.stepKey)).toEqual(['a', 'b']);
    expect(several.records.map((record) => record.eventType)).toEqual(['RUN_START', 'RUN_SUCCESS']);
  });

  it('pages with limit and cursor, ascending and descending, with and without a type filter', async () => {
    // Prepare
    const { runId, all } = await mixedRun();
    const expected = all.map((entry) => entry.record.message);

    async function pages(options: {
      ascending?: boolean;
      ofType?: EventType[];
    }): Promise<{ messages: string[]; count: number }> {
      const messages: string[] = [];
      let count = 0;
      let page = await store.getRecordsForRun(runId, { limit: 3, ...options });
      for (;;) {
        count++;
        messages.push(...page.records.map((record) => record.message));
        if (!page.hasMore) return { messages, count };
        expect(page.records).toHaveLength(3);
        page = await store.getRecordsForRun(runId, { limit: 3, cursor: page.cursor, ...options });
      }
    }

    // Act
    const ascending = await pages({});
    const descending = await pages({ ascending: false });
    const filtered = await pages({ ofType: ['STEP_START', 'STEP_SUCCESS', 'RUN_SUCCESS'] });

    // Assess
    expect(ascending).toEqual({ messages: expected, count: 3 });
    expect(descending).toEqual({ messages: [...expected].reverse(), count: 3 });
    expect(filtered.messages).toEqual(
      all
        .filter((entry) => ['STEP_START', 'STEP_SUCCESS', 'RUN_SUCCESS'].includes(entry.record.eventType))
        .map((entry) => entry.record.message),
    );
    expect(filtered.count).toBe(2);
  });

  it('puts RUN_START first and the run’s end last when timestamps tie', async () => {
    // Prepare
    const runId = newRunId();
    const time = at(0);
    const entries = [
      event(runId, RunEventScope.END, 0, 0, 'RUN_SUCCESS', { time }),
      event(runId, 'aaa', 1, 0, 'STEP_START', { stepKey: 'aaa', time }),
      event(runId, RunEventScope.START, 0, 0, 'RUN_START', { time }),
    ];

    // Act
    await store.appendEvents(runId, entries);
    const { records } = await store.getRecordsForRun(runId);

    // Assess
    expect(records.map((record) => record.eventType)).toEqual(['RUN_START', 'STEP_START', 'RUN_SUCCESS']);
  });

  it('rejects a cursor from another run', async () => {
    // Prepare
    const { runId } = await mixedRun();
    const page = await store.getRecordsForRun(runId, { limit: 1 });

    // Act
    const other = store.getRecordsForRun(newRunId(), { limit: 1, cursor: page.cursor });

    // Assess
    await expect(other).rejects.toThrow(/cursor belongs to run/);
  });

  it('lists runs by job newest first, by status, and all runs merged', async () => {
    // Prepare
    const jobName = `job_${randomUUID().slice(0, 8)}`;
    const ids = [newRunId(), newRunId(), newRunId()];
    await store.startRun(run(ids[0] ?? '', jobName, 1000), []);
    await store.startRun(run(ids[1] ?? '', jobName, 3000), []);
    await store.startRun(run(ids[2] ?? '', jobName, 2000), []);
    await store.finishRun(ids[2] ?? '', 'FAILURE', []);
    const otherJob = newRunId();
    await store.startRun(run(otherJob, `${jobName}_other`, 2500), []);

    // Act
    const byJob = await store.getRuns({ jobName });
    const newest = await store.getRuns({ jobName, limit: 1 });
    const failedOfJob = await store.getRuns({ jobName, status: 'FAILURE' });
    const failed = await store.getRuns({ status: 'FAILURE' });
    const all = await store.getRuns();

    // Assess
    expect(byJob.map((record) => record.runId)).toEqual([ids[1], ids[2], ids[0]]);
    expect(byJob[0]).toMatchObject({ jobName, status: 'STARTED', tags: { team: 'data' } });
    expect(newest.map((record) => record.runId)).toEqual([ids[1]]);
    expect(failedOfJob.map((record) => record.runId)).toEqual([ids[2]]);
    expect(failed.map((record) => record.runId)).toContain(ids[2]);
    expect(failed.every((record) => record.status === 'FAILURE')).toBe(true);
    const ours = all.filter((record) => [...ids, otherJob].includes(record.runId)).map((record) => record.runId);
    expect(ours).toEqual([ids[1], otherJob, ids[2], ids[0]]);
  });

  it('returns an asset’s events across runs newest first', async () => {
    // Prepare
    const assetKey = `sales_${randomUUID().slice(0, 8)}`;
    const [first, second] = [newRunId(), newRunId()];
    await store.appendEvents(first, [
      event(first, 'a', 1, 0, 'ASSET_MATERIALIZATION', { stepKey: 'a', time: at(100), data: { assetKey } }),
      event(first, 'a', 1, 1, 'ASSET_OBSERVATION', { stepKey: 'a', time: at(101), data: { assetKey } }),
    ]);
    await store.appendEvents(second, [
      event(second, 'a', 1, 0, 'ASSET_MATERIALIZATION', {
        stepKey: 'a',
        time: at(200),
        data: { assetKey: [assetKey] },
      }),
      event(second, 'a', 1, 1, 'ASSET_MATERIALIZATION', { stepKey: 'a', time: at(201), data: { assetKey: 'other' } }),
    ]);

    // Act
    const events = await store.getAssetEvents(assetKey);
    const materializations = await store.getAssetEvents(assetKey, { ofType: 'ASSET_MATERIALIZATION' });
    const latest = await store.getAssetEvents(assetKey, { limit: 1 });

    // Assess
    expect(events.map((record) => [record.runId, record.eventType])).toEqual([
      [second, 'ASSET_MATERIALIZATION'],
      [first, 'ASSET_OBSERVATION'],
      [first, 'ASSET_MATERIALIZATION'],
    ]);
    expect(materializations.map((record) => record.runId)).toEqual([second, first]);
    expect(latest.map((record) => record.timestamp)).toEqual([at(200)]);
  });

  it('collects a run’s materializations with plain metadata (seed 001)', async () => {
    // Prepare
    const runId = newRunId();
    await store.appendEvents(runId, [
      event(runId, 'load', 1, 0, 'STEP_START', { stepKey: 'load' }),
      event(runId, 'load', 1, 1, 'ASSET_MATERIALIZATION', {
        stepKey: 'load',
        data: {
          assetKey: 'sales_output',
          metadata: { rowCount: { type: 'int', value: 3 }, docs: { type: 'url', value: 'https://x' } },
        },
      }),
      event(runId, 'load', 1, 2, 'ASSET_OBSERVATION', { stepKey: 'load', data: { assetKey: 'raw', metadata: {} } }),
      event(runId, 'load', 1, 3, 'ASSET_MATERIALIZATION', {
        stepKey: 'load',
        data: { assetKey: ['warehouse', 'artworks'] },
      }),
    ]);

    // Act
    const assets = await collectRunMetadata(store, runId);

    // Assess
    expect(assets).toEqual([
      { assetKey: 'sales_output', metadata: { rowCount: 3, docs: 'https://x' } },
      { assetKey: 'warehouse/artworks', metadata: {} },
    ]);
  });
});

describe('EventLogStore runs, once-markers and gates', () => {
  it('finishes a run once: a repeat returns false and another terminal status changes nothing', async () => {
    // Prepare
    const runId = newRunId();
    await store.startRun(run(runId, 'job_finish', 0), [event(runId, RunEventScope.START, 0, 0, 'RUN_START')]);
    const end = (type: EventType) => [event(runId, RunEventScope.END, 0, 0, type, { time: at(50) })];

    // Act
    const first = await store.finishRun(runId, 'SUCCESS', end('RUN_SUCCESS'), { endTime: at(50) });
    const repeat = await store.finishRun(runId, 'SUCCESS', end('RUN_SUCCESS'));
    const conflicting = await store.finishRun(runId, 'FAILURE', end('RUN_FAILURE'));
    const stored = await store.getRun(runId);
    const { records } = await store.getRecordsForRun(runId);

    // Assess
    expect([first, repeat, conflicting]).toEqual([true, false, false]);
    expect(stored).toMatchObject({ status: 'SUCCESS', endTime: at(50) });
    expect(records.map((record) => record.eventType)).toEqual(['RUN_START', 'RUN_SUCCESS']);
  });

  it('refuses to finish a run that was never started', async () => {
    // Prepare
    const runId = newRunId();

    // Act
    const finish = store.finishRun(runId, 'FAILURE', []);

    // Assess
    await expect(finish).rejects.toThrow(/has no run item: call startRun first/);
  });

  it('re-opens a finished run for a redrive', async () => {
    // Prepare
    const runId = newRunId();
    await store.startRun(run(runId, 'job_redrive', 0), []);
    await store.finishRun(runId, 'FAILURE', []);

    // Act
    const resumed = await store.resumeRun(runId, []);
    const again = await store.resumeRun(runId, []);
    const finished = await store.finishRun(runId, 'SUCCESS', []);

    // Assess
    expect([resumed, again, finished]).toEqual([true, false, true]);
    expect((await store.getRun(runId))?.status).toBe('SUCCESS');
  });

  it('putOnce is true for the first caller only', async () => {
    // Prepare
    const runId = newRunId();

    // Act
    const results = await Promise.all([
      store.putOnce(runId, 'sensor#on_success#SUCCESS', { firedAt: at(0) }),
      store.putOnce(runId, 'sensor#on_success#SUCCESS', { firedAt: at(1) }),
      store.putOnce(runId, 'sensor#on_success#SUCCESS'),
    ]);
    const other = await store.putOnce(runId, 'sensor#on_failure#FAILURE', { attempt: 1, manual: false });

    // Assess
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(other).toBe(true);
  });

  it('reports gate tokens and whether every upstream step is done', async () => {
    // Prepare
    const runId = newRunId();
    const children = [
      { node: 'd', upstream: ['a', 'b'] },
      { node: 'e', upstream: ['b'] },
    ];
    const before = await store.readGates(runId, children);
    await store.registerGate(runId, 'd', 'token-d');
    await store.commitStepAttempt(runId, 'a', { events: [], step: SUCCESS });
    await store.commitStepAttempt(runId, 'b', { events: [], step: { status: 'UP_FOR_RETRY', attempt: 1 } });
    const waiting = await store.readGates(runId, children);
    await store.commitStepAttempt(runId, 'b', { events: [], step: { status: 'FAILURE', attempt: 2 } });
    store.resetRequestCount();

    // Act
    const done = await store.readGates(runId, children);

    // Assess
    expect(before).toEqual({ d: { upstreamDone: false }, e: { upstreamDone: false } });
    expect(waiting).toEqual({ d: { token: 'token-d', upstreamDone: false }, e: { upstreamDone: false } });
    expect(done).toEqual({ d: { token: 'token-d', upstreamDone: true }, e: { upstreamDone: true } });
    expect(store.requestCount).toBe(1);
  });
});

describe('local DynamoDB directory', () => {
  it('persists runs across close and reopen, and refuses a second server on the same directory', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'stepster-dynamo-'));
    const runId = newRunId();
    const first = await startLocalDynamo({ dir: join(dir, 'dynamodb') });
    await ensureTable(first.client);
    await new EventLogStore({ client: first.client, tableName: TABLE }).startRun(run(runId, 'job_persist', 0), [
      event(runId, RunEventScope.START, 0, 0, 'RUN_START'),
    ]);
    const second = startLocalDynamo({ dir: join(dir, 'dynamodb') });
    await expect(second).rejects.toThrow(LocalDynamoLockedError);
    const borrowed = await startLocalDynamo({ dir: join(dir, 'dynamodb'), ifLocked: 'connect' });
    const seenWhileShared = await new EventLogStore({ client: borrowed.client, tableName: TABLE }).getRun(runId);
    await borrowed.close();
    await first.close();

    // Act
    const reopened = await startLocalDynamo({ dir: join(dir, 'dynamodb') });
    await ensureTable(reopened.client);
    const again = new EventLogStore({ client: reopened.client, tableName: TABLE });
    const stored = await again.getRun(runId);
    const { records } = await again.getRecordsForRun(runId);
    await reopened.close();
    rmSync(dir, { recursive: true, force: true });

    // Assess
    expect(borrowed.shared).toBe(true);
    expect(seenWhileShared?.runId).toBe(runId);
    expect(stored).toMatchObject({ runId, jobName: 'job_persist', status: 'STARTED' });
    expect(records.map((record) => record.eventType)).toEqual(['RUN_START']);
  });
});

describe('EventLogStore.fromEnvironment', () => {
  it('reads the table name and endpoint from the environment', async () => {
    // Prepare
    const env = { STEPSTER_TABLE_NAME: TABLE, STEPSTER_DYNAMODB_ENDPOINT: local.endpoint };
    const runId = newRunId();
    await store.startRun(run(runId, 'job_env', 0), []);

    // Act
    const fromEnv = EventLogStore.fromEnvironment(env);
    const stored = await fromEnv.getRun(runId);
    fromEnv.client.destroy();

    // Assess
    expect(fromEnv.tableName).toBe(TABLE);
    expect(stored?.runId).toBe(runId);
    expect(() => EventLogStore.fromEnvironment({})).toThrow(/STEPSTER_TABLE_NAME is not set/);
  });
});
