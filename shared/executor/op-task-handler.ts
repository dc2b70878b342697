import type { JobDefinition } from '../definitions/job-definition.js';
import { OpExecutionContext } from '../definitions/op-execution-context.js';
import type { OpLog } from '../definitions/op-log.js';
import { serializeError, TypeCheckError } from '../errors/index.js';
import type { EventLogStore, StepState } from '../event-log/index.js';
import { EventType } from '../events/event-type.js';
import { Failure } from '../events/failure.js';
import type { LoggerDefinition } from '../loggers/index.js';
import { normalizeMetadata } from '../metadata/index.js';
import { decideRetry } from '../retry/index.js';
import { notifyGatedChildren } from './gate-notifier.js';
import { openStepLog } from './op-step-log.js';
import type { JournalEntry } from './op-journal.js';
import { RetryScheduled } from './retry-scheduled.js';
import { runOpBody } from './run-op-body.js';
import type { RunTaskInput } from './run-task-input.js';
import { handleCrashReport, isCrashReport } from './crash-report.js';
import { StepEventWriter } from './step-event-writer.js';
import type { TaskTokenSender } from './task-token-sender.js';

/** What an op Task returns to the state machine (ResultPath null drops it; useful in logs). */
export interface OpTaskResult {
  readonly op: string;
  readonly status: StepState['status'];
  readonly attempt: number;
  readonly replayed?: boolean;
}

export interface OpTaskDependencies {
  readonly job: JobDefinition;
  readonly store: EventLogStore;
  readonly tokens: TaskTokenSender;
  /** Nodes the compiled state machine gates (from compile stats). */
  readonly gatedNodes: ReadonlySet<string>;
  readonly loggerDefs: Readonly<Record<string, LoggerDefinition>>;
  readonly resources: Readonly<Record<string, unknown>>;
}

const TERMINAL = new Set<StepState['status']>(['SUCCESS', 'FAILURE', 'SKIPPED', 'BLOCKED']);

/**
 * One op attempt, as its Lambda runs it: one read (step states + inputs), the body,
 * one batched write (events + outputs + step state), then release gated children.
 */
export async function handleOpTask(
  deps: OpTaskDependencies,
  nodeName: string,
  input: RunTaskInput & { readonly c?: unknown },
  /** Lambda's request id, which the JSON console logger puts on every line. */
  invocation: { readonly requestId?: string } = {},
): Promise<OpTaskResult> {
  const { job, store } = deps;
  const node = job.node(nodeName);
  const { runId } = input;
  // The Task's Catch sends a crashed attempt (timeout, out of memory...) back here with its error.
  if (isCrashReport(input.c)) return handleCrashReport(deps, nodeName, runId, input.c);
  const inputRefs = Object.entries(node.inputs).map(([name, ref]) => ({ name, ...ref }));
  const read = await store.readStepContext(runId, nodeName, {
    upstream: [...node.upstream],
    inputs: inputRefs.map(({ node: n, output }) => ({ node: n, output })),
  });

  // A re-delivered invocation of a finished attempt changes nothing.
  if (read.own && TERMINAL.has(read.own.status)) {
    await notifyGatedChildren(deps, runId, nodeName);
    return { op: nodeName, status: read.own.status, attempt: read.own.attempt, replayed: true };
  }
  const attempt = read.own?.status === 'UP_FOR_RETRY' ? (read.own.nextAttempt ?? read.own.attempt + 1) : 1;

  // An upstream step that never reached a final state (its crash could not be recorded) blocks too.
  const blockedBy = node.upstream.filter((u) => {
    const s = read.upstream[u]?.status;
    return s === undefined || s === 'FAILURE' || s === 'BLOCKED' || s === 'UP_FOR_RETRY';
  });
  if (blockedBy.length > 0) {
    // Dagster writes no step events for ops behind a failure, only an engine error naming them.
    const writer = new StepEventWriter(runId, `~blocked.${nodeName}`, 0, undefined);
    writer.add(
      EventType.ENGINE_EVENT,
      `Dependencies for step ${nodeName} failed: ${pyList(blockedBy)}. Not executing.`,
      {
        level: 'ERROR',
        data: { blockedStep: nodeName, failedDependencies: blockedBy },
      },
    );
    return finish(deps, input, nodeName, writer, { status: 'BLOCKED', attempt: 0, endTime: now() });
  }

  const missing = inputRefs.filter((ref) => !read.outputs.get(`${ref.node}.${ref.output}`)?.found);
  if (missing.length > 0) {
    const skippedDeps = [...new Set(missing.map((m) => m.node))];
    const writer = new StepEventWriter(runId, nodeName, attempt, nodeName);
    writer.add(
      EventType.STEP_SKIPPED,
      `Skipping step ${nodeName} due to skipped dependencies: ${pyList(skippedDeps)}.`,
      {
        level: 'INFO',
        data: { skippedDependencies: skippedDeps, missingInputs: missing.map((m) => m.name) },
      },
    );
    return finish(deps, input, nodeName, writer, { status: 'SKIPPED', attempt, endTime: now() });
  }

  const startTime = now();
  const started = Date.now();
  const writer = new StepEventWriter(runId, nodeName, attempt, nodeName);
  if (attempt === 1) writer.add(EventType.STEP_START, `Started execution of step "${nodeName}".`);
  else {
    writer.add(EventType.STEP_RESTARTED, `Started re-execution (attempt # ${attempt}) of step "${nodeName}".`, {
      data: { attempt },
    });
  }

  const journal: JournalEntry[] = [];
  const stepLog = await openStepLog(deps, input, nodeName, attempt, journal, invocation.requestId);
  const outputs: { name: string; value: unknown }[] = [];
  let failure: unknown;
  try {
    const inputs: Record<string, unknown> = {};
    for (const ref of inputRefs) {
      const value = read.outputs.get(`${ref.node}.${ref.output}`)?.value;
      writer.add(
        EventType.LOADED_INPUT,
        `Loaded input "${ref.name}" using input manager "io_manager", from output "${ref.output}" of step "${ref.node}"`,
        {
          data: {
            inputName: ref.name,
            upstreamStepKey: ref.node,
            upstreamOutputName: ref.output,
            manager: 'io_manager',
          },
        },
      );
      const schema = node.op.ins[ref.name]?.schema;
      if (schema) {
        const parsed = schema.safeParse(value);
        if (!parsed.success) throw TypeCheckError.fromZodError(`op "${nodeName}" input "${ref.name}"`, parsed.error);
      }
      writer.add(
        EventType.STEP_INPUT,
        `Got input "${ref.name}" of type "${schema ? 'Schema' : 'Any'}". (Type check passed).`,
        {
          data: { inputName: ref.name, typeCheck: { success: true } },
        },
      );
      inputs[ref.name] = value;
    }
    const opConfig = parseOpConfig(node.op.configSchema, input.runConfig.ops?.[nodeName]?.config);
    const context = new OpExecutionContext({
      runId,
      jobName: job.name,
      opName: nodeName,
      opConfig,
      tags: { ...input.tags },
      retryNumber: attempt - 1,
      resources: deps.resources,
      log: stepLog.log,
    });
    await runOpBody(node.op, nodeName, context, inputs, journal);
  } catch (error) {
    failure = error;
  }
  const deliveryErrors = await stepLog.close();

  for (const entry of journal) {
    if (entry.kind === 'log') {
      writer.add(EventType.LOG_MESSAGE, entry.message, {
        level: entry.level as 'INFO',
        timestamp: entry.at,
        ...(entry.extra ? { data: { extra: entry.extra } } : {}),
      });
    } else if (entry.kind === 'event') {
      const data = entry.event.toEventData(`op "${nodeName}"`);
      writer.add(entry.event.eventType, describeUserEvent(entry.event.eventType, data), {
        level: 'INFO',
        timestamp: entry.at,
        data,
      });
    } else if (failure === undefined) {
      writer.add(EventType.STEP_OUTPUT, `Yielded output "${entry.name}" of type "Any". (Type check passed).`, {
        timestamp: entry.at,
        data: { outputName: entry.name, metadata: entry.metadata, typeCheck: { success: true } },
      });
      writer.add(EventType.HANDLED_OUTPUT, `Handled output "${entry.name}" using IO manager "io_manager"`, {
        timestamp: entry.at,
        data: { outputName: entry.name, manager: 'io_manager' },
      });
      outputs.push({ name: entry.name, value: entry.value });
    }
  }
  for (const err of deliveryErrors) {
    writer.add(EventType.ENGINE_EVENT, `Log delivery failed: ${err.message}`, {
      level: 'ERROR',
      data: { error: serializeError(err) },
    });
  }
  if (failure === undefined) {
    const unstorable = findUnstorable(outputs);
    if (unstorable) failure = unstorable;
  }

  if (failure === undefined) {
    const ms = Date.now() - started;
    writer.add(EventType.STEP_SUCCESS, `Finished execution of step "${nodeName}" in ${ms}ms.`, {
      data: { durationMs: ms },
    });
    return finish(
      deps,
      input,
      nodeName,
      writer,
      { status: 'SUCCESS', attempt, startTime, endTime: now(), outputs: outputs.map((o) => o.name) },
      outputs,
    );
  }

  const policy = job.retryPolicyFor(nodeName);
  const decision = decideRetry({ error: failure, attempt, ...(policy ? { policy: policy.data } : {}) });
  if (decision.retry) {
    const retryAt = new Date(Date.now() + decision.delaySeconds * 1000).toISOString();
    writer.add(
      EventType.STEP_UP_FOR_RETRY,
      `Execution of step "${nodeName}" failed and has requested a retry${decision.delaySeconds > 0 ? ` in ${round(decision.delaySeconds)} seconds` : ''}.`,
      { level: 'WARNING', data: { error: serializeError(failure), secondsToWait: decision.delaySeconds, retryAt } },
    );
    await store.commitStepAttempt(runId, nodeName, {
      events: writer.events,
      step: { status: 'UP_FOR_RETRY', attempt, nextAttempt: attempt + 1, retryAt, startTime },
    });
    throw new RetryScheduled(retryAt);
  }

  const userFailure =
    failure instanceof Failure
      ? { description: failure.description ?? null, metadata: safeMetadata(failure, nodeName) }
      : undefined;
  const exhausted = decision.reason === 'exhausted';
  const error = exhausted
    ? {
        name: 'RetriesExhausted',
        message: `Exceeded max_retries of ${decision.maxRetries}`,
        cause: serializeError(failure),
      }
    : serializeError(failure);
  writer.add(
    EventType.STEP_FAILURE,
    exhausted
      ? `Execution of step "${nodeName}" failed: Exceeded max_retries of ${decision.maxRetries}.`
      : `Execution of step "${nodeName}" failed: ${error.name}: ${error.message}`,
    { level: 'ERROR', data: { error, ...(userFailure ? { userFailure } : {}) } },
  );
  return finish(deps, input, nodeName, writer, {
    status: 'FAILURE',
    attempt,
    startTime,
    endTime: now(),
    error: { name: error.name, message: error.message },
  });
}

async function finish(
  deps: OpTaskDependencies,
  input: RunTaskInput,
  nodeName: string,
  writer: StepEventWriter,
  step: StepState,
  outputs?: { name: string; value: unknown }[],
): Promise<OpTaskResult> {
  await deps.store.commitStepAttempt(input.runId, nodeName, {
    events: writer.events,
    step,
    ...(outputs ? { outputs } : {}),
  });
  await notifyGatedChildren(deps, input.runId, nodeName);
  return { op: nodeName, status: step.status, attempt: step.attempt };
}

function parseOpConfig(schema: { parse(v: unknown): unknown } | undefined, config: unknown): unknown {
  // Run start validated it already; parsing again applies zod defaults and transforms.
  return schema ? schema.parse(config ?? {}) : (config ?? {});
}

function findUnstorable(outputs: { name: string; value: unknown }[]): Error | undefined {
  for (const o of outputs) {
    try {
      JSON.stringify(o.value);
    } catch (cause) {
      return new TypeError(
        `Output "${o.name}" cannot be stored as JSON (${(cause as Error).message}). Return plain data (objects, arrays, strings, numbers) or store the value yourself and return a reference.`,
        { cause },
      );
    }
  }
  return undefined;
}

function safeMetadata(failure: Failure, nodeName: string): Record<string, unknown> {
  try {
    return normalizeMetadata(failure.metadata, `Failure raised by op "${nodeName}"`);
  } catch (error) {
    return { metadata_error: { type: 'text', value: (error as Error).message } };
  }
}

function describeUserEvent(eventType: string, data: Record<string, unknown>): string {
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

function pyList(items: readonly string[]): string {
  return `[${items.map((i) => `'${i}'`).join(', ')}]`;
}

function now(): string {
  return new Date().toISOString();
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export type { OpLog };
