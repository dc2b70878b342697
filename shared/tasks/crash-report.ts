import type { JobDefinition } from '../definitions/index.js';
import type { GateStore, StepAttemptStore } from '../event-log/index.js';
import { StepEvents } from '../events/index.js';
import { releaseGatedChildren } from './gate-release.js';
import { scheduledAttempt } from './read-attempt.js';
import { StepEventWriter } from './step-event-writer.js';
import type { CrashReport, OpTaskResult } from './task-payloads.js';
import type { TaskTokenSender } from './task-token-sender.js';

/** Whether an op Task's state carries a Catch's error (`$.c.Error`): the op is re-entered to record its crash. */
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
 * memory, a runtime crash). It runs no user code and never throws: a report that cannot be
 * written leaves the step unfinished, which blocks the ops behind it and fails the run at
 * its end, instead of looping back through the Catch.
 */
export async function handleCrashReport(
  deps: CrashReportDeps,
  nodeName: string,
  runId: string,
  crash: CrashReport,
): Promise<OpTaskResult & { status: 'FAILURE' }> {
  let attempt = 1;
  try {
    const { own } = await deps.steps.readStepContext(runId, nodeName, { upstream: [], inputs: [] });
    attempt = own?.status === 'UP_FOR_RETRY' ? scheduledAttempt(own) : (own?.attempt ?? 1);
    // Only an attempt that recorded no final state crashed; anything else was recorded by the attempt itself.
    if (!own || own.status === 'UP_FOR_RETRY') {
      const job = deps.job;
      const timeoutSeconds = job?.hasNode(nodeName) ? job.node(nodeName).op.lambda.timeoutSeconds : undefined;
      const message = explainCrash(crash, timeoutSeconds);
      const writer = new StepEventWriter(runId, nodeName, attempt, nodeName);
      writer.add(StepEvents.crashed(nodeName, { name: crash.Error, message, cause: parseCause(crash.Cause) ?? null }));
      await deps.steps.commitStepAttempt(runId, nodeName, {
        events: writer.events,
        step: { status: 'FAILURE', attempt, endTime: new Date().toISOString(), error: { name: crash.Error, message } },
      });
    }
    if (deps.job?.hasNode(nodeName)) await releaseGatedChildren({ ...deps, job: deps.job }, runId, nodeName);
  } catch (error) {
    // Lambda's log is the last place left to say it.
    console.error(`stepster: could not record the crash of step "${nodeName}" in run ${runId}:`, error, crash);
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

/** A message a user can act on, from Step Functions' error name and Lambda's cause. */
export function explainCrash(crash: CrashReport, timeoutSeconds: number | undefined): string {
  const cause = parseCause(crash.Cause);
  const detail =
    typeof cause === 'object' && cause !== null
      ? String((cause as { errorMessage?: unknown }).errorMessage ?? '')
      : String(cause ?? '');
  if (crash.Error === 'States.Timeout' || crash.Error === 'Sandbox.Timedout' || /timed out/i.test(detail)) {
    return `the op's Lambda did not finish within its timeout${timeoutSeconds ? ` (${timeoutSeconds} s)` : ''}. Raise lambda.timeoutSeconds on the op or make it faster.`;
  }
  if (crash.Error === 'Runtime.OutOfMemory' || /out of memory/i.test(detail)) {
    return `the op's Lambda ran out of memory. Raise lambda.memorySize on the op.`;
  }
  return `${crash.Error}${detail ? `: ${detail}` : ''}`;
}
