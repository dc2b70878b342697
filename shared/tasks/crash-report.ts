import { maskSecretsDeep } from '../errors/secret-mask.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import type { GateStore } from '../event-log/gate-store.js';
import { RunEventScope } from '../event-log/event-key.js';
import type { StepAttemptStore } from '../event-log/step-attempt-store.js';
import { StepEvents } from '../events/step-events.js';
import { releaseGatedChildren } from './gate-release.js';
import { scheduledAttempt } from './read-attempt.js';
import { RetryScheduled } from './retry-scheduled.js';
import { StepEventWriter } from './step-event-writer.js';
import type { CrashReport, OpTaskResult } from './task-payloads.js';
import type { TaskTokenSender } from './task-token-sender.js';

/** Whether an op Task's state carries a Catch's error (`$.c.Error`): the op's crash-report state `X.crash` invoked it to record a crash. */
export function isCrashReport(c: unknown): c is CrashReport {
  return typeof c === 'object' && c !== null && typeof (c as { Error?: unknown }).Error === 'string';
}

/** What recording a crash touches. Without a job (its Definitions failed to load) no gate is released. */
export interface CrashReportDeps {
  readonly job?: JobDefinition;
  readonly steps: StepAttemptStore;
  readonly gates: GateStore;
  readonly tokens: TaskTokenSender;
  readonly gatedNodes: ReadonlySet<string>;
}

/**
 * Records STEP_FAILURE for what an op attempt could not record itself (timeout, out of
 * memory, a runtime crash). It runs no user code. It throws only RetryScheduled, to let a
 * retry go on whose commit came back as an error although it landed; otherwise a report
 * that cannot be written leaves the step unfinished, which blocks the ops behind it and
 * fails the run at its end, instead of looping back through the Catch.
 */
export async function handleCrashReport(
  deps: CrashReportDeps,
  nodeName: string,
  runId: string,
  crash: CrashReport,
): Promise<OpTaskResult & { status: 'FAILURE' }> {
  let attempt = 1;
  try {
    const { own, claim } = await deps.steps.readStepContext(runId, nodeName, { upstream: [], inputs: [] });
    attempt = own?.status === 'UP_FOR_RETRY' ? scheduledAttempt(own) : (own?.attempt ?? 1);
    if (own?.status === 'UP_FOR_RETRY' && retrySurvives(crash, own.retryAt, claim?.attempt, attempt)) {
      throw new RetryScheduled(own.retryAt ?? new Date().toISOString());
    }
    // Only an attempt that recorded no final state crashed; anything else was recorded by the attempt itself.
    if (!own || own.status === 'UP_FOR_RETRY') {
      const job = deps.job;
      const timeoutSeconds = job?.hasNode(nodeName) ? job.node(nodeName).op.lambda.timeoutSeconds : undefined;
      const message = explainCrash(crash, timeoutSeconds);
      // Its own scope: the attempt's own keys may hold a part of its commit (no writer reuses another's key).
      const writer = new StepEventWriter(runId, `${RunEventScope.CRASH}${nodeName}`, attempt, nodeName);
      writer.add(StepEvents.crashed(nodeName, { name: crash.Error, message, cause: parseCause(crash.Cause) ?? null }));
      await deps.steps.commitStepAttempt(runId, nodeName, {
        events: writer.events,
        step: { status: 'FAILURE', attempt, endTime: new Date().toISOString(), error: { name: crash.Error, message } },
      });
    }
    if (deps.job?.hasNode(nodeName)) await releaseGatedChildren({ ...deps, job: deps.job }, runId, nodeName);
  } catch (error) {
    if (error instanceof RetryScheduled) throw error;
    // Lambda's log is the last place left to say it.
    console.error(
      `stepster: could not record the crash of step "${nodeName}" in run ${runId}:`,
      maskSecretsDeep(error),
      maskSecretsDeep(crash),
    );
  }
  return { op: nodeName, status: 'FAILURE', attempt };
}

function parseCause(cause: string | undefined): unknown {
  if (!cause) return undefined;
  try {
    return JSON.parse(cause) as unknown;
  } catch {
    return cause;
  }
}

/** Errors of a function that never ran its handler: it cannot have been the retry's own attempt that failed. */
const DID_NOT_RUN_ERRORS: ReadonlySet<string> = new Set([
  'stepster.DefinitionsLoadFailed',
  'Runtime.ImportModuleError',
  'Runtime.HandlerNotFound',
  'Lambda.ResourceNotFoundException',
  'Lambda.AccessDeniedException',
]);

/**
 * Whether a crash reported while the step waits for its retry is the retrying attempt's own
 * commit coming back as an error (applied, response lost), so the retry must go on rather
 * than fail an attempt that never ran. It is when the next attempt never claimed the step,
 * the function did run, and the retry's time has not come (so its Wait never ended).
 */
function retrySurvives(
  crash: CrashReport,
  retryAt: string | undefined,
  claimedAttempt: number | undefined,
  nextAttempt: number,
): boolean {
  if (claimedAttempt !== undefined && claimedAttempt >= nextAttempt) return false;
  if (DID_NOT_RUN_ERRORS.has(crash.Error)) return false;
  return retryAt !== undefined && Date.now() < Date.parse(retryAt);
}

/** Error types that mean the function ran out of time: the Task's own timeout, or Lambda's. */
const TIMEOUT_ERRORS: ReadonlySet<string> = new Set(['States.Timeout', 'Sandbox.Timedout']);
/** Error types that mean the function ran out of memory. */
const OUT_OF_MEMORY_ERRORS: ReadonlySet<string> = new Set(['Runtime.OutOfMemory']);

/**
 * A message a user can act on, from Step Functions' error name and the `errorType` in Lambda's
 * cause. Only error types decide: a user's message that happens to say "timed out" (a socket,
 * a lost DynamoDB response) is quoted, never taken for a Lambda timeout.
 */
export function explainCrash(crash: CrashReport, timeoutSeconds: number | undefined): string {
  const cause = parseCause(crash.Cause);
  const lambda =
    typeof cause === 'object' && cause !== null ? (cause as { errorType?: unknown; errorMessage?: unknown }) : {};
  const types = [crash.Error, typeof lambda.errorType === 'string' ? lambda.errorType : undefined];
  if (types.some((type) => type !== undefined && TIMEOUT_ERRORS.has(type))) {
    return `the op's Lambda did not finish within its timeout${timeoutSeconds ? ` (${timeoutSeconds} s)` : ''}. Raise lambda.timeoutSeconds on the op or make it faster.`;
  }
  if (types.some((type) => type !== undefined && OUT_OF_MEMORY_ERRORS.has(type))) {
    return `the op's Lambda ran out of memory. Raise lambda.memorySize on the op.`;
  }
  const detail = typeof cause === 'object' && cause !== null ? String(lambda.errorMessage ?? '') : String(cause ?? '');
  return `${crash.Error}${detail ? `: ${detail}` : ''}`;
}
