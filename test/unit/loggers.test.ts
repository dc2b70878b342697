import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { RunConfigError } from '../../shared/errors/run-config-error.js';
import { buildInitLoggerContext } from '../../shared/loggers/init-logger-context.js';
import { cloudwatchLogger, makeCloudwatchLogger } from '../../shared/loggers/cloudwatch-logger.js';
import { cloudwatchLoggerTargets } from '../../shared/loggers/cloudwatch-logger-targets.js';
import { coloredConsoleLogger, makeColoredConsoleLogger } from '../../shared/loggers/colored-console-logger.js';
import { createLogManager } from '../../shared/loggers/log-manager.js';
import { defaultLoggerDefs } from '../../shared/loggers/default-loggers.js';
import { initLogger } from '../../shared/loggers/init-logger.js';
import { jsonConsoleLogger, makeJsonConsoleLogger } from '../../shared/loggers/json-console-logger.js';
import { LOGGER_KIND } from '../../shared/loggers/logger-kind.js';
import { LogDeliveryError } from '../../shared/loggers/log-delivery-error.js';
import { type LoggerDefinition, logger } from '../../shared/loggers/logger-definition.js';
import { LogLevel, logLevelName, logLevelSchema, parseLogLevel } from '../../shared/loggers/log-level.js';
import type { LogOutputStream } from '../../shared/loggers/log-output-stream.js';
import type { LogRecord } from '../../shared/loggers/log-record.js';
import { planPutLogEventsBatches } from '../../shared/loggers/put-log-events-batches.js';
import { toJsonLine } from '../../shared/loggers/json-line.js';
import { truncateToBytes } from '../../shared/loggers/put-log-events-limits.js';
import { validateLoggersConfig } from '../../shared/loggers/validate-loggers-config.js';

const ESC = '\u001b[';
const RUN_ID = 'c0ffee00-1111-2222-3333-444455556666';

function captureStream(isTTY = false): { stream: LogOutputStream; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    stream: {
      isTTY,
      write: (chunk: string) => {
        lines.push(chunk);
        return true;
      },
    },
  };
}

function record(overrides: Partial<LogRecord> = {}): LogRecord {
  return {
    runId: RUN_ID,
    jobName: 'sales_job',
    stepKey: 'load_orders',
    attempt: 1,
    timestamp: '2024-05-01T12:00:00.000Z',
    level: 'INFO',
    levelNumber: LogLevel.INFO,
    message: 'loaded orders',
    ...overrides,
  };
}

/** A user logger that keeps what it receives, at a configurable level. */
function memoryLogger(received: LogRecord[]) {
  return logger({ config: z.strictObject({ logLevel: logLevelSchema.default(LogLevel.DEBUG) }) }, (ctx) => ({
    name: 'memory',
    level: ctx.loggerConfig.logLevel,
    log: (r: LogRecord) => {
      if (r.levelNumber >= ctx.loggerConfig.logLevel) received.push(r);
    },
  }));
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('log levels', () => {
  it('parses names case-insensitively, warn as WARNING, and numbers', () => {
    // Prepare
    const inputs = ['debug', 'Info', 'WARN', 'warning', 'error', 'CRITICAL', 'fatal', 25, '35'];

    // Act
    const parsed = inputs.map((input) => parseLogLevel(input));

    // Assess
    expect(parsed).toEqual([10, 20, 30, 30, 40, 50, 50, 25, 35]);
    expect(logLevelName(25)).toBe('INFO');
    expect(logLevelName(5)).toBe('DEBUG');
  });

  it('names the field and the allowed values for a bad level', () => {
    // Prepare
    const bad = 'LOUD';

    // Act
    const error = catchError(() => parseLogLevel(bad, 'loggers.console.config.logLevel'));

    // Assess
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toContain('loggers.console.config.logLevel');
    expect((error as Error).message).toContain('"LOUD"');
    expect((error as Error).message).toContain('DEBUG, INFO, WARNING (or WARN), ERROR, CRITICAL');
  });
});

describe('buildInitLoggerContext (Dagster seed 004)', () => {
  it('initialises the JSON console logger with its defaults', async () => {
    // Prepare
    const context = buildInitLoggerContext();

    // Act
    const sink = await initLogger(jsonConsoleLogger, context);

    // Assess
    expect(sink.level).toBe(20);
    expect(sink.name).toBe('stepster');
  });

  it('passes logger config, validated against the definition schema', async () => {
    // Prepare
    const context = buildInitLoggerContext({ loggerConfig: { name: 'my_logger' } });

    // Act
    const sink = await initLogger(jsonConsoleLogger, context);

    // Assess
    expect(sink.level).toBe(20);
    expect(sink.name).toBe('my_logger');
  });

  it('rejects config that does not fit the schema, naming the field', async () => {
    // Prepare
    const context = buildInitLoggerContext({ loggerConfig: { logLevel: 'LOUD', colour: true } });

    // Act
    const error = await initLogger(coloredConsoleLogger, context).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(RunConfigError);
    const paths = (error as RunConfigError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['loggerConfig.logLevel', 'loggerConfig.colour']));
  });
});

describe('level filtering', () => {
  it('a sink drops records below its own level', async () => {
    // Prepare
    const { stream, lines } = captureStream();
    const sink = await initLogger(
      makeColoredConsoleLogger({ stream, env: {} }),
      buildInitLoggerContext({ loggerConfig: { logLevel: 'warn' } }),
    );

    // Act
    sink.log(record({ level: 'INFO', levelNumber: 20, message: 'quiet' }));
    sink.log(record({ level: 'WARNING', levelNumber: 30, message: 'loud' }));

    // Assess
    expect(sink.level).toBe(30);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('loud');
  });

  it('the manager passes each sink only records at or above its level, and drops what no one wants', async () => {
    // Prepare
    const everything: LogRecord[] = [];
    const unfiltered = logger({}, () => ({ level: LogLevel.ERROR, log: (r: LogRecord) => everything.push(r) }));
    const infoAndUp: LogRecord[] = [];
    const manager = await createLogManager({
      loggerDefs: { unfiltered, memory: memoryLogger(infoAndUp) },
      loggersConfig: { memory: { config: { logLevel: 'INFO' } } },
      job: { name: 'sales_job' },
      runId: RUN_ID,
    });
    const log = manager.forStep({ stepKey: 'load_orders', attempt: 1 });

    // Act
    log.debug('nobody');
    log.info('memory only');
    log.error('both');

    // Assess
    expect(manager.minimumLevel).toBe(LogLevel.INFO);
    expect(log.isEnabledFor('debug')).toBe(false);
    expect(infoAndUp.map((r) => r.message)).toEqual(['memory only', 'both']);
    expect(everything.map((r) => r.message)).toEqual(['both']);
  });
});

describe('logger config from run config', () => {
  it('loggers.console.config.logLevel = ERROR hides INFO', async () => {
    // Prepare
    const { stream, lines } = captureStream();
    const manager = await createLogManager({
      loggerDefs: { console: makeColoredConsoleLogger({ stream, env: {} }) },
      loggersConfig: { console: { config: { logLevel: 'ERROR' } } },
      job: { name: 'sales_job' },
      runId: RUN_ID,
    });
    const log = manager.forStep({ stepKey: 'load_orders' });

    // Act
    log.info('routine');
    log.error('broken');

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ERROR - broken');
  });

  it('an unknown logger name is an error listing the known loggers', () => {
    // Prepare
    const loggerDefs = {
      console: coloredConsoleLogger,
      cloudwatch: makeCloudwatchLogger({ logGroupName: '/stepster/test' }),
    };

    // Act
    const error = catchError(() => validateLoggersConfig(loggerDefs, { consol: { config: {} } }));

    // Assess
    expect(error).toBeInstanceOf(RunConfigError);
    expect((error as RunConfigError).issues).toEqual([
      {
        path: 'runConfig.loggers.consol',
        message: `unknown logger "consol"; this job's loggers are: console, cloudwatch`,
      },
    ]);
  });

  it('bad config names the field under runConfig.loggers.<name>.config', () => {
    // Prepare
    const loggersConfig = { console: { config: { logLevel: 'LOUD', log_level: 'INFO' } } };

    // Act
    const error = catchError(() => validateLoggersConfig({ console: coloredConsoleLogger }, loggersConfig));

    // Assess
    const issues = (error as RunConfigError).issues;
    expect(issues.map((i) => i.path)).toEqual([
      'runConfig.loggers.console.config.logLevel',
      'runConfig.loggers.console.config.log_level',
    ]);
    expect(issues[0]!.message).toContain('"LOUD" is not a log level');
    expect(issues[0]!.message).toContain('WARNING');
  });

  it('a required field missing from run config is reported even when the logger is not named', () => {
    // Prepare
    const loggerDefs = { cloudwatch: cloudwatchLogger };

    // Act
    const error = catchError(() => validateLoggersConfig(loggerDefs, undefined));

    // Assess
    expect((error as RunConfigError).issues[0]!.path).toBe('runConfig.loggers.cloudwatch.config.logGroupName');
    expect((error as RunConfigError).issues[0]!.message).toContain('required');
  });

  it('returns validated configs with defaults for every defined logger', () => {
    // Prepare
    const loggerDefs = { console: coloredConsoleLogger, json: jsonConsoleLogger };

    // Act
    const configs = validateLoggersConfig(loggerDefs, { json: { config: { logLevel: 'debug' } } });

    // Assess
    expect(configs).toEqual({
      console: { logLevel: 10, name: 'stepster' },
      json: { logLevel: 10, name: 'stepster' },
    });
  });

  it('a defined logger applies without being named in run config', async () => {
    // Prepare
    const received: LogRecord[] = [];
    const manager = await createLogManager({
      loggerDefs: { memory: memoryLogger(received) },
      job: { name: 'sales_job' },
      runId: RUN_ID,
    });

    // Act
    manager.forStep({ stepKey: 'load_orders', attempt: 2 }).info('hello', { rows: 3 });

    // Assess
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      runId: RUN_ID,
      jobName: 'sales_job',
      stepKey: 'load_orders',
      attempt: 2,
      level: 'INFO',
      levelNumber: 20,
      message: 'hello',
      extra: { rows: 3 },
    });
    expect(Number.isNaN(Date.parse(received[0]!.timestamp))).toBe(false);
  });
});

describe('colored console logger', () => {
  it('writes one line per record with time, name, short run id, step, level and extras', async () => {
    // Prepare
    const { stream, lines } = captureStream();
    const sink = await initLogger(makeColoredConsoleLogger({ stream, env: {} }), buildInitLoggerContext());

    // Act
    sink.log(record({ extra: { rows: 3 } }));
    sink.log(record({ stepKey: undefined, message: 'run level' }));

    // Assess
    expect(lines).toEqual([
      '2024-05-01T12:00:00.000Z - stepster - c0ffee00 - load_orders - INFO - loaded orders {"rows":3}\n',
      '2024-05-01T12:00:00.000Z - stepster - c0ffee00 - INFO - run level\n',
    ]);
  });

  it('colors by level on a terminal, ERROR and CRITICAL in bold red', async () => {
    // Prepare
    const { stream, lines } = captureStream(true);
    const sink = await initLogger(makeColoredConsoleLogger({ stream, env: {} }), buildInitLoggerContext());

    // Act
    sink.log(record({ level: 'INFO', levelNumber: 20 }));
    sink.log(record({ level: 'ERROR', levelNumber: 40 }));
    sink.log(record({ level: 'CRITICAL', levelNumber: 50 }));

    // Assess
    expect(lines[0]!.startsWith(`${ESC}32m`)).toBe(true);
    expect(lines[1]!.startsWith(`${ESC}1;31m`)).toBe(true);
    expect(lines[2]!.startsWith(`${ESC}1;31m`)).toBe(true);
    expect(lines.every((l) => l.endsWith(`${ESC}0m\n`))).toBe(true);
  });

  it.each([
    ['NO_COLOR on a terminal', true, { NO_COLOR: '1' }],
    ['output that is not a terminal', false, {}],
    ['FORCE_COLOR=0 on a terminal', true, { FORCE_COLOR: '0' }],
    ['TERM=dumb on a terminal', true, { TERM: 'dumb' }],
  ])('writes no escape codes for %s', async (_label, isTTY, env) => {
    // Prepare
    const { stream, lines } = captureStream(isTTY);
    const sink = await initLogger(makeColoredConsoleLogger({ stream, env }), buildInitLoggerContext());

    // Act
    sink.log(record({ level: 'ERROR', levelNumber: 40, message: 'broken' }));

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\u001b');
    expect(lines[0]).toContain('ERROR - broken');
  });

  it('FORCE_COLOR colors output that is not a terminal', async () => {
    // Prepare
    const { stream, lines } = captureStream(false);
    const sink = await initLogger(
      makeColoredConsoleLogger({ stream, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }),
      buildInitLoggerContext(),
    );

    // Act
    sink.log(record({ level: 'ERROR', levelNumber: 40 }));

    // Assess
    expect(lines[0]!.startsWith(`${ESC}1;31m`)).toBe(true);
  });

  it('writes to stderr by default', async () => {
    // Prepare
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const sink = await initLogger(makeColoredConsoleLogger({ env: {} }), buildInitLoggerContext());

    // Act
    sink.log(record({ message: 'to stderr' }));

    // Assess
    expect(written.some((w) => w.includes('to stderr'))).toBe(true);
  });
});

describe('JSON console logger', () => {
  it('writes one parseable JSON object per line with the record fields and extras at top level', async () => {
    // Prepare
    const { stream, lines } = captureStream();
    const sink = await initLogger(
      makeJsonConsoleLogger({ stream, env: {} }),
      buildInitLoggerContext({ loggerConfig: { logLevel: 'DEBUG' } }),
    );

    // Act
    sink.log(
      record({ message: 'line one\nline two', extra: { rows: 3, level: 'shadowed', error: new Error('boom') } }),
    );
    sink.log(record({ level: 'WARNING', levelNumber: 30, stepKey: undefined, attempt: undefined }));

    // Assess
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    const [first, second] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toEqual({
      timestamp: '2024-05-01T12:00:00.000Z',
      level: 'INFO',
      message: 'line one\nline two',
      logger: 'stepster',
      runId: RUN_ID,
      jobName: 'sales_job',
      stepKey: 'load_orders',
      attempt: 1,
      levelName: 'INFO',
      levelNumber: 20,
      rows: 3,
      error: expect.objectContaining({ name: 'Error', message: 'boom' }),
      extra: { level: 'shadowed' },
    });
    expect(second).toMatchObject({ level: 'WARNING', levelName: 'WARNING', levelNumber: 30 });
    expect(second).not.toHaveProperty('stepKey');
  });

  it('inside Lambda uses Lambda JSON log field names and levels, with the request id', async () => {
    // Prepare
    const { stream, lines } = captureStream();
    const sink = await initLogger(
      makeJsonConsoleLogger({ stream, env: { AWS_LAMBDA_FUNCTION_NAME: 'stepster-op' } }),
      buildInitLoggerContext({ requestId: 'req-123' }),
    );

    // Act
    sink.log(record({ level: 'WARNING', levelNumber: 30, message: 'careful' }));
    sink.log(record({ level: 'CRITICAL', levelNumber: 50, message: 'down' }));

    // Assess
    const [warning, critical] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(warning!).slice(0, 4)).toEqual(['timestamp', 'level', 'message', 'requestId']);
    expect(warning).toMatchObject({
      timestamp: '2024-05-01T12:00:00.000Z',
      level: 'WARN',
      message: 'careful',
      requestId: 'req-123',
      runId: RUN_ID,
      levelName: 'WARNING',
    });
    expect(critical).toMatchObject({ level: 'FATAL', levelName: 'CRITICAL' });
  });

  it('inside Lambda writes straight to process.stdout, not through the patched console', async () => {
    // Prepare
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const consoleLog = vi.spyOn(console, 'log');
    const consoleInfo = vi.spyOn(console, 'info');
    const sink = await initLogger(
      makeJsonConsoleLogger({ env: { AWS_LAMBDA_FUNCTION_NAME: 'stepster-op' } }),
      buildInitLoggerContext(),
    );

    // Act
    sink.log(record({ message: 'direct' }));

    // Assess
    expect(consoleLog).not.toHaveBeenCalled();
    expect(consoleInfo).not.toHaveBeenCalled();
    const line = written.find((w) => w.includes('direct'));
    expect(JSON.parse(line!)).toMatchObject({ level: 'INFO', message: 'direct' });
  });
});

describe('log manager', () => {
  it('a throwing user logger is reported once, the op keeps logging, and the logger keeps receiving', async () => {
    // Prepare
    let calls = 0;
    const flaky = logger({}, () => ({
      log: () => {
        calls++;
        throw new Error('disk full');
      },
    }));
    const received: LogRecord[] = [];
    const errors: { name: string; error: unknown }[] = [];
    const { stream: errorStream, lines: stderrLines } = captureStream();
    const manager = await createLogManager({
      loggerDefs: { flaky, memory: memoryLogger(received) },
      job: { name: 'sales_job' },
      runId: RUN_ID,
      onLoggerError: (name, error) => errors.push({ name, error }),
      errorStream,
    });
    const log = manager.forStep({ stepKey: 'load_orders', attempt: 1 });

    // Act
    log.info('one');
    log.info('two');
    log.error('three');

    // Assess
    expect(calls).toBe(3);
    expect(received.map((r) => r.message)).toEqual(['one', 'two', 'three']);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.name).toBe('flaky');
    expect((errors[0]!.error as Error).message).toBe('disk full');
    expect(stderrLines).toHaveLength(1);
    expect(stderrLines[0]).toContain('logger "flaky" threw while logging: disk full');
  });

  it('an async sink that rejects is reported once too', async () => {
    // Prepare
    const rejecting = logger({}, () => ({
      log: async () => {
        throw new Error('remote down');
      },
    }));
    const errors: string[] = [];
    const manager = await createLogManager({
      loggerDefs: { rejecting },
      job: { name: 'sales_job' },
      runId: RUN_ID,
      onLoggerError: (name) => errors.push(name),
      errorStream: captureStream().stream,
    });

    // Act
    manager.forStep().info('a');
    manager.forStep().info('b');
    await new Promise((resolve) => setImmediate(resolve));

    // Assess
    expect(errors).toEqual(['rejecting']);
  });

  it('a logger whose init throws is reported and left out; the others work', async () => {
    // Prepare
    const broken = logger({}, () => {
      throw new Error('no credentials');
    });
    const received: LogRecord[] = [];
    const errors: string[] = [];
    const { stream: errorStream, lines } = captureStream();

    // Act
    const manager = await createLogManager({
      loggerDefs: { broken, memory: memoryLogger(received) },
      job: { name: 'sales_job' },
      runId: RUN_ID,
      onLoggerError: (name) => errors.push(name),
      errorStream,
    });
    manager.forStep().info('still logged');

    // Assess
    expect(manager.loggerNames).toEqual(['memory']);
    expect(received).toHaveLength(1);
    expect(errors).toEqual(['broken']);
    expect(lines[0]).toContain('logger "broken" failed to initialise');
  });

  it('an error a logger reports through initContext.reportError reaches onLoggerError every time', async () => {
    // Prepare
    const reporting = logger({}, (ctx) => ({
      log: (r: LogRecord) => ctx.reportError?.(new Error(`could not ship "${r.message}"`)),
    }));
    const errors: string[] = [];
    const manager = await createLogManager({
      loggerDefs: { reporting },
      job: { name: 'sales_job' },
      runId: RUN_ID,
      onLoggerError: (name, error) => errors.push(`${name}: ${(error as Error).message}`),
      errorStream: captureStream().stream,
    });

    // Act
    manager.forStep().info('a');
    manager.forStep().info('b');

    // Assess
    expect(errors).toEqual(['reporting: could not ship "a"', 'reporting: could not ship "b"']);
  });

  it('warn is an alias of warning; log() takes names and numbers', async () => {
    // Prepare
    const received: LogRecord[] = [];
    const manager = await createLogManager({
      loggerDefs: { memory: memoryLogger(received) },
      job: { name: 'sales_job' },
      runId: RUN_ID,
    });
    const { warn, warning, critical, log } = manager.forStep({ stepKey: 'load_orders' });

    // Act
    warn('via warn');
    warning('via warning');
    critical('via critical');
    log('error', 'via log name');
    log(25, 'via log number');

    // Assess
    expect(received.map((r) => [r.message, r.level, r.levelNumber])).toEqual([
      ['via warn', 'WARNING', 30],
      ['via warning', 'WARNING', 30],
      ['via critical', 'CRITICAL', 50],
      ['via log name', 'ERROR', 40],
      ['via log number', 'INFO', 25],
    ]);
  });

  it('listeners receive records at or above their level and can be removed', async () => {
    // Prepare
    const all: string[] = [];
    const errorsOnly: string[] = [];
    const manager = await createLogManager({
      loggerDefs: {},
      job: { name: 'sales_job' },
      runId: RUN_ID,
      listeners: [(r) => all.push(r.message)],
    });
    const remove = manager.addListener({ level: LogLevel.ERROR, onRecord: (r) => errorsOnly.push(r.message) });
    const log = manager.forStep({ stepKey: 'load_orders' });

    // Act
    log.debug('debug');
    log.error('error');
    remove();
    log.error('after removal');

    // Assess
    expect(all).toEqual(['debug', 'error', 'after removal']);
    expect(errorsOnly).toEqual(['error']);
  });

  it('flush collects failures from every sink without throwing', async () => {
    // Prepare
    const failing = logger({}, () => ({
      log: () => undefined,
      flush: () => Promise.reject(new Error('socket closed')),
    }));
    const fine = logger({}, () => ({ log: () => undefined, flush: () => Promise.resolve() }));
    const manager = await createLogManager({
      loggerDefs: { failing, fine },
      job: { name: 'sales_job' },
      runId: RUN_ID,
    });

    // Act
    const failures = await manager.flush();

    // Assess
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(LogDeliveryError);
    expect(failures[0]!.name).toBe('LogDeliveryError');
    expect(failures[0]!.loggerName).toBe('failing');
    expect(failures[0]!.message).toContain('socket closed');
  });

  it('rejects bad run config before initialising any logger', async () => {
    // Prepare
    let initialised = false;
    const watched = logger({}, () => {
      initialised = true;
      return { log: () => undefined };
    });

    // Act
    const error = await createLogManager({
      loggerDefs: { watched },
      loggersConfig: { unknown: {} },
      job: { name: 'sales_job' },
      runId: RUN_ID,
    }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(RunConfigError);
    expect(initialised).toBe(false);
  });
});

describe('defaults and metadata for the CDK app', () => {
  it('uses the colored console locally and JSON inside Lambda', () => {
    // Prepare
    const local = {};
    const lambda = { AWS_LAMBDA_FUNCTION_NAME: 'stepster-op' };

    // Act
    const localDefs = defaultLoggerDefs(local);
    const lambdaDefs = defaultLoggerDefs(lambda);

    // Assess
    expect(localDefs['console']!.kind).toBe(LOGGER_KIND.COLORED_CONSOLE);
    expect(lambdaDefs['console']!.kind).toBe(LOGGER_KIND.JSON_CONSOLE);
  });

  it('lists CloudWatch loggers and their default log groups', () => {
    // Prepare
    const loggerDefs: Record<string, LoggerDefinition> = {
      console: coloredConsoleLogger,
      prod: makeCloudwatchLogger({ logGroupName: '/stepster/prod/sales_job' }),
      adhoc: cloudwatchLogger,
      custom: logger({}, () => ({ log: () => undefined })),
    };

    // Act
    const targets = cloudwatchLoggerTargets(loggerDefs);

    // Assess
    expect(targets).toEqual([
      { loggerName: 'prod', logGroupName: '/stepster/prod/sales_job' },
      { loggerName: 'adhoc', logGroupName: undefined },
    ]);
    expect(loggerDefs['custom']!.kind).toBe(LOGGER_KIND.CUSTOM);
  });

  it('a default log group fills the required config field', () => {
    // Prepare
    const loggerDefs = { cloudwatch: makeCloudwatchLogger({ logGroupName: '/stepster/prod/sales_job' }) };

    // Act
    const configs = validateLoggersConfig(loggerDefs, undefined);

    // Assess
    expect(configs['cloudwatch']).toEqual({ logGroupName: '/stepster/prod/sales_job', logLevel: 20 });
  });
});

describe('helpers', () => {
  it('toJsonLine survives circular references and bigints', () => {
    // Prepare
    const circular: Record<string, unknown> = { name: 'loop', big: 2n };
    circular['self'] = circular;
    const shared = { id: 1 };

    // Act
    const line = toJsonLine({ circular, a: shared, b: shared });

    // Assess
    expect(JSON.parse(line)).toEqual({
      circular: { name: 'loop', big: '2', self: '[Circular]' },
      a: { id: 1 },
      b: { id: 1 },
    });
  });

  it('truncateToBytes never splits a multi-byte character and marks the cut', () => {
    // Prepare
    const text = 'é'.repeat(200);

    // Act
    const cut = truncateToBytes(text, 101);

    // Assess
    expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(101);
    expect(cut).not.toContain('\uFFFD');
    expect(cut.endsWith('… [truncated by stepster: 400 bytes]')).toBe(true);
    expect(truncateToBytes('short', 101)).toBe('short');
  });

  it('planPutLogEventsBatches sorts stably and splits by count', () => {
    // Prepare
    const events = [
      { timestamp: 3, message: 'c', size: 27 },
      { timestamp: 1, message: 'a1', size: 28 },
      { timestamp: 2, message: 'b', size: 27 },
      { timestamp: 1, message: 'a2', size: 28 },
    ];

    // Act
    const batches = planPutLogEventsBatches(events, {
      maxEventsPerBatch: 3,
      maxBatchBytes: 1_000,
      maxBatchSpanMs: 100,
    });

    // Assess
    expect(batches.map((b) => b.map((e) => e.message))).toEqual([['a1', 'a2', 'b'], ['c']]);
  });
});
