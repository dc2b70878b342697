import type { Definitions } from '../definitions/definitions.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import { assertResourcesProvided } from '../definitions/required-resource-keys.js';
import type { Environment } from '../environment/environment.js';
import type { AssetRecordStore } from '../event-log/asset-record-store.js';
import type { GateStore } from '../event-log/gate-store.js';
import type { RunStore } from '../event-log/run-store.js';
import type { StepAttemptStore } from '../event-log/step-attempt-store.js';
import { defaultLoggerDefs } from '../loggers/default-loggers.js';
import type { LoggerDefinition } from '../loggers/logger-definition.js';
import { type ResourceEnvironment, ResourceSet } from '../resources/resource-set.js';
import { handleOpTask } from './op-task.js';
import type { OpInvocation, OpTaskInput, OpTaskResult } from './task-payloads.js';
import type { TaskTokenSender } from './task-token-sender.js';

/** Options of {@link createOpTasks} and `createJobTasks`. */
export interface JobTasksOptions {
  readonly job: JobDefinition;
  /** Where the job's default loggers and resources come from. */
  readonly definitions?: Definitions;
  /** The event log: one object serving the step-attempt, gate, run and asset-record ports (`EventLogStore` does). */
  readonly store: StepAttemptStore & GateStore & RunStore & AssetRecordStore;
  readonly tokens: TaskTokenSender;
  /** @default the Definitions' resources */
  readonly resources?: Record<string, unknown>;
  /** Where resources are set up; the AWS handlers pass `deployed`. @default ResourceEnvironment.LOCAL */
  readonly resourceEnvironment?: ResourceEnvironment;
  /** Chooses the default loggers when neither the job nor the Definitions name any. @default process.env */
  readonly env?: Environment;
  /** System tags an in-process launcher puts in the execution input and vouches for (see LaunchContext). */
  readonly vouchedTags?: Readonly<Record<string, string>>;
}

/** The op attempt of one job, bound to its ports, with what the other handlers share. */
export interface OpTasks {
  readonly job: JobDefinition;
  readonly loggerDefs: Readonly<Record<string, LoggerDefinition>>;
  /** The job's resources, set up once per container. */
  readonly resources: ResourceSet;
  /** An op attempt, or (when the state carries the Catch's error in `c`) the record of its crash. */
  opTask(node: string, input: OpTaskInput, invocation?: OpInvocation): Promise<OpTaskResult>;
}

/**
 * Binds the op attempt of `job` to its ports: all an op function needs. It is apart from
 * `createJobTasks` so an op function's bundle leaves out run start's and run end's code, and
 * the compiler: `gatedNodes` (the nodes the state machine gates, whose gates an op releases)
 * comes from the compiled job, or on AWS from the function's environment.
 *
 * @example
 * const tasks = createOpTasks({ job: salesJob, store, tokens, gatedNodes: new Set() });
 * await tasks.opTask('fetch_sales', { runId, jobName: 'sales_job', runConfig: {}, tags: {} });
 */
export function createOpTasks(options: JobTasksOptions & { readonly gatedNodes: ReadonlySet<string> }): OpTasks {
  const { job, store, tokens, gatedNodes } = options;
  const loggerDefs = options.definitions?.loggersFor(job) ?? job.loggerDefs ?? defaultLoggerDefs(options.env);
  const given = options.resources ?? options.definitions?.resources ?? {};
  assertResourcesProvided(job, given);
  // One per container: each resource is built once, when the first op that requires it runs.
  // EnvVar values come from the function's environment as it was read at its first call, so an
  // endpoint never depends on what the process environment became after an await.
  const resources = new ResourceSet(given, {
    ...(options.env ? { env: options.env } : {}),
    ...(options.resourceEnvironment ? { environment: options.resourceEnvironment } : {}),
  });
  const opDeps = { job, steps: store, gates: store, assets: store, tokens, gatedNodes, loggerDefs, resources };
  return {
    job,
    loggerDefs,
    resources,
    opTask: (node, input, invocation) => handleOpTask(opDeps, node, input, invocation),
  };
}
