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
}
