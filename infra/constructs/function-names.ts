import { createHash } from 'node:crypto';
import { KIND_SUFFIX, type TaskTarget } from '../../shared/compiler/task-target.js';

const LAMBDA_FUNCTION_NAME_LIMIT = 64;

/**
 * The Lambda function name of a job's task target: `<prefix>-<job>-<node or kind>`, cut to
 * 55 characters plus `-` and 8 hex digits of a hash when longer than Lambda's 64.
 *
 * @example
 * stepsterFunctionName('stepster-prod', 'sales_job', { kind: 'op', node: 'fetch_sales' }); // 'stepster-prod-sales_job-fetch_sales'
 */
export function stepsterFunctionName(prefix: string, jobName: string, target: TaskTarget): string {
  const suffix = target.kind === 'op' ? target.node : KIND_SUFFIX[target.kind];
  const full = `${prefix}-${jobName}-${suffix}`.replace(/[^A-Za-z0-9_-]/g, '-');
  if (full.length <= LAMBDA_FUNCTION_NAME_LIMIT) return full;
  const hash = createHash('sha1').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, LAMBDA_FUNCTION_NAME_LIMIT - hash.length - 1)}-${hash}`;
}
