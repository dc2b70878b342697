import { EventType } from '../events/event-type.js';
import type { SensorRunStatus } from '../sensors/run-status-sensor-definition.js';

/** The event that records each status a sensor watches: RUN_START, RUN_SUCCESS, RUN_FAILURE, RUN_CANCELED. */
export const STATUS_EVENT_TYPE = {
  STARTED: EventType.RUN_START,
  SUCCESS: EventType.RUN_SUCCESS,
  FAILURE: EventType.RUN_FAILURE,
  CANCELED: EventType.RUN_CANCELED,
} as const satisfies Record<SensorRunStatus, EventType>;
