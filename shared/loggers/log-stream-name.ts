/** CloudWatch log stream names: 1–512 characters, no `:` or `*`. */
const MAX_LOG_STREAM_NAME_LENGTH = 512;

/**
 * Makes `name` a valid log stream name: `:` and `*` become `_`, and it is cut to 512 characters.
 *
 * @example
 * ```ts
 * sanitizeLogStreamName('sales:job*1'); // 'sales_job_1'
 * ```
 */
export function sanitizeLogStreamName(name: string): string {
  const cleaned = name.replace(/[:*]/g, '_').slice(0, MAX_LOG_STREAM_NAME_LENGTH);
  return cleaned === '' ? '_' : cleaned;
}

/**
 * The CloudWatch logger's stream when config names none: one stream per run, `<jobName>/<runId>`,
 * so a run's records from all its op Lambdas read in one place.
 *
 * @example
 * ```ts
 * defaultLogStreamName('sales_job', 'c0ffee00-1111'); // 'sales_job/c0ffee00-1111'
 * ```
 */
export function defaultLogStreamName(jobName: string, runId: string): string {
  return sanitizeLogStreamName(`${jobName}/${runId}`);
}
