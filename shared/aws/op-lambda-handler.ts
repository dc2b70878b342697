import { withErrorsFittingLambdaReport } from '../errors/lambda-error-report.js';
import { createOpTasks, type JobTasksOptions } from '../tasks/op-tasks.js';
import { StepsterEnv } from '../environment/environment-variable.js';
import { type JobLambdaHandlersOptions, lazyTasks, type OpTaskHandler, opTaskHandler } from './lambda-task-setup.js';

/**
 * The handler of an op function alone, built with `createOpTasks`: the function loads no
 * run-level code and no compiler (this file is apart from `createJobLambdaHandlers` for that),
 * since the CDK app writes the node's gated children into `STEPSTER_GATED_CHILDREN`.
 *
 * @example
 * // functions/op-task.ts
 * export const handler = createOpLambdaHandler({ definitions: async () => (await import('stepster-definitions')).default });
 */
export function createOpLambdaHandler(options: JobLambdaHandlersOptions): OpTaskHandler {
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
