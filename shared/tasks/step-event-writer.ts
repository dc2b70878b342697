import { type EventEntry, toEventEntry } from '../event-log/event-entry.js';
import { eventKey } from '../event-log/event-key.js';
import type { EventDraft } from '../events/event-draft.js';

/**
 * Gives the events of one writer (a step attempt, or a run-level scope) their run, step,
 * attempt, time and deterministic key (scope, attempt, sequence), so a re-delivered
 * attempt overwrites its own events instead of duplicating them.
 */
export class StepEventWriter {
  readonly events: EventEntry[] = [];

  constructor(
    readonly runId: string,
    readonly scope: string,
    readonly attempt: number,
    /** The step the events belong to; undefined for run-level events. */
    readonly stepKey: string | undefined,
  ) {}

  /** Appends one event, stamped now unless the journal recorded when it happened. */
  add(draft: EventDraft, timestamp?: string): void {
    const key = eventKey(this.scope, this.attempt, this.events.length);
    this.events.push(
      toEventEntry(key, this.runId, draft, {
        ...(this.stepKey !== undefined ? { step: { key: this.stepKey, attempt: this.attempt } } : {}),
        ...(timestamp !== undefined ? { timestamp } : {}),
      }),
    );
  }
}
