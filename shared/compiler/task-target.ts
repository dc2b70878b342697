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
const DEFAULT_ARN_PREFIX = 'arn:aws:lambda:us-east-1:000000000000:function:';

// Op names cannot contain '-', so hyphenated suffixes never collide with an op's function.
export const KIND_SUFFIX = {
  runStart: 'run-start',
  runEnd: 'run-end',
  gate: 'step-gate',
} as const;

/** FNV-1a, 32 bits: a stable, dependency-free tag for names that had to be truncated. */
function fnv1aHex(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * The Lambda function name stepster uses for a target: `stepster-<job>-<node or kind>`,
 * with characters Lambda refuses replaced by `-`, and names over 64 characters cut to
 * 55 characters plus `-` and an 8-hex-digit hash of the full name.
 *
 * @example
 * defaultFunctionName('sales_job', { kind: 'op', node: 'fetch_sales' }); // 'stepster-sales_job-fetch_sales'
 */
export function defaultFunctionName(jobName: string, target: TaskTarget): string {
  const suffix = target.kind === 'op' ? target.node : KIND_SUFFIX[target.kind];
  const full = `stepster-${jobName}-${suffix}`.replace(/[^A-Za-z0-9_-]/g, '-');
  if (full.length <= LAMBDA_FUNCTION_NAME_LIMIT) {
    return full;
  }
  const hash = fnv1aHex(full);
  return `${full.slice(0, LAMBDA_FUNCTION_NAME_LIMIT - hash.length - 1)}-${hash}`;
}

/**
 * The resolver used when `CompileOptions.resource` is not given: valid-looking Lambda ARNs
 * in account 000000000000, us-east-1, named by {@link defaultFunctionName}.
 *
 * @example
 * defaultTaskResource('sales_job')({ kind: 'runStart' });
 * // 'arn:aws:lambda:us-east-1:000000000000:function:stepster-sales_job-run-start'
 */
export function defaultTaskResource(jobName: string): TaskResourceResolver {
  return (target) => DEFAULT_ARN_PREFIX + defaultFunctionName(jobName, target);
}
