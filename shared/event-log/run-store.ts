import type { EventEntry } from './event-entry.js';
import type { RunRecord, TerminalRunStatus } from './run-record.js';

/** Options of {@link RunStore.finishRun}. */
export interface FinishRunOptions {
  /** ISO-8601 end time. @default now */
  readonly endTime?: string;
}

/**
 * The run port of the event log: a run's item and lifecycle (start, finish, redrive) and its
 * run-level events. `finishRun` and `resumeRun` are conditional, so each transition is won once.
 *
 * @example
 * async function end(runs: RunStore, runId: string): Promise<boolean> {
 *   return runs.finishRun(runId, 'SUCCESS', []);
 * }
 */
export interface RunStore {
  /** Writes the run item and its start events; idempotent. */
  startRun(run: RunRecord, events: readonly EventEntry[]): Promise<void>;
  /** Sets a terminal status unless the run has one; true only for the call that changed it. */
  finishRun(
    runId: string,
    status: TerminalRunStatus,
    events: readonly EventEntry[],
    options?: FinishRunOptions,
  ): Promise<boolean>;
  /** Re-opens a terminal run for a redrive (back to STARTED); true only for the call that changed it. */
  resumeRun(runId: string, events: readonly EventEntry[]): Promise<boolean>;
  /** One run (strongly consistent), or undefined. */
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** Writes run-level events with their deterministic keys. */
  appendEvents(runId: string, entries: readonly EventEntry[]): Promise<void>;
}
