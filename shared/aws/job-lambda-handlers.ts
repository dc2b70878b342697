import { withErrorsFittingLambdaReport } from '../errors/lambda-error-report.js';
import { createJobTasks, type JobTasks } from '../tasks/job-tasks.js';
import type {
  GateTaskInput,
  GateTaskResult,
  RunEndInput,
  RunEndResult,
  RunStartInput,
  RunTaskInput,
} from '../tasks/task-payloads.js';
import {
  type JobLambdaHandlersOptions,
  lazyTasks,
  type OpTaskHandler,
  opTaskHandler,
  type TasksFactory,
} from './lambda-task-setup.js';

/** The Lambda handlers of one job's functions; each takes the Task's payload as its event. */
export interface JobLambdaHandlers {
  /** An op's function (`STEPSTER_NODE` names the node); with the Catch's error in `c`, it records the op's crash. */
  opTask: OpTaskHandler;
  runStart(event: RunStartInput): Promise<RunTaskInput>;
  runEnd(event: RunEndInput): Promise<RunEndResult>;
  gate(event: GateTaskInput): Promise<GateTaskResult>;
}

/**
 * Lambda handlers bound to the job named by `STEPSTER_JOB`: what the entry points in
 * `functions/` export. The runtime (Definitions, compiled job, store, token sender) is built
 * on the first invocation and reused by the container; so is a failure to load the
 * Definitions (a module that threw once is half-initialised).
 *
 * @example
 * // functions/run-control.ts
 * export const runStart = createJobLambdaHandlers({ definitions: async () => (await import('stepster-definitions')).default }).runStart;
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
