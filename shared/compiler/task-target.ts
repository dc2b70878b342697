import { createHash } from 'node:crypto';

/**
 * What a Task state invokes: an op's Lambda, or one of the run-level Lambdas.
 * The compiler asks `CompileOptions.resource` for the ARN (or a placeholder) of each.
 */
export type TaskTarget =
  | { readonly kind: 'op'; readonly node: string }
  | { readonly kind: 'runStart' }
  | { readonly kind: 'runEnd' }
  | { readonly kind: 'gate' };

/** Maps a task target to the `Resource` (or, for gates, the `FunctionName`) written into the ASL. */
export type TaskResourceResolver = (target: TaskTarget) => string;

const LAMBDA_FUNCTION_NAME_LIMIT = 64;
// Hex digits of the hash that keeps cut names apart; names already deployed depend on it.
const CUT_HASH_LENGTH = 8;
/** The name prefix of the compiler's placeholder functions, and of a `StepsterJob` without `namePrefix`. */
export const DEFAULT_FUNCTION_PREFIX = 'stepster';
const DEFAULT_ARN_PREFIX = 'arn:aws:lambda:us-east-1:000000000000:function:';
const DEFAULT_STATE_MACHINE_ARN_PREFIX = 'arn:aws:states:us-east-1:000000000000:stateMachine:';

// Op names cannot contain '-', so hyphenated suffixes never collide with an op's function.
export const KIND_SUFFIX = {
  runStart: 'run-start',
  runEnd: 'run-end',
  gate: 'step-gate',
} as const;

/**
 * The Lambda function name of a job's task target, the one builder behind the deployed
 * functions (the CDK app) and the compiler's placeholder ARNs: `<prefix>-<job>-<node or kind>`,
 * with characters Lambda refuses replaced by `-`, and names over Lambda's 64 characters cut
 * to 55 plus `-` and the first 8 hex digits of the full name's SHA-1 (deployed functions
 * carry these names: changing the cut renames them).
 *
 * @example
 * functionName('stepster-prod', 'sales_job', { kind: 'op', node: 'fetch_sales' }); // 'stepster-prod-sales_job-fetch_sales'
 * functionName('stepster-prod', 'sales_job', { kind: 'gate' }); // 'stepster-prod-sales_job-step-gate'
 */
export function functionName(prefix: string, jobName: string, target: TaskTarget): string {
  const suffix = target.kind === 'op' ? target.node : KIND_SUFFIX[target.kind];
  const full = `${prefix}-${jobName}-${suffix}`.replace(/[^A-Za-z0-9_-]/g, '-');
  if (full.length <= LAMBDA_FUNCTION_NAME_LIMIT) return full;
  const hash = createHash('sha1').update(full).digest('hex').slice(0, CUT_HASH_LENGTH);
  return `${full.slice(0, LAMBDA_FUNCTION_NAME_LIMIT - hash.length - 1)}-${hash}`;
}

/**
 * {@link functionName} under the default prefix `stepster`: the name of the compiler's
 * placeholder functions.
 *
 * @example
 * defaultFunctionName('sales_job', { kind: 'op', node: 'fetch_sales' }); // 'stepster-sales_job-fetch_sales'
 */
export function defaultFunctionName(jobName: string, target: TaskTarget): string {
  return functionName(DEFAULT_FUNCTION_PREFIX, jobName, target);
}

/**
 * The resolver used when `CompileOptions.resource` is not given: valid-looking Lambda ARNs
 * in account 000000000000, us-east-1, named by {@link defaultFunctionName} (so, for a job
 * deployed by a `StepsterJob` without `namePrefix`, the very functions it invokes).
 *
 * @example
 * defaultTaskResource('sales_job')({ kind: 'runStart' });
 * // 'arn:aws:lambda:us-east-1:000000000000:function:stepster-sales_job-run-start'
 */
export function defaultTaskResource(jobName: string): TaskResourceResolver {
  return (target) => DEFAULT_ARN_PREFIX + defaultFunctionName(jobName, target);
}

/**
 * The name of child state machine `index` (0-based) of a split job: `<prefix>-<job>--part-<n>`.
 * Job names cannot contain '-', so `--part-` never collides with another job's state machine.
 *
 * @example
 * childStateMachineName('stepster-prod', 'big_job', 0); // 'stepster-prod-big_job--part-1'
 */
export function childStateMachineName(prefix: string, jobName: string, index: number): string {
  return `${prefix}-${jobName}--part-${index + 1}`;
}

/**
 * The child state machine ARNs used when `CompileOptions.childStateMachine` is not given: in
 * account 000000000000, us-east-1, named by {@link childStateMachineName} under `stepster`.
 *
 * @example
 * defaultChildStateMachine('big_job')(0); // 'arn:aws:states:us-east-1:000000000000:stateMachine:stepster-big_job--part-1'
 */
export function defaultChildStateMachine(jobName: string): (index: number) => string {
  return (index) => DEFAULT_STATE_MACHINE_ARN_PREFIX + childStateMachineName(DEFAULT_FUNCTION_PREFIX, jobName, index);
}
