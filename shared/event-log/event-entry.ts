import type { EventRecord } from './event-record.js';

/**
 * An event with its deterministic sort key (see `eventKey`), as the writers take it.
 *
 * @example
 * const entry: EventEntry = { key: eventKey('load', 1, 0), record: { runId, eventType: 'STEP_START', stepKey: 'load',
 *   attempt: 1, timestamp: new Date().toISOString(), level: 'DEBUG', message: 'Started execution of step "load".' } };
 */
export interface EventEntry {
  readonly key: string;
  readonly record: EventRecord;
}
