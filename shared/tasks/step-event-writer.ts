import { eventKey } from '../event-log/index.js';
import type { EventRecord, LogLevelName } from '../event-log/event-record.js';
import type { EventType } from '../events/event-type.js';

export interface KeyedEvent {
  readonly key: string;
  readonly record: EventRecord;
}

/**
 * Builds the events of one step attempt with deterministic keys
 * (scope = step, attempt, sequence), so a re-delivered attempt overwrites itself.
 */
export class StepEventWriter {
  readonly events: KeyedEvent[] = [];

  constructor(
    readonly runId: string,
    readonly scope: string,
    readonly attempt: number,
    readonly stepKey: string | undefined,
  ) {}

  add(
    eventType: EventType,
    message: string,
    options: { data?: Record<string, unknown>; level?: LogLevelName; timestamp?: string } = {},
  ): void {
    const record: EventRecord = {
      runId: this.runId,
      eventType,
      ...(this.stepKey !== undefined ? { stepKey: this.stepKey, attempt: this.attempt } : {}),
      timestamp: options.timestamp ?? new Date().toISOString(),
      level: options.level ?? 'DEBUG',
      message,
      ...(options.data !== undefined ? { data: options.data } : {}),
    };
    this.events.push({ key: eventKey(this.scope, this.attempt, this.events.length), record });
  }
}
