import type { LogLevelName } from '../event-log/event-record.js';

/**
 * One message logged by an op (or by the engine for a run), as every sink receives it.
 *
 * @example
 * ```ts
 * const record: LogRecord = {
 *   runId: 'c0ffee00-1111-2222-3333-444455556666',
 *   jobName: 'sales_job',
 *   stepKey: 'load_orders',
 *   attempt: 1,
 *   timestamp: '2024-05-01T12:00:00.000Z',
 *   level: 'INFO',
 *   levelNumber: 20,
 *   message: 'loaded 3 orders',
 *   extra: { rows: 3 },
 * };
 * ```
 */
export interface LogRecord {
  readonly runId: string;
  readonly jobName: string;
  /** The op (step) that logged; absent for run-level messages. */
  readonly stepKey?: string;
  /** 1-based attempt number of the step. */
  readonly attempt?: number;
  /** ISO-8601 time the message was logged. */
  readonly timestamp: string;
  /** Name of the highest named level at or below `levelNumber`. */
  readonly level: LogLevelName;
  /** The exact level; may sit between named levels (e.g. 25). */
  readonly levelNumber: number;
  readonly message: string;
  /** Structured fields the op attached (`context.log.info('msg', { rows: 3 })`). */
  readonly extra?: Record<string, unknown>;
  /**
   * The step event this record reports (Dagster's `dagster_event`): a failure or a retry, with its
   * stored `data` (error with stack and cause, a Failure's metadata), so a logger can print it whole.
   * Absent for what an op logged itself.
   */
  readonly event?: LogRecordEvent;
}

/** A step event as a {@link LogRecord} carries it: its type and its event-log `data`. */
export interface LogRecordEvent {
  readonly eventType: string;
  readonly data?: Readonly<Record<string, unknown>>;
}
