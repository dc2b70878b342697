import type { RunFailureSensorContext } from './run-status-sensor-context.js';

/** A message part: fixed text, or text made from the failed run's context. */
export type RunFailureText = string | ((context: RunFailureSensorContext) => string | Promise<string>);

/** The text of `part` for this run: the string itself, or what the function returns. */
export async function resolveRunFailureText(part: RunFailureText, context: RunFailureSensorContext): Promise<string> {
  return typeof part === 'function' ? part(context) : part;
}

/**
 * The default notification of a failed run: the job, the run id, the run's error, and the
 * error of each failed step (what a reader needs to start looking).
 *
 * @example
 * await defaultRunFailureMessage(context);
 * // 'Job "sales_job" failed. Run id: 0b5e…\nError: …\nStep "load" failed: …'
 */
export async function defaultRunFailureMessage(context: RunFailureSensorContext): Promise<string> {
  const lines = [
    `Job "${context.run.jobName}" failed. Run id: ${context.run.runId}`,
    `Error: ${context.failureEvent.message}`,
  ];
  for (const step of await context.getStepFailureEvents()) {
    lines.push(`Step "${step.stepKey ?? '?'}" failed: ${step.message}`);
  }
  return lines.join('\n');
}
