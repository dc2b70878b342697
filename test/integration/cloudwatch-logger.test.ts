/**
 * The CloudWatch logger against a protocol double on 127.0.0.1 (test/support/cloudwatch-logs-double.ts).
 * No local CloudWatch Logs implementation exists, so the double speaks the AWS JSON 1.1 protocol the SDK
 * uses and enforces PutLogEvents' documented limits; the real SDK client does everything else (signing,
 * serialisation, error parsing).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildInitLoggerContext } from '../../shared/loggers/init-logger-context.js';
import { type CloudwatchLoggerSink, makeCloudwatchLogger } from '../../shared/loggers/cloudwatch-logger.js';
import { createLogManager } from '../../shared/loggers/log-manager.js';
import { initLogger } from '../../shared/loggers/init-logger.js';
import { LogDeliveryError } from '../../shared/loggers/log-delivery-error.js';
import { LogLevel } from '../../shared/loggers/log-level.js';
import type { LogRecord } from '../../shared/loggers/log-record.js';
import { type CloudwatchLogsDouble, startCloudwatchLogsDouble } from '../support/cloudwatch-logs-double.js';

const GROUP = '/stepster/test/sales_job';
const REGION = 'eu-west-1';
const ACCESS_KEY_ID = 'AKIDSTEPSTERTEST';
const HOUR = 60 * 60 * 1000;

let double: CloudwatchLogsDouble;

afterEach(async () => {
  await double.close();
});

async function cloudwatchSink(
  options: {
    jobName?: string;
    runId?: string;
    config?: Record<string, unknown>;
    reportError?: (error: unknown) => void;
  } = {},
): Promise<CloudwatchLoggerSink> {
  const definition = makeCloudwatchLogger({
    logGroupName: GROUP,
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'not-a-secret' },
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });
  return initLogger(
    definition,
    buildInitLoggerContext({
      loggerConfig: { region: REGION, endpoint: double.endpoint, logLevel: 'DEBUG', ...options.config },
      jobDef: { name: options.jobName ?? 'sales_job' },
      runId: options.runId ?? 'run-1',
      loggerName: 'cloudwatch',
      ...(options.reportError ? { reportError: options.reportError } : {}),
    }),
  );
}

function record(overrides: Partial<LogRecord> = {}): LogRecord {
  return {
    runId: 'run-1',
    jobName: 'sales_job',
    timestamp: new Date().toISOString(),
    level: 'INFO',
    levelNumber: LogLevel.INFO,
    message: 'm',
    ...overrides,
  };
}

function putEvents(): { timestamp: number; message: string }[][] {
  return double
    .callsOf('PutLogEvents')
    .filter((c) => c.status === 200)
    .map((c) => c.body['logEvents'] as { timestamp: number; message: string }[]);
}

function batchBytes(events: readonly { message: string }[]): number {
  return events.reduce((sum, e) => sum + Buffer.byteLength(e.message, 'utf8') + 26, 0);
}

describe('CloudWatch logger batching', () => {
  beforeEach(async () => {
    double = await startCloudwatchLogsDouble({ streams: [{ logGroupName: GROUP, logStreamName: 'j/r' }] });
  });

  it('sends 10,001 records in 2 PutLogEvents calls, the first as soon as 10,000 are buffered', async () => {
    // Prepare
    const manager = await createLogManager({
      loggerDefs: {
        cloudwatch: makeCloudwatchLogger({
          credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'not-a-secret' },
        }),
      },
      loggersConfig: { cloudwatch: { config: { logGroupName: GROUP, region: REGION, endpoint: double.endpoint } } },
      job: { name: 'j' },
      runId: 'r',
    });
    const log = manager.forStep();

    // Act
    for (let i = 0; i < 10_000; i++) log.info(String(i));
    // The first call starts at 10,000 buffered records; the wait only gives a loaded machine time to send it.
    await vi.waitFor(() => expect(putEvents()).toHaveLength(1), { timeout: 10_000 });
    log.info('10000');
    const failures = await manager.flush();

    // Assess
    expect(failures).toEqual([]);
    expect(double.callsOf('PutLogEvents')).toHaveLength(2);
    expect(putEvents().map((events) => events.length)).toEqual([10_000, 1]);
    expect(double.events(GROUP, 'j/r')).toHaveLength(10_001);
    expect(JSON.parse(double.events(GROUP, 'j/r')[0]!.message)).toEqual({
      level: 'INFO',
      message: '0',
      runId: 'r',
      jobName: 'j',
      levelNumber: 20,
    });
  });

  it('splits by the 1,048,576-byte limit, counting 26 bytes per event', async () => {
    // Prepare
    const sink = await cloudwatchSink({ jobName: 'j', runId: 'r' });
    const big = 'x'.repeat(100_000);

    // Act
    for (let i = 0; i < 25; i++) sink.log(record({ runId: 'r', jobName: 'j', message: `${i}:${big}` }));
    await vi.waitFor(() => expect(putEvents()).toHaveLength(2), { timeout: 10_000 });
    await sink.flush();

    // Assess
    const batches = putEvents();
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    for (const events of batches) expect(batchBytes(events)).toBeLessThanOrEqual(1_048_576);
    expect(double.events(GROUP, 'j/r')).toHaveLength(25);
    expect(sink.stats.deliveredRecords).toBe(25);
  });

  it('never lets one call span 24 hours and sends events in chronological order', async () => {
    // Prepare
    const sink = await cloudwatchSink({ jobName: 'j', runId: 'r' });
    const start = Date.now() - 30 * HOUR;
    const at = (ms: number) => new Date(start + ms).toISOString();
    const logged = [
      { ms: 25 * HOUR, message: 'day2-b' },
      { ms: 2 * HOUR, message: 'day1-c' },
      { ms: 0, message: 'day1-a' },
      { ms: 26 * HOUR, message: 'day2-c' },
      { ms: 1 * HOUR, message: 'day1-b1' },
      { ms: 24 * HOUR, message: 'day2-a' },
      { ms: 1 * HOUR, message: 'day1-b2' },
    ];

    // Act
    for (const { ms, message } of logged) sink.log(record({ runId: 'r', jobName: 'j', timestamp: at(ms), message }));
    await sink.flush();

    // Assess
    const batches = putEvents();
    expect(batches).toHaveLength(2);
    for (const events of batches) {
      const times = events.map((e) => e.timestamp);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times[times.length - 1]! - times[0]!).toBeLessThan(24 * HOUR);
    }
    const messages = batches.map((events) => events.map((e) => (JSON.parse(e.message) as { message: string }).message));
    expect(messages).toEqual([
      ['day1-a', 'day1-b1', 'day1-b2', 'day1-c'],
      ['day2-a', 'day2-b', 'day2-c'],
    ]);
  });

  it('truncates an event over 256 KB with a marker and keeps it valid JSON', async () => {
    // Prepare
    const sink = await cloudwatchSink({ jobName: 'j', runId: 'r' });

    // Act
    sink.log(record({ runId: 'r', jobName: 'j', message: 'y'.repeat(300_000), extra: { note: 'dropped' } }));
    await sink.flush();

    // Assess
    const [stored] = double.events(GROUP, 'j/r');
    expect(Buffer.byteLength(stored!.message, 'utf8') + 26).toBeLessThanOrEqual(262_144);
    const parsed = JSON.parse(stored!.message) as { message: string; truncated: unknown; note?: unknown };
    expect(parsed.message.endsWith('[truncated by stepster: 300000 bytes]')).toBe(true);
    expect(parsed.truncated).toMatchObject({ extraFieldsDropped: 1 });
    expect(parsed.note).toBeUndefined();
  });

  it('signs requests for the configured endpoint and region with the given credentials', async () => {
    // Prepare
    const sink = await cloudwatchSink({ jobName: 'j', runId: 'r' });

    // Act
    sink.log(record({ runId: 'r', jobName: 'j' }));
    await sink.flush();

    // Assess
    const [call] = double.callsOf('PutLogEvents');
    expect(call!.authorization).toContain(`Credential=${ACCESS_KEY_ID}/`);
    expect(call!.authorization).toContain(`/${REGION}/logs/aws4_request`);
    expect(call!.body).toMatchObject({ logGroupName: GROUP, logStreamName: 'j/r' });
  });
});

describe('CloudWatch logger delivery', () => {
  beforeEach(async () => {
    double = await startCloudwatchLogsDouble({ logGroups: [GROUP] });
  });

  it('creates a missing stream named <jobName>/<runId> (":" and "*" replaced) and retries the put once', async () => {
    // Prepare
    const sink = await cloudwatchSink({ jobName: 'sales_job', runId: 'run:42*b' });

    // Act
    for (let i = 0; i < 3; i++) sink.log(record({ runId: 'run:42*b', message: `m${i}` }));
    await sink.flush();

    // Assess
    expect(double.calls.map((c) => [c.operation, c.errorType ?? 'ok'])).toEqual([
      ['PutLogEvents', 'ResourceNotFoundException'],
      ['CreateLogStream', 'ok'],
      ['PutLogEvents', 'ok'],
    ]);
    expect(sink.logStreamName).toBe('sales_job/run_42_b');
    expect(double.events(GROUP, 'sales_job/run_42_b')).toHaveLength(3);
    expect(sink.failures).toEqual([]);
  });

  it('accepts ResourceAlreadyExistsException when another op created the stream first', async () => {
    // Prepare
    await startStream('shared');
    const sink = await cloudwatchSink({ config: { logStreamName: 'shared' } });
    // The stream did not exist at this put; another op's Lambda created it before our CreateLogStream.
    double.failNext('PutLogEvents', 'ResourceNotFoundException');

    // Act
    sink.log(record());
    await sink.flush();

    // Assess
    expect(double.calls.map((c) => [c.operation, c.errorType ?? 'ok'])).toEqual([
      ['PutLogEvents', 'ResourceNotFoundException'],
      ['CreateLogStream', 'ResourceAlreadyExistsException'],
      ['PutLogEvents', 'ok'],
    ]);
    expect(double.events(GROUP, 'shared')).toHaveLength(1);
    expect(sink.failures).toEqual([]);
  });

  it('retries a ThrottlingException and then delivers', async () => {
    // Prepare
    await startStream('sales_job/run-1');
    const sink = await cloudwatchSink();
    double.failNext('PutLogEvents', 'ThrottlingException');

    // Act
    sink.log(record({ message: 'after throttling' }));
    await sink.flush();

    // Assess
    expect(double.callsOf('PutLogEvents').map((c) => c.errorType ?? 'ok')).toEqual(['ThrottlingException', 'ok']);
    expect(double.events(GROUP, 'sales_job/run-1')).toHaveLength(1);
    expect(sink.failures).toEqual([]);
  });

  it('gives up on ServiceUnavailableException after the bounded retries and reports it', async () => {
    // Prepare
    await startStream('sales_job/run-1');
    const reported: unknown[] = [];
    const sink = await cloudwatchSink({ reportError: (e) => reported.push(e) });
    double.failAlways('PutLogEvents', 'ServiceUnavailableException', 503);

    // Act
    sink.log(record());
    const error = await sink.flush().catch((e: unknown) => e);

    // Assess
    expect(double.callsOf('PutLogEvents')).toHaveLength(5);
    expect(error).toBeInstanceOf(LogDeliveryError);
    expect(reported).toEqual([error]);
  });

  it('reports a permanent failure: flush rejects with LogDeliveryError, reportError and failures hold it', async () => {
    // Prepare
    await startStream('sales_job/run-1');
    const reported: unknown[] = [];
    const sink = await cloudwatchSink({ reportError: (e) => reported.push(e) });
    double.failAlways('PutLogEvents', 'AccessDeniedException');

    // Act
    for (let i = 0; i < 3; i++) sink.log(record({ message: `lost ${i}` }));
    const error = await sink.flush().catch((e: unknown) => e);

    // Assess
    expect(double.callsOf('PutLogEvents')).toHaveLength(1);
    expect(error).toBeInstanceOf(LogDeliveryError);
    const failure = error as LogDeliveryError;
    expect(failure.name).toBe('LogDeliveryError');
    expect(failure.message).toContain(`log group "${GROUP}"`);
    expect(failure.message).toContain('lost 3 log records');
    expect(failure.lostRecords).toBe(3);
    expect((failure.cause as Error).name).toBe('AccessDeniedException');
    expect(reported).toEqual([failure]);
    expect(sink.failures).toEqual([failure]);
    await expect(sink.flush()).resolves.toBeUndefined();
  });

  it('explains a missing log group', async () => {
    // Prepare
    const sink = await cloudwatchSink({
      config: { logGroupName: '/stepster/not-deployed' },
      reportError: () => undefined,
    });

    // Act
    sink.log(record());
    const error = await sink.flush().catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(LogDeliveryError);
    expect((error as Error).message).toContain('log group "/stepster/not-deployed" does not exist');
    expect((error as Error).message).toContain('CDK app');
  });

  it('through the log manager: the failure shows on stderr at once and flush() returns it, once', async () => {
    // Prepare
    double.failAlways('PutLogEvents', 'AccessDeniedException');
    const loggerErrors: string[] = [];
    const stderrLines: string[] = [];
    const manager = await createLogManager({
      loggerDefs: {
        cloudwatch: makeCloudwatchLogger({
          logGroupName: GROUP,
          credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'not-a-secret' },
        }),
      },
      loggersConfig: { cloudwatch: { config: { region: REGION, endpoint: double.endpoint } } },
      job: { name: 'sales_job' },
      runId: 'run-1',
      onLoggerError: (name) => loggerErrors.push(name),
      errorStream: { write: (line: string) => stderrLines.push(line) },
    });

    // Act
    manager.forStep({ stepKey: 'load_orders', attempt: 1 }).error('will not arrive');
    const failures = await manager.flush();

    // Assess
    expect(failures).toHaveLength(1);
    expect(failures[0]!.lostRecords).toBe(1);
    expect(failures[0]!.loggerName).toBe('cloudwatch');
    expect(stderrLines).toHaveLength(1);
    expect(stderrLines[0]).toContain('lost 1 log record');
    expect(loggerErrors).toEqual([]);
  });
});

/** Creates a stream through the double's own API, as another op's Lambda would have. */
async function startStream(logStreamName: string): Promise<void> {
  const response = await fetch(double.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.CreateLogStream' },
    body: JSON.stringify({ logGroupName: GROUP, logStreamName }),
  });
  expect([200, 400]).toContain(response.status);
  double.calls.length = 0;
}
