import type {
  CloudWatchLogsClient,
  CloudWatchLogsClientConfig,
  RejectedLogEventsInfo,
} from '@aws-sdk/client-cloudwatch-logs';
import { z } from 'zod';
import { errorMessage } from '../errors/error-message.js';
import { DEFAULT_DELIVERY_RETRY, type DeliveryRetryPolicy, withDeliveryRetry } from './delivery-retry.js';
import { toJsonLine } from './json-line.js';
import { LogDeliveryError } from './log-delivery-error.js';
import { LogLevel, type LogLevelInput, logLevelSchema, parseLogLevel } from './log-level.js';
import type { LogRecord } from './log-record.js';
import { defaultLogStreamName } from './log-stream-name.js';
import { defineLogger, type LoggerDefinition, type LoggerSink } from './logger-definition.js';
import { LOGGER_KIND } from './logger-kind.js';
import { type PendingLogEvent, planPutLogEventsBatches } from './put-log-events-batches.js';
import {
  logEventSize,
  MAX_LOG_EVENT_MESSAGE_BYTES,
  PUT_LOG_EVENTS_LIMITS,
  truncateToBytes,
} from './put-log-events-limits.js';
import { structuredLogFields } from './structured-log-fields.js';

/** CloudWatch log group names: 1–512 of letters, digits, `.`, `-`, `_`, `/`, `#`. */
const LOG_GROUP_NAME_PATTERN = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/**
 * IAM actions an op's role needs on the log group (`arn:aws:logs:<region>:<account>:log-group:<name>:*`).
 * No Describe* call is made: a missing stream is created when PutLogEvents reports it.
 */
export const CLOUDWATCH_LOGGER_IAM_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;

/**
 * Validated config of the CloudWatch logger (`logLevel` as a number).
 *
 * @example
 * ```ts
 * const config: CloudwatchLoggerConfig = { logGroupName: '/stepster/prod/sales_job', logLevel: 20 };
 * ```
 */
export interface CloudwatchLoggerConfig {
  readonly logGroupName: string;
  readonly logStreamName?: string | undefined;
  readonly logLevel: number;
  readonly region?: string | undefined;
  readonly endpoint?: string | undefined;
}

/**
 * Options of {@link makeCloudwatchLogger}: defaults the CDK app can read, and SDK wiring.
 *
 * @example
 * ```ts
 * const options: CloudwatchLoggerOptions = { logGroupName: '/stepster/prod/sales_job', logLevel: 'WARNING' };
 * ```
 */
export interface CloudwatchLoggerOptions {
  /**
   * Log group used when run config names none. The CDK app reads it (`definition.logGroupName`) to create
   * the group and grant the op roles access; without it, run config must set `logGroupName`.
   */
  readonly logGroupName?: string;
  /** @default 'INFO' */
  readonly logLevel?: LogLevelInput;
  /** @default the SDK's region resolution (`AWS_REGION` in Lambda) */
  readonly region?: string;
  /** @default the SDK's CloudWatch Logs endpoint for the region */
  readonly endpoint?: string;
  /** @default the SDK's default credential chain (the Lambda role in Lambda) */
  readonly credentials?: CloudWatchLogsClientConfig['credentials'];
  /** @default DEFAULT_DELIVERY_RETRY (5 attempts, 100 ms doubling, ≤ 2 s each) */
  readonly retry?: Partial<DeliveryRetryPolicy>;
  /** Waits between retries; tests replace it. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * What the CloudWatch sink has sent, for tests and benchmarks.
 *
 * @example
 * ```ts
 * sink.stats.putLogEventsCalls; // 2 for 10,001 small records
 * ```
 */
export interface CloudwatchDeliveryStats {
  putLogEventsCalls: number;
  createLogStreamCalls: number;
  deliveredRecords: number;
}

/**
 * The CloudWatch logger's sink: a buffering {@link LoggerSink} that keeps its delivery failures.
 *
 * @example
 * ```ts
 * const sink = await initLogger(cloudwatchLogger, buildInitLoggerContext({ loggerConfig: { logGroupName: '/g' } }));
 * await sink.flush().catch((error: LogDeliveryError) => console.error(error.lostRecords));
 * sink.failures.length; // every failed delivery so far
 * ```
 */
export interface CloudwatchLoggerSink extends LoggerSink {
  readonly name: string;
  readonly level: number;
  readonly logGroupName: string;
  /** Known once the run (from init context or the first record) is; `undefined` before that. */
  readonly logStreamName: string | undefined;
  /** Every delivery that failed after retries, oldest first; never cleared. */
  readonly failures: readonly LogDeliveryError[];
  readonly stats: Readonly<CloudwatchDeliveryStats>;
  /** Sends everything buffered; rejects with a {@link LogDeliveryError} if any delivery since the last flush failed. */
  flush(): Promise<void>;
}

/** A CloudWatch logger definition: its sink type and the default log group are visible. */
export type CloudwatchLoggerDefinition = LoggerDefinition<CloudwatchLoggerConfig, CloudwatchLoggerSink>;

function cloudwatchConfigSchema(options: CloudwatchLoggerOptions) {
  const groupName = z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? 'required: name the log group the CDK app created for this logger, e.g. "/stepster/prod/sales_job"'
          : 'must be a string',
    })
    .regex(LOG_GROUP_NAME_PATTERN, 'must be 1-512 characters: letters, digits and . - _ / #');
  return z.strictObject({
    logGroupName: options.logGroupName === undefined ? groupName : groupName.default(options.logGroupName),
    logStreamName: z
      .string()
      .min(1, 'must not be empty')
      .max(512, 'must be at most 512 characters')
      .regex(/^[^:*]*$/, "must not contain ':' or '*'")
      .optional(),
    logLevel: logLevelSchema.default(
      options.logLevel === undefined ? LogLevel.INFO : parseLogLevel(options.logLevel, 'makeCloudwatchLogger logLevel'),
    ),
    region: z.string().min(1, 'must not be empty').optional(),
    endpoint: z.url('must be a URL such as https://logs.eu-west-1.amazonaws.com').optional(),
  });
}

/**
 * Builds a CloudWatch Logs logger. Records are buffered and sent with PutLogEvents in as few calls as the
 * API limits allow (≤ 10,000 events, ≤ 1 MiB, < 24 h per call, sorted by time; events over 256 KB are
 * truncated with a marker). A buffer that reaches a limit is sent at once; `flush()` sends the rest and
 * must be awaited before the op's Lambda returns. Throttling and unavailability are retried with bounded
 * backoff; a missing stream is created (`ResourceAlreadyExistsException` is fine). A delivery that still
 * fails is never dropped silently: it is reported through `initContext.reportError`, kept on
 * `sink.failures`, and `flush()` rejects with a {@link LogDeliveryError} naming the group and lost count.
 *
 * Each event's message is one compact JSON object (`level`, `message`, `runId`, `jobName`, `stepKey`,
 * `attempt`, `levelNumber`, then extra fields) that Logs Insights discovers as fields; the event's own
 * timestamp is the record's, so the object repeats no time.
 *
 * @example
 * ```ts
 * const prodLogs = makeCloudwatchLogger({ logGroupName: '/stepster/prod/sales_job' });
 * const salesJob = job({ name: 'sales_job', loggerDefs: { cloudwatch: prodLogs } }, build);
 * ```
 */
export function makeCloudwatchLogger(options: CloudwatchLoggerOptions = {}): CloudwatchLoggerDefinition {
  if (options.logGroupName !== undefined && !LOG_GROUP_NAME_PATTERN.test(options.logGroupName)) {
    throw new RangeError(
      `makeCloudwatchLogger: logGroupName ${JSON.stringify(options.logGroupName)} is not a valid log group name; use 1-512 characters: letters, digits and . - _ / #.`,
    );
  }
  const retry: DeliveryRetryPolicy = { ...DEFAULT_DELIVERY_RETRY, ...options.retry };
  return defineLogger(
    LOGGER_KIND.CLOUDWATCH,
    {
      config: cloudwatchConfigSchema(options),
      description: 'Batches records into a CloudWatch Logs stream per run',
      ...(options.logGroupName !== undefined ? { logGroupName: options.logGroupName } : {}),
    },
    (context): CloudwatchLoggerSink => {
      const config = context.loggerConfig;
      const region = config.region ?? options.region;
      const endpoint = config.endpoint ?? options.endpoint;
      const clientConfig: CloudWatchLogsClientConfig = {
        // The sink retries itself, so waits stay bounded and each failed call is counted once.
        maxAttempts: 1,
        ...(region !== undefined ? { region } : {}),
        ...(endpoint !== undefined ? { endpoint } : {}),
        ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
      };
      const streamName =
        config.logStreamName ??
        (context.jobDef !== undefined && context.runId !== undefined
          ? defaultLogStreamName(context.jobDef.name, context.runId)
          : undefined);
      return new CloudwatchSink({
        name: context.loggerName ?? 'cloudwatch',
        level: config.logLevel,
        logGroupName: config.logGroupName,
        logStreamName: streamName,
        clientConfig,
        retry,
        sleep: options.sleep,
        reportError: context.reportError,
      });
    },
  );
}

/**
 * CloudWatch Logs logger (Dagster's `cloudwatch_logger`, but batched). Config:
 * `{ logGroupName (required), logStreamName = '<jobName>/<runId>', logLevel = 'INFO', region?, endpoint? }`.
 * Use {@link makeCloudwatchLogger} to give it a default log group the CDK app can see.
 *
 * @example
 * ```ts
 * const runConfig = { loggers: { cloudwatch: { config: { logGroupName: '/stepster/prod/sales_job', logLevel: 'WARNING' } } } };
 * ```
 */
export const cloudwatchLogger: CloudwatchLoggerDefinition = makeCloudwatchLogger();

interface CloudwatchSinkInit {
  readonly name: string;
  readonly level: number;
  readonly logGroupName: string;
  readonly logStreamName: string | undefined;
  readonly clientConfig: CloudWatchLogsClientConfig;
  readonly retry: DeliveryRetryPolicy;
  readonly sleep: ((ms: number) => Promise<void>) | undefined;
  readonly reportError: ((error: unknown) => void) | undefined;
}

/** The client and the commands the sink sends, from the lazily loaded SDK. */
interface CloudWatchLogsSdk {
  readonly client: CloudWatchLogsClient;
  readonly PutLogEventsCommand: typeof import('@aws-sdk/client-cloudwatch-logs').PutLogEventsCommand;
  readonly CreateLogStreamCommand: typeof import('@aws-sdk/client-cloudwatch-logs').CreateLogStreamCommand;
}

class CloudwatchSink implements CloudwatchLoggerSink {
  readonly name: string;
  readonly level: number;
  readonly logGroupName: string;
  readonly failures: LogDeliveryError[] = [];
  readonly stats: CloudwatchDeliveryStats = { putLogEventsCalls: 0, createLogStreamCalls: 0, deliveredRecords: 0 };
  private streamName: string | undefined;
  private readonly init: CloudwatchSinkInit;
  private client: Promise<CloudWatchLogsSdk> | undefined;
  private pending: PendingLogEvent[] = [];
  private pendingBytes = 0;
  /** Deliveries run one after another so a stream is created once and calls stay in order. */
  private deliveries: Promise<void> = Promise.resolve();
  private unflushedFailures: LogDeliveryError[] = [];

  constructor(init: CloudwatchSinkInit) {
    this.init = init;
    this.name = init.name;
    this.level = init.level;
    this.logGroupName = init.logGroupName;
    this.streamName = init.logStreamName;
  }

  get logStreamName(): string | undefined {
    return this.streamName;
  }

  log(record: LogRecord): void {
    if (record.levelNumber < this.level) return;
    this.streamName ??= defaultLogStreamName(record.jobName, record.runId);
    const event = this.toEvent(record);
    if (this.pending.length > 0 && this.pendingBytes + event.size > PUT_LOG_EVENTS_LIMITS.maxBatchBytes) {
      this.sendPending();
    }
    this.pending.push(event);
    this.pendingBytes += event.size;
    if (this.pending.length >= PUT_LOG_EVENTS_LIMITS.maxEventsPerBatch) this.sendPending();
  }

  async flush(): Promise<void> {
    if (this.pending.length > 0) this.sendPending();
    await this.deliveries;
    const failures = this.unflushedFailures;
    if (failures.length === 0) return;
    this.unflushedFailures = [];
    if (failures.length === 1) throw failures[0]!;
    const lost = failures.reduce((sum, f) => sum + (f.lostRecords ?? 0), 0);
    throw new LogDeliveryError(
      `CloudWatch logger "${this.name}" lost ${lost} log records in ${failures.length} failed deliveries to log group "${this.logGroupName}"; first: ${failures[0]!.message}`,
      {
        cause: failures[0]!.cause,
        loggerName: this.name,
        logGroupName: this.logGroupName,
        ...(this.streamName !== undefined ? { logStreamName: this.streamName } : {}),
        lostRecords: lost,
      },
    );
  }

  private toEvent(record: LogRecord): PendingLogEvent {
    const parsed = Date.parse(record.timestamp);
    const timestamp = Number.isNaN(parsed) ? Date.now() : parsed;
    const fields = structuredLogFields(record, { loggerName: this.name, compact: true });
    let message = toJsonLine(fields);
    let size = logEventSize(message);
    if (size > PUT_LOG_EVENTS_LIMITS.maxEventBytes) {
      message = shrinkToEventLimit(fields, record, size - PUT_LOG_EVENTS_LIMITS.eventOverheadBytes);
      size = logEventSize(message);
    }
    return { timestamp, message, size };
  }

  private sendPending(): void {
    const events = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.deliveries = this.deliveries
      .then(() => this.deliver(events))
      .catch((error: unknown) => this.recordFailure(error, events.length));
  }

  /** Never rejects: failures are recorded, reported and surfaced by `flush()`. */
  private async deliver(events: readonly PendingLogEvent[]): Promise<void> {
    for (const batch of planPutLogEventsBatches(events)) {
      try {
        const rejected = await this.putBatch(batch);
        this.stats.deliveredRecords += batch.length - rejected.count;
        if (rejected.count > 0) {
          this.recordFailure(
            new Error(`CloudWatch Logs rejected ${rejected.count} events as ${rejected.reason}`),
            rejected.count,
          );
        }
      } catch (error) {
        this.recordFailure(error, batch.length);
      }
    }
  }

  private async putBatch(batch: readonly PendingLogEvent[]): Promise<{ count: number; reason: string }> {
    const { client, PutLogEventsCommand } = await this.getClient();
    const input = {
      logGroupName: this.logGroupName,
      logStreamName: this.requireStreamName(),
      logEvents: batch.map((e) => ({ timestamp: e.timestamp, message: e.message })),
    };
    // A fresh command per attempt: a sent command carries state from its middleware stack.
    const put = () => {
      this.stats.putLogEventsCalls++;
      return client.send(new PutLogEventsCommand(input));
    };
    let response: Awaited<ReturnType<typeof put>>;
    try {
      response = await withDeliveryRetry(put, this.init.retry, this.init.sleep);
    } catch (error) {
      if (errorName(error) !== 'ResourceNotFoundException') throw error;
      await this.createStream();
      response = await withDeliveryRetry(put, this.init.retry, this.init.sleep);
    }
    return countRejected(response.rejectedLogEventsInfo, batch.length);
  }

  private async createStream(): Promise<void> {
    const { client, CreateLogStreamCommand } = await this.getClient();
    const input = { logGroupName: this.logGroupName, logStreamName: this.requireStreamName() };
    try {
      await withDeliveryRetry(
        () => {
          this.stats.createLogStreamCalls++;
          return client.send(new CreateLogStreamCommand(input));
        },
        this.init.retry,
        this.init.sleep,
      );
    } catch (error) {
      const name = errorName(error);
      if (name === 'ResourceAlreadyExistsException') return;
      if (name === 'ResourceNotFoundException') {
        throw new Error(
          `log group "${this.logGroupName}" does not exist. The CDK app creates the log groups of the loggers a stage deploys: deploy that stage, or set logGroupName to an existing group.`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  private recordFailure(error: unknown, lostRecords: number): void {
    const stream = this.streamName ?? '(unknown)';
    const failure = new LogDeliveryError(
      `CloudWatch logger "${this.name}" lost ${lostRecords} log record${lostRecords === 1 ? '' : 's'}: delivery to log group "${this.logGroupName}", stream "${stream}" failed: ${describeError(error).replace(/\.$/, '')}. Check that the log group exists and that the op's role may call ${CLOUDWATCH_LOGGER_IAM_ACTIONS.join(' and ')} on it.`,
      {
        cause: error,
        loggerName: this.name,
        logGroupName: this.logGroupName,
        logStreamName: stream,
        lostRecords,
      },
    );
    this.failures.push(failure);
    this.unflushedFailures.push(failure);
    if (this.init.reportError !== undefined) {
      try {
        this.init.reportError(failure);
      } catch {
        process.stderr.write(`stepster: ${failure.message}\n`);
      }
    } else {
      // Nobody to tell yet (logger used outside a log manager): stderr, so it is never silent.
      process.stderr.write(`stepster: ${failure.message}\n`);
    }
  }

  // The SDK is loaded at the first delivery, not at import: functions without a CloudWatch logger
  // (and this one until it sends) do not pay its load time at cold start.
  private getClient(): Promise<CloudWatchLogsSdk> {
    this.client ??= import('@aws-sdk/client-cloudwatch-logs').then((sdk) => ({
      client: new sdk.CloudWatchLogsClient(this.init.clientConfig),
      PutLogEventsCommand: sdk.PutLogEventsCommand,
      CreateLogStreamCommand: sdk.CreateLogStreamCommand,
    }));
    // A failed load is retried at the next delivery instead of failing every later one.
    this.client.catch(() => {
      this.client = undefined;
    });
    return this.client;
  }

  private requireStreamName(): string {
    // log() sets it before anything is buffered, so only an empty flush could get here without one.
    return this.streamName ?? 'stepster';
  }
}

/**
 * A record too large for one event keeps its fields but loses extras and the tail of its message
 * (still valid JSON, marked `truncated`); if even that does not fit, the text itself is cut.
 */
function shrinkToEventLimit(fields: Record<string, unknown>, record: LogRecord, originalBytes: number): string {
  const base: Record<string, unknown> = {};
  for (const key of ['level', 'message', 'runId', 'jobName', 'stepKey', 'attempt', 'levelNumber']) {
    if (fields[key] !== undefined) base[key] = fields[key];
  }
  base['truncated'] = {
    originalBytes,
    extraFieldsDropped: record.extra === undefined ? 0 : Object.keys(record.extra).length,
  };
  let budget = MAX_LOG_EVENT_MESSAGE_BYTES - logEventSize(toJsonLine({ ...base, message: '' }));
  // JSON escaping can grow the cut message (quotes, control characters), so shrink until it fits.
  for (let round = 0; round < 20 && budget > 0; round++) {
    const text = toJsonLine({ ...base, message: truncateToBytes(record.message, budget) });
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes <= MAX_LOG_EVENT_MESSAGE_BYTES) return text;
    budget -= bytes - MAX_LOG_EVENT_MESSAGE_BYTES + 64;
  }
  return truncateToBytes(toJsonLine(fields));
}

function countRejected(info: RejectedLogEventsInfo | undefined, batchSize: number): { count: number; reason: string } {
  if (info === undefined) return { count: 0, reason: '' };
  const rejected = new Set<number>();
  const reasons: string[] = [];
  const markBelow = (end: number | undefined, reason: string) => {
    if (end === undefined || end <= 0) return;
    for (let i = 0; i < Math.min(end, batchSize); i++) rejected.add(i);
    reasons.push(reason);
  };
  markBelow(info.tooOldLogEventEndIndex, 'older than 14 days or the retention period');
  markBelow(info.expiredLogEventEndIndex, 'expired');
  if (info.tooNewLogEventStartIndex !== undefined && info.tooNewLogEventStartIndex < batchSize) {
    for (let i = Math.max(0, info.tooNewLogEventStartIndex); i < batchSize; i++) rejected.add(i);
    reasons.push('more than 2 hours in the future');
  }
  return { count: rejected.size, reason: reasons.join(', ') };
}

function errorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

function describeError(error: unknown): string {
  const name = error instanceof Error ? error.name : undefined;
  return name && name !== 'Error' ? `${name}: ${errorMessage(error)}` : errorMessage(error);
}
