import { EventLogError } from './event-log-error.js';

/** Scopes of run-level events (a step's scope is its node name). */
export const RunEventScope = {
  /** RUN_START and anything the run-start state writes. */
  START: '~start',
  /** RUN_SUCCESS / RUN_FAILURE / RUN_CANCELED; use the redrive count as attempt. */
  END: '~end',
  /** Engine events of the run lifecycle (sweeps, sensors). */
  LIFECYCLE: '~lifecycle',
  /** Prefix of the scope of the engine error naming a step blocked by a failed upstream (`~blocked.<node>`). */
  BLOCKED: '~blocked.',
  /**
   * Prefix of the scope of a crash report's STEP_FAILURE (`~crash.<node>`). The crashed attempt
   * may have written some of its own keys (a multi-batch commit cut short); the report never
   * writes under them.
   */
  CRASH: '~crash.',
} as const;

const MAX_ATTEMPT = 999;
const MAX_SEQ = 99_999;

/**
 * The deterministic sort key of one event: `E#<scope>#<attempt, 3 digits>#<seq, 5 digits>`.
 * A re-delivered Lambda invocation builds the same keys and so overwrites its own events
 * instead of duplicating them. Keys sort by scope, attempt, then sequence.
 *
 * @param scope node name for step events, or a {@link RunEventScope} for run-level events
 * @param attempt 1-based step attempt (0 is fine for run-level events)
 * @param seq 0-based position of the event within the attempt
 * @example
 * eventKey('fetch_sales', 2, 0); // 'E#fetch_sales#002#00000'
 * eventKey(RunEventScope.START, 0, 0); // 'E#~start#000#00000'
 */
export function eventKey(scope: string, attempt: number, seq: number): string {
  if (scope.length === 0 || scope.includes('#')) {
    throw new EventLogError(`eventKey scope '${scope}' must be non-empty and free of '#': pass the node name`);
  }
  if (!Number.isInteger(attempt) || attempt < 0 || attempt > MAX_ATTEMPT) {
    throw new EventLogError(`eventKey attempt ${attempt} must be an integer in 0..${MAX_ATTEMPT}`);
  }
  if (!Number.isInteger(seq) || seq < 0 || seq > MAX_SEQ) {
    throw new EventLogError(`eventKey seq ${seq} must be an integer in 0..${MAX_SEQ}: split the attempt's events`);
  }
  return `E#${scope}#${String(attempt).padStart(3, '0')}#${String(seq).padStart(5, '0')}`;
}

/** Whether `key` has the shape {@link eventKey} produces. */
export function isEventKey(key: string): boolean {
  return /^E#[^#]+#\d{3}#\d{5}$/.test(key);
}

/**
 * The key of a run's terminal event (RUN_SUCCESS / RUN_FAILURE / RUN_CANCELED), written by run
 * end or by the lifecycle, whichever records the end. Each Step Functions redrive ends the run
 * again under its own key, so a redriven run keeps the end event of every drive.
 *
 * @param redriveCount `$$.Execution.RedriveCount`: 0 for the first drive
 * @example
 * terminalEventKey(0); // 'E#~end#000#00000'
 */
export function terminalEventKey(redriveCount: number): string {
  return eventKey(RunEventScope.END, redriveCount, 0);
}
