import type { JobDefinition } from '../definitions/job-definition.js';
import { errorMessage } from '../errors/error-message.js';
import { serializeError } from '../errors/serialized-error.js';
import type { StepAttemptStore } from '../event-log/step-attempt-store.js';
import type { StepState } from '../event-log/step-state.js';
import { Failure, type UserFailureData } from '../events/failure.js';
import { StepEvents } from '../events/step-events.js';
import { decideRetry } from '../retry/retry-decision.js';
import { type GateReleaseDeps, releaseGatedChildren } from './gate-release.js';
import type { ProducedOutput } from './journal-events.js';
import { RetryScheduled } from './retry-scheduled.js';
import type { StepEventWriter } from './step-event-writer.js';
import type { OpTaskResult } from './task-payloads.js';

/** What concluding an attempt touches: the step-attempt port, and the gate release after it. */
export interface ConcludeDeps extends GateReleaseDeps {
  readonly steps: StepAttemptStore;
}

/**
 * Commits an attempt's events, outputs and final step state in one batch, then releases the
 * gates of children waiting on it. The step state is written last (see commitStepAttempt),
 * so whoever sees it final also sees its events and outputs.
 */
export async function commitAttempt(
  deps: ConcludeDeps,
  runId: string,
  nodeName: string,
  writer: StepEventWriter,
  step: StepState,
  outputs?: readonly ProducedOutput[],
): Promise<OpTaskResult> {
  await deps.steps.commitStepAttempt(runId, nodeName, {
    events: writer.events,
    step,
    ...(outputs ? { outputs } : {}),
  });
  await releaseGatedChildren(deps, runId, nodeName);
  return { op: nodeName, status: step.status, attempt: step.attempt };
}

/** Phase 5 of a successful attempt: STEP_SUCCESS, with its outputs stored. */
export function concludeSuccess(
  deps: ConcludeDeps,
  runId: string,
  nodeName: string,
  writer: StepEventWriter,
  attempt: { readonly number: number; readonly startTime: string; readonly startedMs: number },
  outputs: readonly ProducedOutput[],
): Promise<OpTaskResult> {
  const durationMs = Date.now() - attempt.startedMs;
  writer.add(StepEvents.success(nodeName, durationMs));
  return commitAttempt(
    deps,
    runId,
    nodeName,
    writer,
    {
      status: 'SUCCESS',
      attempt: attempt.number,
      startTime: attempt.startTime,
      endTime: new Date().toISOString(),
      outputs: outputs.map((output) => output.name),
      ...assetVersionsOf(outputs),
    },
    outputs,
  );
}

/**
 * Phase 5 of a failed attempt: the retry policy (call site, op, job; RetryRequested first)
 * decides. A retry is committed as UP_FOR_RETRY and handed to the state machine by throwing
 * RetryScheduled, whose message is the time its Wait state waits for. Otherwise STEP_FAILURE,
 * with the Failure's description and metadata kept, and the original error as the cause of
 * "Exceeded max_retries" when retries ran out.
 */
export async function concludeFailure(
  deps: ConcludeDeps & { readonly job: JobDefinition },
  runId: string,
  nodeName: string,
  writer: StepEventWriter,
  attempt: { readonly number: number; readonly startTime: string },
  failure: unknown,
): Promise<OpTaskResult> {
  const policy = deps.job.retryPolicyFor(nodeName);
  const decision = decideRetry({ error: failure, attempt: attempt.number, ...(policy ? { policy: policy.data } : {}) });
  if (decision.retry) {
    const retryAt = retryTime(Date.now(), decision.delaySeconds);
    writer.add(StepEvents.upForRetry(nodeName, serializeError(failure), decision.delaySeconds, retryAt));
    try {
      await deps.steps.commitStepAttempt(runId, nodeName, {
        events: writer.events,
        step: {
          status: 'UP_FOR_RETRY',
          attempt: attempt.number,
          nextAttempt: attempt.number + 1,
          retryAt,
          startTime: attempt.startTime,
        },
      });
    } catch (error) {
      // An ambiguous write (applied, but its response lost) must not turn the retry into a
      // failure: if the step state shows this retry scheduled, the commit landed.
      if (!(await retryCommitted(deps.steps, runId, nodeName, attempt.number))) throw error;
    }
    throw new RetryScheduled(retryAt);
  }

  const userFailure = failure instanceof Failure ? userFailureData(failure, nodeName) : undefined;
  const draft =
    decision.reason === 'exhausted'
      ? StepEvents.retriesExhausted(nodeName, decision.maxRetries ?? 0, serializeError(failure), userFailure)
      : StepEvents.failure(nodeName, serializeError(failure), userFailure);
  writer.add(draft);
  const { error } = draft.data;
  return commitAttempt(deps, runId, nodeName, writer, {
    status: 'FAILURE',
    attempt: attempt.number,
    startTime: attempt.startTime,
    endTime: new Date().toISOString(),
    error: { name: error.name, message: error.message },
  });
}

/** The data version of each asset the attempt materialized, for its step state (its downstreams read it there). */
function assetVersionsOf(outputs: readonly ProducedOutput[]): { assetVersions?: Record<string, string> } {
  const versions = outputs.flatMap((output) => (output.asset ? [[output.asset.key, output.asset.dataVersion]] : []));
  return versions.length > 0 ? { assetVersions: Object.fromEntries(versions) } : {};
}

/** Whether the step state shows attempt `attempt` committed its retry (read after an ambiguous write). */
async function retryCommitted(steps: StepAttemptStore, runId: string, node: string, attempt: number): Promise<boolean> {
  try {
    const { own } = await steps.readStepContext(runId, node, { upstream: [], inputs: [] });
    return own?.status === 'UP_FOR_RETRY' && own.attempt === attempt;
  } catch {
    return false;
  }
}

/**
 * When a retry may start: now plus the delay, rounded up to the whole second, because a Wait
 * state's timestamp drops its milliseconds and must never start the retry early.
 */
export function retryTime(nowMs: number, delaySeconds: number): string {
  return new Date(Math.ceil((nowMs + delaySeconds * 1000) / 1000) * 1000).toISOString();
}

/** A Failure's metadata that cannot be normalised is reported in its place, never lost silently. */
function userFailureData(failure: Failure, nodeName: string): UserFailureData {
  try {
    return failure.toUserFailureData(`Failure raised by op "${nodeName}"`);
  } catch (error) {
    return {
      description: failure.description ?? null,
      metadata: { metadata_error: { type: 'text', value: errorMessage(error) } },
    };
  }
}
