import type { SerializedError } from '../errors/serialized-error.js';
import type { TypedMetadata } from '../metadata/typed-metadata.js';
import type { EventDraft } from './event-draft.js';
import type { UserFailureData } from './failure.js';
import { EventType } from './event-type.js';
import type { LogLevelName } from './log-level-name.js';
import type { MaterializationFacts } from './materialization-facts.js';

/** A STEP_FAILURE draft: its `data.error` is also the step state's error summary. */
export type StepFailureDraft = EventDraft & { readonly data: { readonly error: SerializedError } };

/** Dagster's list syntax, `['a', 'b']`, as its messages print step names. */
export function pyList(items: readonly string[]): string {
  return `[${items.map((item) => `'${item}'`).join(', ')}]`;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * One builder per step event, as Dagster's `DagsterEvent.step_*_event` builders: the op task,
 * the crash report and the local runner write step events only through these, so a message
 * is worded once. Levels follow Dagster: lifecycle events DEBUG, user events INFO, retries
 * WARNING, failures ERROR.
 *
 * @example
 * writer.add(StepEvents.start('fetch_sales'));
 * writer.add(StepEvents.success('fetch_sales', 12));
 */
export const StepEvents = {
  start: (step: string): EventDraft => ({
    eventType: EventType.STEP_START,
    level: 'DEBUG',
    message: `Started execution of step "${step}".`,
  }),

  restarted: (step: string, attempt: number): EventDraft => ({
    eventType: EventType.STEP_RESTARTED,
    level: 'DEBUG',
    message: `Started re-execution (attempt # ${attempt}) of step "${step}".`,
    data: { attempt },
  }),

  loadedInput: (input: {
    inputName: string;
    upstreamStepKey: string;
    upstreamOutputName: string;
    /** The IO manager's resource key and the value's URI, when it is not the event log's. */
    manager?: string;
    uri?: string;
  }): EventDraft => ({
    eventType: EventType.LOADED_INPUT,
    level: 'DEBUG',
    message: `Loaded input "${input.inputName}" using input manager "${input.manager ?? 'io_manager'}", from output "${input.upstreamOutputName}" of step "${input.upstreamStepKey}"${input.uri === undefined ? '' : ` (${input.uri})`}`,
    data: { ...input, manager: input.manager ?? 'io_manager' },
  }),

  input: (inputName: string, typed: boolean): EventDraft => ({
    eventType: EventType.STEP_INPUT,
    level: 'DEBUG',
    message: `Got input "${inputName}" of type "${typed ? 'Schema' : 'Any'}". (Type check passed).`,
    data: { inputName, typeCheck: { success: true } },
  }),

  output: (outputName: string, metadata: TypedMetadata): EventDraft => ({
    eventType: EventType.STEP_OUTPUT,
    level: 'DEBUG',
    message: `Yielded output "${outputName}" of type "Any". (Type check passed).`,
    data: { outputName, metadata, typeCheck: { success: true } },
  }),

  handledOutput: (outputName: string, stored?: { readonly manager: string; readonly uri: string }): EventDraft => ({
    eventType: EventType.HANDLED_OUTPUT,
    level: 'DEBUG',
    message: `Handled output "${outputName}" using IO manager "${stored?.manager ?? 'io_manager'}"${stored === undefined ? '' : ` (${stored.uri})`}`,
    data: { outputName, manager: stored?.manager ?? 'io_manager', ...(stored ? { uri: stored.uri } : {}) },
  }),

  /**
   * The materialization an asset step records on its own, as Dagster's asset layer does: the
   * output's metadata (`context.addOutputMetadata` included) lands on it, with its partition,
   * data versions and stored output.
   */
  assetMaterialization: (assetKey: string, metadata: TypedMetadata, facts?: MaterializationFacts): EventDraft => ({
    eventType: EventType.ASSET_MATERIALIZATION,
    level: 'INFO',
    message: describeUserEvent(EventType.ASSET_MATERIALIZATION, { assetKey }),
    data: { assetKey, metadata, ...facts },
  }),

  /** A materialization, observation, expectation or check result the op logged or yielded. */
  userEvent: (eventType: EventType, data: Record<string, unknown>): EventDraft => ({
    eventType,
    level: 'INFO',
    message: describeUserEvent(eventType, data),
    data,
  }),

  /** A `context.log` record at or above the run's event-log level. */
  logMessage: (level: LogLevelName, message: string, extra?: Record<string, unknown>): EventDraft => ({
    eventType: EventType.LOG_MESSAGE,
    level,
    message,
    ...(extra ? { data: { extra } } : {}),
  }),

  success: (step: string, durationMs: number): EventDraft => ({
    eventType: EventType.STEP_SUCCESS,
    level: 'DEBUG',
    message: `Finished execution of step "${step}" in ${durationMs}ms.`,
    data: { durationMs },
  }),

  upForRetry: (step: string, error: SerializedError, secondsToWait: number, retryAt: string): EventDraft => ({
    eventType: EventType.STEP_UP_FOR_RETRY,
    level: 'WARNING',
    message: `Execution of step "${step}" failed and has requested a retry${secondsToWait > 0 ? ` in ${round2(secondsToWait)} seconds` : ''}.`,
    data: { error, secondsToWait, retryAt },
  }),

  /** The attempt's body (or its inputs, outputs or events) failed, and no retry follows. */
  failure: (step: string, error: SerializedError, userFailure?: UserFailureData): StepFailureDraft => ({
    eventType: EventType.STEP_FAILURE,
    level: 'ERROR',
    message: `Execution of step "${step}" failed: ${error.name}: ${error.message}`,
    data: { error, ...(userFailure ? { userFailure } : {}) },
  }),

  /** The last allowed attempt failed; the original error is kept as the cause. */
  retriesExhausted: (
    step: string,
    maxRetries: number,
    cause: SerializedError,
    userFailure?: UserFailureData,
  ): StepFailureDraft => ({
    eventType: EventType.STEP_FAILURE,
    level: 'ERROR',
    message: `Execution of step "${step}" failed: Exceeded max_retries of ${maxRetries}.`,
    data: {
      error: { name: 'RetriesExhausted', message: `Exceeded max_retries of ${maxRetries}`, cause },
      ...(userFailure ? { userFailure } : {}),
    },
  }),

  /** What the attempt could not record itself (timeout, out of memory, a crash), from the Task's Catch. */
  crashed: (step: string, error: { name: string; message: string; cause: unknown }): EventDraft => ({
    eventType: EventType.STEP_FAILURE,
    level: 'ERROR',
    message: `Execution of step "${step}" failed: ${error.message}`,
    data: { error },
  }),

  skipped: (step: string, skippedDependencies: readonly string[], missingInputs: readonly string[]): EventDraft => ({
    eventType: EventType.STEP_SKIPPED,
    level: 'INFO',
    message: `Skipping step ${step} due to skipped dependencies: ${pyList(skippedDependencies)}.`,
    data: { skippedDependencies: [...skippedDependencies], missingInputs: [...missingInputs] },
  }),

  /**
   * Dagster writes no step events for a step behind a failure, only this engine error naming it;
   * when failed blocking asset checks are why, it names them too.
   */
  dependenciesFailed: (
    step: string,
    failedDependencies: readonly string[],
    failedChecks: readonly CheckRef[] = [],
  ): EventDraft => ({
    eventType: EventType.ENGINE_EVENT,
    level: 'ERROR',
    message: `Dependencies for step ${step} failed: ${pyList(failedDependencies)}. Not executing.${failedChecks.length > 0 ? ` Blocking asset check${failedChecks.length > 1 ? 's' : ''} failed: ${describeChecks(failedChecks)}.` : ''}`,
    data: {
      blockedStep: step,
      failedDependencies: [...failedDependencies],
      ...(failedChecks.length > 0
        ? { failedChecks: failedChecks.map(({ assetKey, checkName }) => ({ assetKey, checkName })) }
        : {}),
    },
  }),

  /**
   * A step whose body succeeded but whose blocking asset checks failed (severity ERROR), as
   * Dagster's DagsterAssetCheckFailedError: its outputs and materializations stand, its
   * downstream assets do not start, the run fails.
   */
  blockingChecksFailed: (step: string, failedChecks: readonly CheckRef[]): StepFailureDraft => {
    const message = `Blocking asset check${failedChecks.length > 1 ? 's' : ''} failed: ${describeChecks(failedChecks)}.`;
    return {
      eventType: EventType.STEP_FAILURE,
      level: 'ERROR',
      message: `Execution of step "${step}" failed: AssetCheckFailedError: ${message}`,
      data: {
        error: { name: 'AssetCheckFailedError', message },
        failedChecks: failedChecks.map(({ assetKey, checkName }) => ({ assetKey, checkName })),
      },
    };
  },

  /** A logger could not deliver the attempt's records: never silent, and never the step's failure. */
  logDeliveryFailed: (error: SerializedError): EventDraft => ({
    eventType: EventType.ENGINE_EVENT,
    level: 'ERROR',
    message: `Log delivery failed: ${error.message}`,
    data: { error },
  }),
} as const;

/** An asset check as failure messages name it. */
export interface CheckRef {
  readonly assetKey: string;
  readonly checkName: string;
}

function describeChecks(checks: readonly CheckRef[]): string {
  return checks.map((c) => `"${c.checkName}" on asset "${c.assetKey}"`).join(', ');
}

function describeUserEvent(eventType: EventType, data: Record<string, unknown>): string {
  switch (eventType) {
    case EventType.ASSET_MATERIALIZATION:
      return `Materialized value ${String(data.assetKey)}.`;
    case EventType.ASSET_OBSERVATION:
      return `Observed value ${String(data.assetKey)}.`;
    case EventType.STEP_EXPECTATION_RESULT:
      return `Expectation${data.label ? ` "${String(data.label)}"` : ''} ${data.success ? 'passed' : 'failed'}${data.description ? `: ${String(data.description)}` : ''}.`;
    case EventType.ASSET_CHECK_EVALUATION:
      return `Asset check${data.checkName ? ` "${String(data.checkName)}"` : ''} ${data.passed ? 'passed' : 'failed'}.`;
    default:
      return eventType;
  }
}
