// What every job-level Lambda handler shares: the setup read once per container, the lazily
// built tasks (Definitions loaded at the first invocation) and the op-task handler. Apart from
// the run-level handlers, so an op function loads none of their code.
import { mappedStepKey } from '../definitions/mapped-step-key.js';
import { ResourceEnvironment } from '../resources/resource-set.js';
import { errorMessage } from '../errors/error-message.js';
import type { Definitions } from '../definitions/definitions.js';
import { eventTableFromEnvironment, type TaskStore, taskStore } from '../event-log/task-store.js';
import type { JobTasksOptions, OpTasks } from '../tasks/op-tasks.js';
import type { OpTaskInput, OpTaskResult } from '../tasks/task-payloads.js';
import { isCrashReport } from '../tasks/crash-report.js';
import type { TaskTokenSender } from '../tasks/task-token-sender.js';
import type { Environment } from '../environment/environment.js';
import { StepsterEnv } from '../environment/environment-variable.js';
import { DefinitionsLoadFailed, recordCrashWithoutDefinitions } from './definitions-load-failed.js';
import { SfnTaskTokenSender } from './sfn-task-token-sender.js';

/** The parts of Lambda's context object the handlers read. */
export interface LambdaInvocationContext {
  readonly awsRequestId?: string;
}

/** Options of `createJobLambdaHandlers` and `createOpLambdaHandler`. */
export interface JobLambdaHandlersOptions {
  /**
   * The Definitions, or a function that loads them (`() => import('stepster-definitions')`).
   * The entry points pass the loader: a module that throws at import then fails an
   * invocation (as `stepster.DefinitionsLoadFailed`) instead of the function's init, and an
   * op's crash can still be recorded.
   */
  readonly definitions: Definitions | (() => Promise<Definitions>);
  /** @default process.env */
  readonly env?: Environment;
  /** @default the step-attempt, gate and run ports over the table the environment names */
  readonly store?: TaskStore;
  /** @default SfnTaskTokenSender.fromEnvironment(env) */
  readonly tokens?: TaskTokenSender;
}

/** Builds a job's task handlers: `createOpTasks` for an op function, `createJobTasks` for the others. */
export type TasksFactory<T extends OpTasks> = (options: JobTasksOptions) => T;

/** An op function's handler (`STEPSTER_NODE` names the node); with the Catch's error in `c`, it records the op's crash. */
export type OpTaskHandler = (event: OpTaskInput, context?: LambdaInvocationContext) => Promise<OpTaskResult>;

/** What a container reads once: its environment, the event-log ports and the token sender. */
export type ContainerSetup = { env: Environment; store: TaskStore; tokens: TaskTokenSender };

/** The handler of an op task over lazily built tasks. */
export function opTaskHandler(setupOf: () => ContainerSetup, current: () => Promise<OpTasks>): OpTaskHandler {
  return async (event, context) => {
    const { env, store } = setupOf();
    const node = required(env, StepsterEnv.NODE);
    let ready: OpTasks;
    try {
      ready = await current();
    } catch (error) {
      // The crash-report state invokes this function with the error in `c`: record it without the Definitions.
      if (isCrashReport(event.c)) {
        // Inside a Map state the crashed step is the item's, `node[mappingKey]`.
        const stepKey = event.mappingKey === undefined ? node : mappedStepKey(node, event.mappingKey);
        return recordCrashWithoutDefinitions(store, stepKey, event.runId, event.c);
      }
      throw error;
    }
    return ready.opTask(node, event, context?.awsRequestId ? { requestId: context.awsRequestId } : {});
  };
}

/**
 * The tasks of the job `STEPSTER_JOB` names, built by `factory` at the first call and reused by
 * the container (a failure to load the Definitions too: a module that threw once is
 * half-initialised); `setupOf` reads the environment once, synchronously.
 */
export function lazyTasks<T extends OpTasks>(
  options: JobLambdaHandlersOptions,
  factory: TasksFactory<T>,
): { setupOf: () => ContainerSetup; current: () => Promise<T> } {
  const source = options.env ?? process.env;
  // Read once, synchronously at the first call: the Definitions load asynchronously, and what
  // the function is (job, stage, endpoints) must not depend on the environment after an await.
  let setup: ContainerSetup | undefined;
  const setupOf = () => {
    if (setup) return setup;
    const env: Environment = { ...source };
    setup = {
      env,
      store: options.store ?? taskStore(eventTableFromEnvironment(env)),
      tokens: options.tokens ?? SfnTaskTokenSender.fromEnvironment(env),
    };
    return setup;
  };
  let runtime: Promise<T> | undefined;
  const build = async (): Promise<T> => {
    const { env, store, tokens } = setupOf();
    const jobName = required(env, StepsterEnv.JOB);
    let loaded: Definitions;
    try {
      loaded = typeof options.definitions === 'function' ? await options.definitions() : options.definitions;
    } catch (error) {
      throw new DefinitionsLoadFailed(
        `the Definitions module of job "${jobName}" threw while loading: ${errorMessage(error).replace(/\.$/, '')}. Fix the module's top-level code (it runs in every function of the stack), then deploy again.`,
        { cause: error },
      );
    }
    // The stage's selection: its default loggers may differ from the module's.
    const stage = env[StepsterEnv.STAGE];
    try {
      const definitions = stage ? loaded.forStage(stage) : loaded;
      return factory({
        job: definitions.getJob(jobName),
        definitions,
        store,
        tokens,
        env,
        // Synth checked every EnvVar and set each only on the functions whose steps need it.
        resourceEnvironment: ResourceEnvironment.DEPLOYED,
      });
    } catch (error) {
      throw new DefinitionsLoadFailed(
        `job "${jobName}" (stage ${stage ?? 'none'}) cannot be set up from the deployed Definitions: ${errorMessage(error).replace(/\.$/, '')}. Deploy the stack again from the module that defines it.`,
        { cause: error },
      );
    }
  };
  const current = (): Promise<T> => {
    runtime ??= build();
    return runtime;
  };
  return { setupOf, current };
}

function required(env: Environment, name: string): string {
  const value = env[name];
  if (value === undefined || value.length === 0) {
    throw new Error(
      `${name} is not set: the CDK app sets it on every stepster function; set it when invoking a bundle yourself`,
    );
  }
  return value;
}
