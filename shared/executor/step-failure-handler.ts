import type { JobDefinition } from '../definitions/job-definition.js';
import type { EventLogStore } from '../event-log/index.js';
import { EventType } from '../events/event-type.js';
import { notifyGatedChildren } from './gate-notifier.js';
import { StepEventWriter } from './step-event-writer.js';
import type { TaskTokenSender } from './task-token-sender.js';

/** Payload of an op's `X.failed` state: the error the op's Task ended with. */
export interface StepFailureInput {
  readonly runId: string;
  readonly op: string;
  readonly error: { readonly Error?: string; readonly Cause?: string };
}

/**
 * Records STEP_FAILURE for what an op's Lambda could not record itself: a timeout,
 * running out of memory, a crash of the runtime. The branch then goes on, so ops behind
 * it see the failure and do not run.
 */
export async function handleStepFailure(
  deps: { job: JobDefinition; store: EventLogStore; tokens: TaskTokenSender; gatedNodes: ReadonlySet<string> },
  input: StepFailureInput,
): Promise<{ op: string; recorded: boolean }> {
  const node = deps.job.node(input.op);
  const read = await deps.store.readStepContext(input.runId, input.op, { upstream: [], inputs: [] });
  const own = read.own;
  if (own && own.status !== 'UP_FOR_RETRY') {
    await notifyGatedChildren(deps, input.runId, input.op);
    return { op: input.op, recorded: false };
  }
  const attempt = own?.nextAttempt ?? 1;
  const errorName = input.error.Error ?? 'States.TaskFailed';
  const cause = parseCause(input.error.Cause);
  const message = explain(errorName, cause, node.op.lambda.timeoutSeconds);
  const writer = new StepEventWriter(input.runId, input.op, attempt, input.op);
  writer.add(EventType.STEP_FAILURE, `Execution of step "${input.op}" failed: ${message}`, {
    level: 'ERROR',
    data: { error: { name: errorName, message, cause: cause ?? null } },
  });
  await deps.store.commitStepAttempt(input.runId, input.op, {
    events: writer.events,
    step: { status: 'FAILURE', attempt, endTime: new Date().toISOString(), error: { name: errorName, message } },
  });
  await notifyGatedChildren(deps, input.runId, input.op);
  return { op: input.op, recorded: true };
}

function parseCause(cause: string | undefined): { errorType?: string; errorMessage?: string } | string | undefined {
  if (!cause) return undefined;
  try {
    const parsed: unknown = JSON.parse(cause);
    return parsed && typeof parsed === 'object' ? (parsed as { errorType?: string; errorMessage?: string }) : cause;
  } catch {
    return cause;
  }
}

function explain(errorName: string, cause: ReturnType<typeof parseCause>, timeoutSeconds: number): string {
  if (errorName === 'States.Timeout' || errorName === 'Sandbox.Timedout') {
    return `the op's Lambda did not finish within its timeout (${timeoutSeconds} s). Raise lambda.timeoutSeconds on the op or make it faster.`;
  }
  if (errorName === 'Runtime.OutOfMemory') {
    return `the op's Lambda ran out of memory. Raise lambda.memorySize on the op.`;
  }
  const detail = typeof cause === 'string' ? cause : (cause?.errorMessage ?? '');
  return `${errorName}${detail ? `: ${detail}` : ''}`;
}
