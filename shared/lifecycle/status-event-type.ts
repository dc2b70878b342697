import type { TerminalRunStatus } from '../event-log/run-record.js';
import { EventType } from '../events/event-type.js';

/** The event that records each terminal status: RUN_SUCCESS, RUN_FAILURE, RUN_CANCELED. */
export const STATUS_EVENT_TYPE = {
  SUCCESS: EventType.RUN_SUCCESS,
  FAILURE: EventType.RUN_FAILURE,
  CANCELED: EventType.RUN_CANCELED,
} as const satisfies Record<TerminalRunStatus, EventType>;
