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
  /** An op's function (`STEPSTER_NODE` names the node); with the Catch's error in `c`, it records the op's crash. */
  opTask(event: RunTaskInput & { readonly c?: unknown }): Promise<OpTaskResult>;
  runStart(event: RunStartInput): Promise<RunTaskInput>;
  runEnd(event: { runId: string }): Promise<{ runId: string; status: 'SUCCESS' }>;
  gate(event: GateTaskInput): Promise<{ op: string; registered: true }>;
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
    // The stage's selection: its default loggers may differ from the module's.
    const stage = env[AwsEnvironment.STAGE];
    const definitions = stage ? options.definitions.forStage(stage) : options.definitions;
    runtime = createJobRuntime({
      job: definitions.getJob(jobName),
      definitions,
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
