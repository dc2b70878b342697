import type { EventDraft } from '../events/event-draft.js';
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

/**
 * The entry of one event a factory drafted (`StepEvents` / `RunEvents`), under its key; with
 * `step`, the event belongs to that step attempt.
 *
 * @example
 * toEventEntry(terminalEventKey(0), runId, RunEvents.success('sales_job'));
 */
export function toEventEntry(
  key: string,
  runId: string,
  draft: EventDraft,
  options: { readonly step?: { readonly key: string; readonly attempt: number }; readonly timestamp?: string } = {},
): EventEntry {
  return {
    key,
    record: {
      runId,
      eventType: draft.eventType,
      ...(options.step ? { stepKey: options.step.key, attempt: options.step.attempt } : {}),
      timestamp: options.timestamp ?? new Date().toISOString(),
      level: draft.level,
      message: draft.message,
      ...(draft.data !== undefined ? { data: draft.data } : {}),
    },
  };
}
