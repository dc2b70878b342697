import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoQueries } from '../../../shared/event-log/dynamo-queries.js';
import { DynamoRuns } from '../../../shared/event-log/dynamo-runs.js';
import { EventTableClient } from '../../../shared/event-log/event-table-client.js';
import { DEFAULT_EVENT_TABLE_NAME } from '../../../shared/event-log/table-schema.js';
import type { EventEntry } from '../../../shared/event-log/event-entry.js';
import { EventLogError } from '../../../shared/event-log/event-log-error.js';
import { eventKey, RunEventScope } from '../../../shared/event-log/event-key.js';
import type { RunStatus, TerminalRunStatus } from '../../../shared/event-log/run-record.js';
import type { EventType } from '../../../shared/events/event-type.js';
import { ensureTable } from '../../../shared/local-dynamo/ensure-table.js';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/local-dynamo/start-local-dynamo.js';

// finishRun and resumeRun are one conditional transition (DynamoRuns.transitionRunStatus);
// these tests pin its rules through the run facet alone, on a real dynalite server.
const TABLE = DEFAULT_EVENT_TABLE_NAME;
const START = '2026-11-01T10:00:00.000Z';
const END = '2026-11-01T10:05:00.000Z';

let local: LocalDynamo;
let table: EventTableClient;
let runs: DynamoRuns;
let queries: DynamoQueries;

beforeAll(async () => {
  local = await startLocalDynamo({ inMemory: true });
  await ensureTable(local.client, TABLE);
  table = new EventTableClient({ client: local.client, tableName: TABLE });
  runs = new DynamoRuns(table);
  queries = new DynamoQueries(table, runs);
});

afterAll(async () => {
  await local.close();
});

async function startedRun(status: RunStatus = 'STARTED'): Promise<string> {
  const runId = `run-${randomUUID()}`;
  await runs.startRun({ runId, jobName: 'job_transitions', status, tags: {}, startTime: START }, []);
  return runId;
}

function endEvent(runId: string, attempt: number, eventType: EventType): EventEntry {
  return {
    key: eventKey(RunEventScope.END, attempt, 0),
    record: { runId, eventType, timestamp: END, level: 'INFO', message: eventType },
  };
}

async function eventTypes(runId: string): Promise<string[]> {
  const { records } = await queries.getRecordsForRun(runId);
  return records.map((record) => record.eventType);
}

/** Whether the byStatus index lists the run under `status` (the index the status transition moves). */
async function listedUnder(runId: string, status: RunStatus): Promise<boolean> {
  const listed = await queries.getRuns({ status });
  return listed.some((run) => run.runId === runId);
}

describe('finishRun transition', () => {
  it.each(['STARTED', 'QUEUED'] as const)('ends a %s run: status, end time, status index and events', async (from) => {
    // Prepare
    const runId = await startedRun(from);

    // Act
    const changed = await runs.finishRun(runId, 'SUCCESS', [endEvent(runId, 0, 'RUN_SUCCESS')], { endTime: END });

    // Assess
    expect(changed).toBe(true);
    expect(await runs.getRun(runId)).toMatchObject({ status: 'SUCCESS', endTime: END });
    expect([await listedUnder(runId, 'SUCCESS'), await listedUnder(runId, from)]).toEqual([true, false]);
    expect(await eventTypes(runId)).toEqual(['RUN_SUCCESS']);
  });

  it('a repeat of the same status returns false but writes its events, repairing a winner that stopped before them', async () => {
    // Prepare
    const runId = await startedRun();
    await runs.finishRun(runId, 'FAILURE', [], { endTime: END });

    // Act
    const repeat = await runs.finishRun(runId, 'FAILURE', [endEvent(runId, 0, 'RUN_FAILURE')], {
      endTime: '2030-01-01T00:00:00.000Z',
    });

    // Assess
    expect(repeat).toBe(false);
    expect(await runs.getRun(runId)).toMatchObject({ status: 'FAILURE', endTime: END });
    expect(await eventTypes(runId)).toEqual(['RUN_FAILURE']);
  });

  it.each([
    ['SUCCESS', 'FAILURE'],
    ['FAILURE', 'CANCELED'],
    ['CANCELED', 'SUCCESS'],
  ] as const)('leaves a %s run alone when asked for %s, writing no events', async (first, second) => {
    // Prepare
    const runId = await startedRun();
    await runs.finishRun(runId, first, [], { endTime: END });

    // Act
    const changed = await runs.finishRun(runId, second, [endEvent(runId, 0, 'RUN_FAILURE')]);

    // Assess
    expect(changed).toBe(false);
    expect(await runs.getRun(runId)).toMatchObject({ status: first, endTime: END });
    expect(await eventTypes(runId)).toEqual([]);
  });

  it('refuses a status that is not terminal before sending anything', async () => {
    // Prepare
    const runId = await startedRun();
    table.resetRequestCount();

    // Act
    const finish = runs.finishRun(runId, 'STARTED' as TerminalRunStatus, []);

    // Assess
    await expect(finish).rejects.toThrow(/finishRun status 'STARTED' is not terminal: pass SUCCESS, FAILURE, CANCELED/);
    expect(table.requestCount).toBe(0);
  });

  it('refuses a run with no run item, keeping the failed condition as the cause', async () => {
    // Prepare
    const runId = `run-${randomUUID()}`;

    // Act
    const error = await runs.finishRun(runId, 'SUCCESS', []).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(EventLogError);
    expect((error as Error).message).toBe(
      `finishRun: run '${runId}' has no run item: call startRun first (the run-start state does)`,
    );
    expect(((error as Error).cause as Error).name).toBe('ConditionalCheckFailedException');
  });
});

describe('resumeRun transition', () => {
  it.each(['SUCCESS', 'FAILURE', 'CANCELED'] as const)(
    'reopens a %s run: STARTED, end time removed, status index and events',
    async (terminal) => {
      // Prepare
      const runId = await startedRun();
      await runs.finishRun(runId, terminal, [], { endTime: END });

      // Act
      const changed = await runs.resumeRun(runId, [endEvent(runId, 1, 'ENGINE_EVENT')]);

      // Assess
      expect(changed).toBe(true);
      const run = await runs.getRun(runId);
      expect(run?.status).toBe('STARTED');
      expect(run).not.toHaveProperty('endTime');
      expect([await listedUnder(runId, 'STARTED'), await listedUnder(runId, terminal)]).toEqual([true, false]);
      expect(await eventTypes(runId)).toEqual(['ENGINE_EVENT']);
    },
  );

  it('a run already STARTED returns false but writes the events, like a repeat of the winning call', async () => {
    // Prepare
    const runId = await startedRun();

    // Act
    const changed = await runs.resumeRun(runId, [endEvent(runId, 1, 'ENGINE_EVENT')]);

    // Assess
    expect(changed).toBe(false);
    expect(await runs.getRun(runId)).toMatchObject({ status: 'STARTED' });
    expect(await eventTypes(runId)).toEqual(['ENGINE_EVENT']);
  });

  it('leaves a QUEUED run alone, writing no events', async () => {
    // Prepare
    const runId = await startedRun('QUEUED');

    // Act
    const changed = await runs.resumeRun(runId, [endEvent(runId, 1, 'ENGINE_EVENT')]);

    // Assess
    expect(changed).toBe(false);
    expect(await runs.getRun(runId)).toMatchObject({ status: 'QUEUED' });
    expect(await eventTypes(runId)).toEqual([]);
  });

  it('refuses a run with no run item, keeping the failed condition as the cause', async () => {
    // Prepare
    const runId = `run-${randomUUID()}`;

    // Act
    const error = await runs.resumeRun(runId, []).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(EventLogError);
    expect((error as Error).message).toBe(
      `resumeRun: run '${runId}' has no run item: only a recorded run can be redriven`,
    );
    expect(((error as Error).cause as Error).name).toBe('ConditionalCheckFailedException');
  });

  it('a finish after a resume ends the run again with a new end time', async () => {
    // Prepare
    const runId = await startedRun();
    await runs.finishRun(runId, 'FAILURE', [], { endTime: END });
    await runs.resumeRun(runId, []);
    const laterEnd = '2026-11-01T11:00:00.000Z';

    // Act
    const changed = await runs.finishRun(runId, 'SUCCESS', [], { endTime: laterEnd });

    // Assess
    expect(changed).toBe(true);
    expect(await runs.getRun(runId)).toMatchObject({ status: 'SUCCESS', endTime: laterEnd });
  });
});
