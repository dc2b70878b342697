import { mappedStepKey } from '../definitions/mapped-step-key.js';
import { ResourceEnvironment } from '../resources/resource-set.js';
import { errorMessage } from '../errors/error-message.js';
import type { Definitions } from '../definitions/definitions.js';
import { withErrorsFittingLambdaReport } from '../errors/lambda-error-report.js';
import { eventTableFromEnvironment, type TaskStore, taskStore } from '../event-log/task-store.js';
import { createJobTasks, type JobTasks } from '../tasks/job-tasks.js';
import { createOpTasks, type JobTasksOptions, type OpTasks } from '../tasks/op-tasks.js';
import type {
  GateTaskInput,
  GateTaskResult,
  OpTaskInput,
  OpTaskResult,
  RunEndInput,
  RunEndResult,
  RunStartInput,
  RunTaskInput,
} from '../tasks/task-payloads.js';
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

/** The Lambda handlers of one job's functions; each takes the Task's payload as its event. */
export interface JobLambdaHandlers {
  /** An op's function (`STEPSTER_NODE` names the node); with the Catch's error in `c`, it records the op's crash. */
  opTask(event: OpTaskInput, context?: LambdaInvocationContext): Promise<OpTaskResult>;
  runStart(event: RunStartInput): Promise<RunTaskInput>;
  runEnd(event: RunEndInput): Promise<RunEndResult>;
  gate(event: GateTaskInput): Promise<GateTaskResult>;
}

/** Options of {@link createJobLambdaHandlers}. */
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

/**
 * Lambda handlers bound to the job named by `STEPSTER_JOB`: what the entry points in
 * `functions/` export. The runtime (Definitions, compiled job, store, token sender) is built
 * on the first invocation and reused by the container; so is a failure to load the
 * Definitions (a module that threw once is half-initialised).
 *
 * @example
 * // functions/op-task.ts
 * export const handler = createJobLambdaHandlers({ definitions: async () => (await import('stepster-definitions')).default }).opTask;
 */
export function createJobLambdaHandlers(
  options: JobLambdaHandlersOptions & {
    /** @default createJobTasks */
    readonly tasks?: TasksFactory<JobTasks>;
  },
): JobLambdaHandlers {
  const { setupOf, current } = lazyTasks(options, options.tasks ?? createJobTasks);
  // What a handler throws reaches Step Functions as its Cause: keep that within its limit.
  return withErrorsFittingLambdaReport({
    opTask: opTaskHandler(setupOf, current),
    runStart: async (event) => (await current()).runStart(event),
    runEnd: async (event) => (await current()).runEnd(event),
    gate: async (event) => (await current()).gate(event),
  });
}

/**
 * The handler of an op function alone, built with `createOpTasks`: the bundle carries no
 * run-level code and no compiler, since the CDK app writes the node's gated children into
 * `STEPSTER_GATED_CHILDREN`.
 *
 * @example
 * // functions/op-task.ts
 * export const handler = createOpLambdaHandler({ definitions: async () => (await import('stepster-definitions')).default });
 */
export function createOpLambdaHandler(options: JobLambdaHandlersOptions): JobLambdaHandlers['opTask'] {
  const { setupOf, current } = lazyTasks(options, (taskOptions) =>
    createOpTasks({ ...taskOptions, gatedNodes: gatedNodesFromEnvironment(taskOptions) }),
  );
  return withErrorsFittingLambdaReport({ opTask: opTaskHandler(setupOf, current) }).opTask;
}

/**
 * The nodes an op function treats as gated: the list the CDK app set, or (`*`, or unset by an
 * older deployment) every node, which costs one gate read per finished step but never leaves a
 * gate unreleased.
 */
function gatedNodesFromEnvironment(options: JobTasksOptions): ReadonlySet<string> {
  const listed = (options.env ?? process.env)[StepsterEnv.GATED_CHILDREN];
  if (listed === undefined || listed === '*') return new Set(options.job.nodes.map((node) => node.name));
  return new Set(listed.split(',').filter((name) => name.length > 0));
}

type Setup = { env: Environment; store: TaskStore; tokens: TaskTokenSender };

function opTaskHandler(setupOf: () => Setup, current: () => Promise<OpTasks>): JobLambdaHandlers['opTask'] {
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

function lazyTasks<T extends OpTasks>(
  options: JobLambdaHandlersOptions,
  factory: TasksFactory<T>,
): { setupOf: () => Setup; current: () => Promise<T> } {
  const source = options.env ?? process.env;
  // Read once, synchronously at the first call: the Definitions load asynchronously, and what
  // the function is (job, stage, endpoints) must not depend on the environment after an await.
  let setup: Setup | undefined;
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
