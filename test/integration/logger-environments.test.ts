import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Definitions,
  executeInProcess,
  job,
  logger,
  makeColoredConsoleLogger,
  makeJsonConsoleLogger,
  op,
} from 'stepster';
import { localLogs, prodLogs } from '../../examples/loggers/hello-logs.js';
import { demoJob } from '../../examples/loggers/json-logger.js';
import { type CloudwatchLogsDouble, startCloudwatchLogsDouble } from '../support/cloudwatch-logs-double.js';

// No local CloudWatch Logs implementation exists, so prod_logs ships to a protocol double on
// 127.0.0.1 that speaks the CloudWatch Logs JSON 1.1 API (test/support/cloudwatch-logs-double.ts).
let cloudwatch: CloudwatchLogsDouble;
beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  cloudwatch = await startCloudwatchLogsDouble({ logGroups: ['/stepster/prod_logs'] });
});
afterAll(() => cloudwatch.close());

function captureStdout<T>(fn: () => Promise<T>): Promise<{ result: T; text: string }> {
  const chunks: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  }) as typeof process.stdout.write;
  return fn()
    .then((result) => ({ result, text: chunks.join('') }))
    .finally(() => {
      process.stdout.write = original;
    });
}

describe('environment-specific logging (seed 004)', () => {
  it('sends prod_logs records to CloudWatch only, batched, and local_logs records to the console only', async () => {
    // Prepare
    const before = cloudwatch.callsOf('PutLogEvents').length;

    // Act
    const local = await executeInProcess(localLogs);
    const prod = await executeInProcess(prodLogs, {
      runConfig: { loggers: { cloudwatch: { config: { endpoint: cloudwatch.endpoint, region: 'us-east-1' } } } },
    });

    // Assess
    const stream = `prod_logs/${prod.runId}`;
    const shipped = cloudwatch.events('/stepster/prod_logs', stream).map((e) => JSON.parse(e.message));
    expect(shipped.map((r) => r.message)).toEqual(['Hello, world!', 'disk 80% full']);
    expect(shipped[0]).toMatchObject({ level: 'INFO', runId: prod.runId, stepKey: 'log_op' });
    const localRunShipped = cloudwatch.calls.filter((c) => JSON.stringify(c.body).includes(local.runId));
    expect(localRunShipped).toEqual([]);
    expect(cloudwatch.callsOf('PutLogEvents').length - before).toBeLessThanOrEqual(2);
  });

  it('takes logger config from run config: logLevel ERROR drops INFO and WARNING', async () => {
    // Act
    const prod = await executeInProcess(prodLogs, {
      runConfig: {
        loggers: { cloudwatch: { config: { endpoint: cloudwatch.endpoint, region: 'us-east-1', logLevel: 'ERROR' } } },
      },
    });

    // Assess
    expect(cloudwatch.hasStream('/stepster/prod_logs', `prod_logs/${prod.runId}`)).toBe(false);
    expect(prod.events.filter((e) => e.eventType === 'LOG_MESSAGE')).toEqual([]);
  });

  it('rejects an unknown logger name in run config, listing the known ones, before any op runs', async () => {
    // Act
    const result = await executeInProcess(localLogs, {
      raiseOnError: false,
      runConfig: { loggers: { cloudwatch: { config: {} } } },
    });

    // Assess
    expect(result.success).toBe(false);
    const failure = result.events.find((e) => e.eventType === 'RUN_FAILURE');
    expect(failure?.message).toContain('runConfig.loggers.cloudwatch');
    expect(failure?.message).toContain('console');
    expect(result.events.some((e) => e.eventType === 'STEP_START')).toBe(false);
  });

  it('runs the custom JSON logger of demo_job with config from run config', async () => {
    // Act
    const { text } = await captureStdout(() =>
      executeInProcess(demoJob, { runConfig: { loggers: { my_json_logger: { config: { logLevel: 'WARNING' } } } } }),
    );

    // Assess
    const lines = text
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.orig_message)).toEqual(['disk 80% full']);
    expect(lines[0]).toMatchObject({ name: 'stepster', level: 'WARNING', step_key: 'hello_logs_op' });
  });

  it('puts records at or above the run level into the event log', async () => {
    // Act
    const local = await executeInProcess(localLogs);

    // Assess
    const logs = local.events.filter((e) => e.eventType === 'LOG_MESSAGE');
    expect(logs.map((e) => [e.level, e.message])).toEqual([
      ['INFO', 'Hello, world!'],
      ['DEBUG', 'details only a developer wants'],
      ['WARNING', 'disk 80% full'],
    ]);
  });

  it('uses the Definitions default loggers for jobs without their own, and the job loggers otherwise', async () => {
    // Prepare
    const seen: string[] = [];
    const capture = logger({}, () => ({ log: (r) => seen.push(`default:${r.message}`) }));
    const hello = op({ name: 'hello' }, async (c) => c.log.info('hi'));
    const plain = job({ name: 'plain_job' }, () => {
      hello();
    });
    const own = job(
      { name: 'own_job', loggerDefs: { mine: logger({}, () => ({ log: (r) => seen.push(`own:${r.message}`) })) } },
      () => {
        hello();
      },
    );
    const defs = new Definitions({ jobs: [plain, own], loggers: { capture } });

    // Act
    await executeInProcess(plain, { definitions: defs });
    await executeInProcess(own, { definitions: defs });

    // Assess
    expect(seen).toEqual(['default:hi', 'own:hi']);
  });

  it('reports a user logger that throws once, and the op and run still succeed', async () => {
    // Prepare
    const errors: string[] = [];
    const stderr = new Writable({
      write: (c, _e, cb) => {
        errors.push(String(c));
        cb();
      },
    });
    const broken = logger({}, () => ({
      log: () => {
        throw new Error('sink exploded');
      },
    }));
    const chatty = op({ name: 'chatty' }, async (c) => {
      c.log.info('one');
      c.log.info('two');
      return 1;
    });
    const j = job(
      { name: 'broken_logger_job', loggerDefs: { broken, console: makeColoredConsoleLogger({ stream: stderr }) } },
      () => {
        chatty();
      },
    );

    // Act
    const result = await executeInProcess(j);

    // Assess
    expect(result.success).toBe(true);
    const engine = result.events.filter((e) => e.eventType === 'ENGINE_EVENT' && e.message.includes('sink exploded'));
    expect(engine).toHaveLength(1);
    expect(result.events.filter((e) => e.eventType === 'LOG_MESSAGE').map((e) => e.message)).toEqual(['one', 'two']);
  });

  it('selects jobs and default loggers per stage', () => {
    // Prepare
    const jsonLogger = makeJsonConsoleLogger();
    const defs = new Definitions({
      jobs: [localLogs, prodLogs],
      stages: { dev: { jobs: ['local_logs'] }, prod: { jobs: ['prod_logs'], loggers: { json: jsonLogger } } },
    });

    // Act
    const dev = defs.forStage('dev');
    const prod = defs.forStage('prod');

    // Assess
    expect(dev.jobs.map((j) => j.name)).toEqual(['local_logs']);
    expect(prod.jobs.map((j) => j.name)).toEqual(['prod_logs']);
    expect(prod.loggers).toEqual({ json: jsonLogger });
    expect(defs.forStage('other').jobs).toHaveLength(2);
    expect(() => new Definitions({ jobs: [localLogs], stages: { prod: { jobs: ['nope'] } } })).toThrow(
      /stage "prod" lists job "nope"/,
    );
  });
});

describe('stages and sensors', () => {
  it('keeps a sensor in a stage that deploys some of the jobs it monitors', async () => {
    // Prepare
    const { default: examples } = await import('../../examples/definitions.js');

    // Act
    const prod = examples.forStage('prod');

    // Assess
    expect(prod.jobs.map((j) => j.name)).toEqual(['sales_job', 'retry_job', 'failure_job', 'prod_logs']);
    expect(prod.sensors.map((s) => s.name)).toEqual(['on_run_failure', 'on_pipeline_failure', 'sales_report']);
    expect(prod.schedules.map((s) => s.name)).toEqual(['daily_sales']);
    expect(examples.forStage('dev').jobs.map((j) => j.name)).not.toContain('prod_logs');
  });
});
