import { Writable } from 'node:stream';
import { buildInitLoggerContext } from '../shared/loggers/init-logger-context.js';
import { createLogManager } from '../shared/loggers/log-manager.js';
import { initLogger } from '../shared/loggers/init-logger.js';
import { LogLevel } from '../shared/loggers/log-level.js';
import type { LogRecord } from '../shared/loggers/log-record.js';
import { logger } from '../shared/loggers/logger-definition.js';
import { makeCloudwatchLogger } from '../shared/loggers/cloudwatch-logger.js';
import { makeColoredConsoleLogger } from '../shared/loggers/colored-console-logger.js';
import { makeJsonConsoleLogger } from '../shared/loggers/json-console-logger.js';
import { startCloudwatchLogsDouble } from '../test/support/cloudwatch-logs-double.js';

const ROUNDS = 15;
const CALLS_PER_ROUND = 2_000;
const RUN_ID = 'c0ffee00-1111-2222-3333-444455556666';
const GROUP = '/stepster/bench';

/** Discards everything, like /dev/null, but through a real Node stream. */
function nullStream(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}

function sampleRecord(i: number): LogRecord {
  return {
    runId: RUN_ID,
    jobName: 'sales_job',
    stepKey: 'load_orders',
    attempt: 1,
    timestamp: new Date().toISOString(),
    level: 'INFO',
    levelNumber: LogLevel.INFO,
    message: `processed row ${i}`,
    extra: { row: i },
  };
}

/** Median over rounds of the mean cost of one call, in nanoseconds. */
async function medianNsPerCall(call: (i: number) => void, between?: () => Promise<void>): Promise<number> {
  const perCall: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < CALLS_PER_ROUND; i++) call(round * CALLS_PER_ROUND + i);
    perCall.push(Number(process.hrtime.bigint() - start) / CALLS_PER_ROUND);
    if (between) await between();
  }
  perCall.sort((a, b) => a - b);
  return Math.round(perCall[Math.floor(perCall.length / 2)]!);
}

/**
 * Overhead of one log call per built-in logger (median ns over 15 rounds of 2,000 calls), the log manager's
 * own cost, and how many PutLogEvents calls 10,000 records take against an in-process CloudWatch Logs
 * protocol double on 127.0.0.1. Prints nothing.
 */
export async function benchLoggers(): Promise<Record<string, number | string>> {
  const results: Record<string, number | string> = {};

  // What every sink figure below includes: building the record (mostly `new Date().toISOString()`).
  let checksum = 0;
  results['recordConstructionNsPerCall'] = await medianNsPerCall((i) => {
    checksum += sampleRecord(i).message.length;
  });
  results['recordConstructionChecksum'] = checksum;

  const colored = await initLogger(
    makeColoredConsoleLogger({ stream: nullStream(), env: {} }),
    buildInitLoggerContext(),
  );
  results['coloredConsoleNsPerCall'] = await medianNsPerCall((i) => colored.log(sampleRecord(i)));

  const json = await initLogger(makeJsonConsoleLogger({ stream: nullStream(), env: {} }), buildInitLoggerContext());
  results['jsonConsoleNsPerCall'] = await medianNsPerCall((i) => json.log(sampleRecord(i)));

  const filtered = await initLogger(
    makeJsonConsoleLogger({ stream: nullStream(), env: {} }),
    buildInitLoggerContext({ loggerConfig: { logLevel: 'ERROR' } }),
  );
  results['jsonConsoleBelowLevelNsPerCall'] = await medianNsPerCall((i) => filtered.log(sampleRecord(i)));

  const noop = logger({}, () => ({ level: LogLevel.DEBUG, log: () => undefined }));
  const manager = await createLogManager({ loggerDefs: { noop }, job: { name: 'sales_job' }, runId: RUN_ID });
  const stepLog = manager.forStep({ stepKey: 'load_orders', attempt: 1 });
  results['logManagerNsPerCall'] = await medianNsPerCall((i) => stepLog.info('processed row', { row: i }));
  const infoOnly = logger({}, () => ({ level: LogLevel.INFO, log: () => undefined }));
  const infoManager = await createLogManager({ loggerDefs: { infoOnly }, job: { name: 'sales_job' }, runId: RUN_ID });
  const infoStep = infoManager.forStep({ stepKey: 'load_orders', attempt: 1 });
  results['logManagerBelowMinimumLevelNsPerCall'] = await medianNsPerCall(() => infoStep.debug('dropped'));

  const consoleManager = await createLogManager({
    loggerDefs: { console: makeColoredConsoleLogger({ stream: nullStream(), env: {} }) },
    job: { name: 'sales_job' },
    runId: RUN_ID,
  });
  const consoleStep = consoleManager.forStep({ stepKey: 'load_orders', attempt: 1 });
  results['logManagerColoredConsoleNsPerCall'] = await medianNsPerCall((i) =>
    consoleStep.info('processed row', { row: i }),
  );

  const double = await startCloudwatchLogsDouble({
    streams: [{ logGroupName: GROUP, logStreamName: `sales_job/${RUN_ID}` }],
  });
  try {
    const definition = makeCloudwatchLogger({
      logGroupName: GROUP,
      region: 'us-east-1',
      endpoint: double.endpoint,
      credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'not-a-secret' },
    });
    const context = () => buildInitLoggerContext({ jobDef: { name: 'sales_job' }, runId: RUN_ID });

    const buffered = await initLogger(definition, context());
    // Yield between rounds so background sends of full buffers run, as they would in an op.
    results['cloudwatchBufferedNsPerCall'] = await medianNsPerCall(
      (i) => buffered.log(sampleRecord(i)),
      () => new Promise((resolve) => setImmediate(resolve)),
    );
    await buffered.flush();

    const counted = await initLogger(definition, context());
    const before = double.callsOf('PutLogEvents').length;
    for (let i = 0; i < 10_000; i++) counted.log(sampleRecord(i));
    const flushStart = process.hrtime.bigint();
    await counted.flush();
    results['cloudwatchFlush10000RecordsMs'] = Math.round(Number(process.hrtime.bigint() - flushStart) / 1e5) / 10;
    const calls = double.callsOf('PutLogEvents').slice(before);
    results['cloudwatchPutLogEventsCallsFor10000Records'] = calls.length;
    const events = calls.flatMap((c) => c.body['logEvents'] as { message: string }[]);
    const bytes = events.reduce((sum, e) => sum + Buffer.byteLength(e.message, 'utf8') + 26, 0);
    results['cloudwatchBytesPerEvent'] = Math.round(bytes / Math.max(1, events.length));
    results['cloudwatchRecordsPerCall'] = calls.map((c) => (c.body['logEvents'] as unknown[]).length).join('+');
  } finally {
    await double.close();
  }
  return results;
}
