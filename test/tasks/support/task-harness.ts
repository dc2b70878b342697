import { randomUUID } from 'node:crypto';
import { DEFAULT_EVENT_TABLE_NAME } from '../../../shared/event-log/table-schema.js';
import type { EventRecord } from '../../../shared/event-log/event-record.js';
import { EventLogStore } from '../../../shared/event-log/event-log-store.js';
import { ensureTable } from '../../../shared/local-dynamo/ensure-table.js';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/local-dynamo/start-local-dynamo.js';
import type { RunTaskInput } from '../../../shared/tasks/task-payloads.js';
import type { TaskTokenSender } from '../../../shared/tasks/task-token-sender.js';

/**
 * A real event log for the task suites: dynalite in memory, the event table, the store.
 * Each suite opens one and closes it in afterAll.
 */
export interface TaskHarness {
  readonly store: EventLogStore;
  close(): Promise<void>;
}

export async function openTaskHarness(): Promise<TaskHarness> {
  const local: LocalDynamo = await startLocalDynamo({ inMemory: true });
  await ensureTable(local.client, DEFAULT_EVENT_TABLE_NAME);
  return {
    store: new EventLogStore({ client: local.client, tableName: DEFAULT_EVENT_TABLE_NAME }),
    close: () => local.close(),
  };
}

/**
 * The task-token port, recording what it released. It stands in for Step Functions'
 * SendTaskSuccess, which has no local implementation; the gate logic under test is real.
 */
export class RecordingTokens implements TaskTokenSender {
  readonly sent: string[] = [];

  async sendTaskSuccess(token: string): Promise<void> {
    this.sent.push(token);
  }
}

export function newRunId(): string {
  return `run-${randomUUID()}`;
}

/** Every record of a run, oldest first. */
export async function recordsOf(store: EventLogStore, runId: string): Promise<EventRecord[]> {
  return (await store.getRecordsForRun(runId)).records;
}

/** The run's event types, without log messages. */
export async function typesOf(store: EventLogStore, runId: string): Promise<string[]> {
  return (await recordsOf(store, runId)).filter((r) => r.eventType !== 'LOG_MESSAGE').map((r) => r.eventType);
}

/** What the run-start state hands every op Task, for a run with no config and no tags. */
export function runInput(runId: string, jobName: string): RunTaskInput {
  return { runId, jobName, runConfig: {}, tags: {} };
}
