import type { Environment } from '../environment/environment.js';
import type { CompiledStateMachine } from '../compiler/compile-graph.js';
import { compileJob } from '../compiler/compile-job.js';
import type { Definitions } from '../definitions/definitions.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import type { AssetRecordStore } from '../event-log/asset-record-store.js';
import type { GateStore } from '../event-log/gate-store.js';
import type { RunStore } from '../event-log/run-store.js';
import type { StepAttemptStore } from '../event-log/step-attempt-store.js';
import { defaultLoggerDefs } from '../loggers/default-loggers.js';
import type { LoggerDefinition } from '../loggers/logger-definition.js';
import { handleGateTask } from './gate-task.js';
import { handleOpTask } from './op-task.js';
import { handleRunEnd } from './run-end.js';
import { handleRunStart } from './run-start.js';
import type {
  GateTaskInput,
  GateTaskResult,
  OpInvocation,
  OpTaskInput,
  OpTaskResult,
  RunEndInput,
  RunEndResult,
  RunStartInput,
  RunTaskInput,
} from './task-payloads.js';
import type { TaskTokenSender } from './task-token-sender.js';

/** Every Task handler of one job's state machine, bound to its ports: what Lambda entry points and the local runner call. */
export interface JobTasks {
  readonly job: JobDefinition;
  readonly compiled: CompiledStateMachine;
  readonly loggerDefs: Readonly<Record<string, LoggerDefinition>>;
  runStart(payload: RunStartInput): Promise<RunTaskInput>;
  /** An op attempt, or (when the state carries the Catch's error in `c`) the record of its crash. */
  opTask(node: string, input: OpTaskInput, invocation?: OpInvocation): Promise<OpTaskResult>;
  gate(input: GateTaskInput): Promise<GateTaskResult>;
  runEnd(payload: RunEndInput): Promise<RunEndResult>;
}

/** Options of {@link createJobTasks}. */
export interface JobTasksOptions {
  readonly job: JobDefinition;
  /** Where the job's default loggers and resources come from. */
  readonly definitions?: Definitions;
  /** The event log: one object serving the step-attempt, gate, run and asset-record ports (`EventLogStore` does). */
  readonly store: StepAttemptStore & GateStore & RunStore & AssetRecordStore;
  readonly tokens: TaskTokenSender;
  /** @default the Definitions' resources */
  readonly resources?: Record<string, unknown>;
  /** Chooses the default loggers when neither the job nor the Definitions name any. @default process.env */
  readonly env?: Environment;
  /** System tags an in-process launcher puts in the execution input and vouches for (see LaunchContext). */
  readonly vouchedTags?: Readonly<Record<string, string>>;
}

/**
 * Binds every Task handler of `job` to its ports. Each handler receives only the ports it
 * touches, so its signature says what it reads and writes.
 *
 * @example
 * const tasks = createJobTasks({ job: salesJob, store, tokens });
 * const run = await tasks.runStart({ input: {}, execution: { Name: 'run-1' } });
 */
export function createJobTasks(options: JobTasksOptions): JobTasks {
  const { job, store, tokens } = options;
  const compiled = compileJob(job);
  const loggerDefs = options.definitions?.loggersFor(job) ?? job.loggerDefs ?? defaultLoggerDefs(options.env);
  const resources = options.resources ?? options.definitions?.resources ?? {};
  const gatedNodes = new Set(compiled.stats.gatedOps);
  const opDeps = { job, steps: store, gates: store, assets: store, tokens, gatedNodes, loggerDefs, resources };
  return {
    job,
    compiled,
    loggerDefs,
    runStart: (payload) =>
      handleRunStart(
        {
          job,
          runs: store,
          loggerDefs,
          schedules: options.definitions?.schedules ?? [],
          ...(options.vouchedTags ? { vouchedTags: options.vouchedTags } : {}),
        },
        payload,
      ),
    opTask: (node, input, invocation) => handleOpTask(opDeps, node, input, invocation),
    gate: (input) => handleGateTask({ job, gates: store, tokens }, input),
    runEnd: (payload) => handleRunEnd({ job, steps: store, runs: store }, payload),
  };
}
