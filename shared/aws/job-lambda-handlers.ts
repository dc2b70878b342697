import type { Definitions } from '../definitions/definitions.js';
import { EventLogStore } from '../event-log/index.js';
import type { GateTaskInput } from '../executor/gate-task-handler.js';
import type { OpTaskResult } from '../executor/op-task-handler.js';
import type { RunTaskInput } from '../executor/run-task-input.js';
import type { TaskTokenSender } from '../executor/task-token-sender.js';
import type { RunStartInput } from '../run/run-start.js';
import { createJobRuntime, type JobRuntime } from '../runtime/job-runtime.js';
import { AwsEnvironment, type Environment } from './aws-environment.js';
import { SfnTaskTokenSender } from './sfn-task-token-sender.js';

/** The Lambda handlers of one job's functions; each takes the Task's payload as its event. */
export interface JobLambdaHandlers {
  /** An op's function (`STEPSTER_NODE` names the node). */
  opTask(event: RunTaskInput): Promise<OpTaskResult>;
  runStart(event: RunStartInput): Promise<RunTaskInput>;
  runEnd(event: { runId: string }): Promise<{ runId: string; status: 'SUCCESS' }>;
  /** A `X.failed` state's payload `{ runId, op, error }`: the op's crash, recorded by the runtime's crash path. */
  stepFailure(event: StepFailureEvent): Promise<unknown>;
  gate(event: GateTaskInput): Promise<{ op: string; registered: true }>;
}

/** Payload of an op's `X.failed` state: the error its Task ended with (`{ Error, Cause }`). */
export interface StepFailureEvent {
  readonly runId: string;
  readonly op: string;
  readonly error: { readonly Error: string; readonly Cause?: string };
}

/** Options of {@link createJobLambdaHandlers}. */
export interface JobLambdaHandlersOptions {
  readonly definitions: Definitions;
  /** @default process.env */
  readonly env?: Environment;
  /** @default EventLogStore.fromEnvironment(env) */
  readonly store?: EventLogStore;
  /** @default SfnTaskTokenSender.fromEnvironment(env) */
  readonly tokens?: TaskTokenSender;
}

/**
 * Lambda handlers bound to the job named by `STEPSTER_JOB`: what the entry points in
 * `functions/` export. The runtime (compiled job, store, token sender) is built on the
 * first invocation and reused by the container.
 *
 * @example
 * // functions/op-task.ts
 * export const handler = createJobLambdaHandlers({ definitions }).opTask;
 */
export function createJobLambdaHandlers(options: JobLambdaHandlersOptions): JobLambdaHandlers {
  const env = options.env ?? process.env;
  let runtime: JobRuntime | undefined;
  const current = (): JobRuntime => {
    if (runtime) return runtime;
    const jobName = required(env, AwsEnvironment.JOB);
    runtime = createJobRuntime({
      job: options.definitions.getJob(jobName),
      definitions: options.definitions,
      store: options.store ?? EventLogStore.fromEnvironment(env),
      tokens: options.tokens ?? SfnTaskTokenSender.fromEnvironment(env),
      env: env as NodeJS.ProcessEnv,
    });
    return runtime;
  };
  return {
    opTask: (event) => current().opTask(required(env, AwsEnvironment.NODE), event),
    runStart: (event) => current().runStart(event),
    runEnd: (event) => current().runEnd(event),
    stepFailure: (event) => {
      const runtime = current();
      // The runtime records a crash when an op task's state carries the Catch's error in `c`.
      return runtime.opTask(event.op, { runId: event.runId, jobName: runtime.job.name, runConfig: {}, tags: {}, c: event.error });
    },
    gate: (event) => current().gate(event),
  };
}

function required(env: Environment, name: string): string {
  const value = env[name];
  if (value === undefined || value.length === 0) {
    throw new Error(`${name} is not set: the CDK app sets it on every stepster function; set it when invoking a bundle yourself`);
  }
  return value;
}
