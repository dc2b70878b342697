import type { EventType } from './event-type.js';
import type { LogLevelName } from './log-level-name.js';

/**
 * One event as a factory builds it, before a writer gives it its run, step, attempt,
 * time and key. Every stepster-written message comes from {@link StepEvents} or
 * {@link RunEvents}, so wording lives in one place and the UI, CLI and tests read the same text.
 */
export interface EventDraft {
  readonly eventType: EventType;
  readonly level: LogLevelName;
  readonly message: string;
  readonly data?: Record<string, unknown>;
}
