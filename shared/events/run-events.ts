import type { EventDraft } from './event-draft.js';
import { EventType } from './event-type.js';
import { pyList } from './step-events.js';

/**
 * One builder per run event: run start and run end (the state machine's first and last
 * states) and the lifecycle (a run that ended without reaching run end) word them here only.
 *
 * @example
 * writer.add(RunEvents.success('sales_job'));
 */
export const RunEvents = {
  start: (jobName: string, data: { tags: Record<string, string>; runConfig: unknown }): EventDraft => ({
    eventType: EventType.RUN_START,
    level: 'INFO',
    message: `Started execution of run for "${jobName}".`,
    data,
  }),

  /** The execution input failed validation: the run ends before any op runs. */
  configInvalid: (
    jobName: string,
    error: { name: string; message: string },
    issues: readonly { path: string; message: string }[],
  ): EventDraft => ({
    eventType: EventType.RUN_FAILURE,
    level: 'ERROR',
    message: `Run config for job "${jobName}" is invalid. ${error.message}`,
    data: { error: { name: error.name, message: error.message }, issues: [...issues] },
  }),

  success: (jobName: string): EventDraft => ({
    eventType: EventType.RUN_SUCCESS,
    level: 'INFO',
    message: `Finished execution of run for "${jobName}".`,
  }),

  /** Run end found failed steps. */
  stepsFailed: (jobName: string, failedSteps: readonly string[]): EventDraft => ({
    eventType: EventType.RUN_FAILURE,
    level: 'ERROR',
    message: `Execution of run for "${jobName}" failed. Steps failed: ${pyList(failedSteps)}.`,
    data: { failedSteps: [...failedSteps] },
  }),

  /** The execution failed before run end could look at its steps (seen by the lifecycle). */
  executionFailed: (jobName: string, error: { name: string; message: string }): EventDraft => ({
    eventType: EventType.RUN_FAILURE,
    level: 'ERROR',
    message: `Execution of run for "${jobName}" failed: ${error.name}: ${error.message}`,
    data: { error: { name: error.name, message: error.message } },
  }),

  canceled: (jobName: string): EventDraft => ({
    eventType: EventType.RUN_CANCELED,
    level: 'WARNING',
    message: `Execution of run for "${jobName}" was canceled (the Step Functions execution was stopped).`,
  }),
} as const;
