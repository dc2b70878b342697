import type { LogRecord } from './log-record.js';

/** Level words Lambda's log-level filtering understands (anything else counts as INFO there). */
const LAMBDA_LEVEL_NAMES = {
  DEBUG: 'DEBUG',
  INFO: 'INFO',
  WARNING: 'WARN',
  ERROR: 'ERROR',
  CRITICAL: 'FATAL',
} as const;

/** Fields a record contributes itself; an op's extra fields with these names go under `extra`. */
const RESERVED_FIELDS = new Set([
  'timestamp',
  'level',
  'message',
  'requestId',
  'logger',
  'runId',
  'jobName',
  'stepKey',
  'attempt',
  'levelName',
  'levelNumber',
  'extra',
  'event',
]);

/** Options of {@link structuredLogFields}. */
export interface StructuredLogFieldsOptions {
  /** The logger's name (`logger` field). */
  readonly loggerName: string;
  /**
   * Write `level` in Lambda's words (WARN, FATAL) so Lambda's JSON log format and its log-level filtering
   * read the line as the right level. `levelName` always keeps the Dagster name.
   * @default false
   */
  readonly lambdaLevels?: boolean;
  /** Lambda request id of the invocation, if known. */
  readonly requestId?: string;
  /**
   * Leave out what the destination already holds: `timestamp` (a CloudWatch event carries its own),
   * `logger` and `levelName` (equal to `level` without `lambdaLevels`). Saves ~90 bytes a record, which
   * decides how many records fit in one PutLogEvents call.
   * @default false
   */
  readonly compact?: boolean;
}

/**
 * One flat object per record: `timestamp`, `level`, `message` first (the field names of Lambda's JSON
 * log format), then `requestId`, `logger`, `runId`, `jobName`, `stepKey`, `attempt`, `levelName`,
 * `levelNumber`, `event` (a step failure or retry: its type and data), then the op's extra fields at top level, so CloudWatch Logs Insights can filter on any of them.
 *
 * @example
 * ```ts
 * structuredLogFields(record, { loggerName: 'stepster' });
 * // { timestamp, level: 'INFO', message, logger: 'stepster', runId, jobName, stepKey, attempt, levelName, levelNumber, rows: 3 }
 * ```
 */
export function structuredLogFields(record: LogRecord, options: StructuredLogFieldsOptions): Record<string, unknown> {
  const full = options.compact !== true;
  const fields: Record<string, unknown> = {};
  if (full) fields['timestamp'] = record.timestamp;
  fields['level'] = options.lambdaLevels === true ? LAMBDA_LEVEL_NAMES[record.level] : record.level;
  fields['message'] = record.message;
  if (options.requestId !== undefined) fields['requestId'] = options.requestId;
  if (full) fields['logger'] = options.loggerName;
  fields['runId'] = record.runId;
  fields['jobName'] = record.jobName;
  if (record.stepKey !== undefined) fields['stepKey'] = record.stepKey;
  if (record.attempt !== undefined) fields['attempt'] = record.attempt;
  if (full) fields['levelName'] = record.level;
  fields['levelNumber'] = record.levelNumber;
  // A failure's stack and metadata, as stored: Logs Insights can filter on `event.data.error.name`.
  if (record.event !== undefined) fields['event'] = record.event;
  if (record.extra !== undefined) {
    let clashing: Record<string, unknown> | undefined;
    for (const [key, value] of Object.entries(record.extra)) {
      if (RESERVED_FIELDS.has(key)) {
        clashing ??= {};
        clashing[key] = value;
      } else {
        fields[key] = value;
      }
    }
    if (clashing !== undefined) fields['extra'] = clashing;
  }
  return fields;
}
