import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoGates } from '../../../shared/event-log/dynamo-gates.js';
import { DynamoOnceMarkers } from '../../../shared/event-log/dynamo-once-markers.js';
import { DynamoQueries } from '../../../shared/event-log/dynamo-queries.js';
import { DynamoRuns } from '../../../shared/event-log/dynamo-runs.js';
import { DynamoStepAttempts } from '../../../shared/event-log/dynamo-step-attempts.js';
import { EventTableClient } from '../../../shared/event-log/event-table-client.js';
import { DEFAULT_EVENT_TABLE_NAME } from '../../../shared/event-log/table-schema.js';
import type { EventEntry } from '../../../shared/event-log/event-entry.js';
import { EventLogError } from '../../../shared/event-log/event-log-error.js';
import { EventLogStore } from '../../../shared/event-log/event-log-store.js';
import { eventKey, RunEventScope } from '../../../shared/event-log/event-key.js';
import { RunStatus } from '../../../shared/event-log/run-record.js';
import { ensureTable } from '../../../shared/local-dynamo/ensure-table.js';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/local-dynamo/start-local-dynamo.js';

// A real dynalite server (in memory): the counts are of requests the SDK really sent.
const TABLE = DEFAULT_EVENT_TABLE_NAME;
const TIME = '2026-11-01T10:00:00.000Z';

let local: LocalDynamo;

beforeAll(async () => {
  local = await startLocalDynamo({ inMemory: true });
  await ensureTable(local.client, TABLE);
});

afterAll(async () => {
  await local.close();
});

function newRunId(): string {
  return `run-${randomUUID()}`;
}

function runEvent(runId: string, scope: string, seq: number): EventEntry {
  return {
    key: eventKey(scope, 0, seq),
    record: { runId, eventType: 'ENGINE_EVENT', timestamp: TIME, level: 'INFO', message: `engine ${seq}` },
  };
}

describe('EventLogStore request counter across facets', () => {
  it('counts each operation of every facet with its exact number of DynamoDB requests', async () => {
    // Prepare
    const store = new EventLogStore({ client: local.client, tableName: TABLE });
    const runId = newRunId();
    const operations: readonly [string, () => Promise<unknown>, number][] = [
      [
        'startRun',
        () =>
          store.startRun({ runId, jobName: 'job_count', status: 'STARTED', tags: {}, startTime: TIME }, [
            runEvent(runId, RunEventScope.START, 0),
          ]),
        1,
      ],
      [
        'commitStepAttempt',
        () =>
          store.commitStepAttempt(runId, 'a', {
            events: [],
            step: { status: 'SUCCESS', attempt: 1 },
            outputs: [{ name: 'result', value: 1 }],
          }),
        1,
      ],
      [
        'readStepContext',
        () => store.readStepContext(runId, 'b', { upstream: ['a'], inputs: [{ node: 'a', output: 'result' }] }),
        1,
      ],
      ['readOutputs', () => store.readOutputs(runId, [{ node: 'a', output: 'result' }]), 1],
      ['getStepStates', () => store.getStepStates(runId), 1],
      ['registerGate', () => store.registerGate(runId, 'b', 'token-b'), 1],
      ['readGates', () => store.readGates(runId, [{ node: 'b', upstream: ['a'] }]), 1],
      ['putOnce (first)', () => store.putOnce(runId, 'sensor#s#SUCCESS'), 1],
      ['putOnce (repeat)', () => store.putOnce(runId, 'sensor#s#SUCCESS'), 1],
      ['appendEvents', () => store.appendEvents(runId, [runEvent(runId, RunEventScope.LIFECYCLE, 0)]), 1],
      ['appendEvents (none)', () => store.appendEvents(runId, []), 0],
      ['finishRun (changes)', () => store.finishRun(runId, 'SUCCESS', [runEvent(runId, RunEventScope.END, 0)]), 2],
      ['finishRun (repeat)', () => store.finishRun(runId, 'SUCCESS', [runEvent(runId, RunEventScope.END, 0)]), 3],
      ['finishRun (other status)', () => store.finishRun(runId, 'FAILURE', [runEvent(runId, RunEventScope.END, 1)]), 2],
      ['resumeRun (changes)', () => store.resumeRun(runId, []), 1],
      ['getRun', () => store.getRun(runId), 1],
      ['getRecordsForRun', () => store.getRecordsForRun(runId), 1],
      ['getRuns by job', () => store.getRuns({ jobName: 'job_count' }), 1],
      ['getRuns of every status', () => store.getRuns(), Object.keys(RunStatus).length],
      ['getAssetEvents', () => store.getAssetEvents('no_such_asset'), 1],
    ];

    // Act
    const counted: [string, number][] = [];
    for (const [label, operation] of operations) {
      store.resetRequestCount();
      await operation();
      counted.push([label, store.requestCount]);
    }

    // Assess
    expect(counted).toEqual(operations.map(([label, , expected]) => [label, expected]));
  });

  it('facets built over one EventTableClient add to one count, which resetRequestCount returns', async () => {
    // Prepare
    const table = new EventTableClient({ client: local.client, tableName: TABLE });
    const runs = new DynamoRuns(table);
    const steps = new DynamoStepAttempts(table);
    const gates = new DynamoGates(table);
    const markers = new DynamoOnceMarkers(table);
    const queries = new DynamoQueries(table, runs);
    const runId = newRunId();

    // Act
    await runs.startRun({ runId, jobName: 'job_shared', status: 'STARTED', tags: {}, startTime: TIME }, []);
    await steps.getStepStates(runId);
    await gates.registerGate(runId, 'a', 'token-a');
    await markers.putOnce(runId, 'once');
    await queries.getRun(runId);
    await queries.getRecordsForRun(runId);
    const total = table.resetRequestCount();

    // Assess
    expect(total).toBe(6);
    expect(table.requestCount).toBe(0);
  });

  it('counts a request that DynamoDB rejected, and none for an argument refused before sending', async () => {
    // Prepare
    const store = new EventLogStore({ client: local.client, tableName: TABLE });
    store.resetRequestCount();

    // Act
    const missing = store.finishRun(newRunId(), 'FAILURE', []);
    await expect(missing).rejects.toThrow(EventLogError);
    const afterRejected = store.resetRequestCount();
    const emptyToken = store.registerGate(newRunId(), 'd', '');
    await expect(emptyToken).rejects.toThrow(/registerGate for op 'd' got an empty token/);
    const afterRefused = store.requestCount;

    // Assess
    expect(afterRejected).toBe(2);
    expect(afterRefused).toBe(0);
  });

  it('refuses a table name DynamoDB cannot have, naming the field', () => {
    // Prepare
    const options = { client: local.client, tableName: 'ab' };

    // Act
    const construct = () => new EventLogStore(options);

    // Assess
    expect(construct).toThrow(/tableName 'ab' is shorter than DynamoDB's 3 characters/);
  });
});
