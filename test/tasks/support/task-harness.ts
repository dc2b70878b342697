import { randomUUID } from 'node:crypto';
import { DEFAULT_EVENT_TABLE_NAME, type EventRecord, EventLogStore } from '../../../shared/event-log/index.js';
import { ensureTable, type LocalDynamo, startLocalDynamo } from '../../../shared/local-dynamo/index.js';
import type { TaskTokenSender } from '../../../shared/tasks/index.js';

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
