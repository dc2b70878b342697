import type { CompiledStateMachine } from '../compiler/compile-graph.js';
import { compileJob } from '../compiler/compile-job.js';
import { handleGateTask } from './gate-task.js';
import { createOpTasks, type JobTasksOptions, type OpTasks } from './op-tasks.js';
import { handleRunEnd } from './run-end.js';
import { handleRunStart } from './run-start.js';
import type {
  GateTaskInput,
  GateTaskResult,
  RunEndInput,
  RunEndResult,
  RunStartInput,
  RunTaskInput,
} from './task-payloads.js';

/** Every Task handler of one job's state machine, bound to its ports: what Lambda entry points and the local runner call. */
export interface JobTasks extends OpTasks {
  readonly compiled: CompiledStateMachine;
  runStart(payload: RunStartInput): Promise<RunTaskInput>;
  gate(input: GateTaskInput): Promise<GateTaskResult>;
  runEnd(payload: RunEndInput): Promise<RunEndResult>;
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
  const opTasks = createOpTasks({ ...options, gatedNodes: new Set(compiled.stats.gatedOps) });
  const { loggerDefs, resources } = opTasks;
  return {
    ...opTasks,
    compiled,
    runStart: (payload) =>
      handleRunStart(
        {
          job,
          runs: store,
          steps: store,
          loggerDefs,
          schedules: options.definitions?.schedules ?? [],
          resources,
          ...(options.vouchedTags ? { vouchedTags: options.vouchedTags } : {}),
        },
        payload,
      ),
    gate: (input) => handleGateTask({ job, gates: store, tokens }, input),
    runEnd: (payload) => handleRunEnd({ job, steps: store, runs: store }, payload),
  };
}
