import type { EventType } from '../events/event-type.js';

/** Python-logging level names, as Dagster uses them. */
export type LogLevelName = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

/**
 * One entry of a run's event log, as stored in DynamoDB and returned by the query API.
 * `data` holds the event type's payload (see DESIGN section 4).
 */
export interface EventRecord {
  readonly runId: string;
  readonly eventType: EventType;
  /** The op (step) the event belongs to; absent for run-level events. */
  readonly stepKey?: string;
  /** ISO-8601 time the event happened. */
  readonly timestamp: string;
  /** 1-based attempt number for step events. */
  readonly attempt?: number;
  readonly level: LogLevelName;
  readonly message: string;
  readonly data?: Record<string, unknown>;
}
