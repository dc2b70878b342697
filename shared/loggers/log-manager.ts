import { errorMessage } from '../errors/error-message.js';
import { maskSecrets, maskSecretsDeep } from '../errors/secret-mask.js';
import type { LoggerJobInfo } from './init-logger-context.js';
import { startLogger } from './init-logger.js';
import { LogDeliveryError } from './log-delivery-error.js';
import { type LogLevelInput, LogLevel, logLevelName, parseLogLevel } from './log-level.js';
import type { LogOutputStream } from './log-output-stream.js';
import type { LogRecord, LogRecordEvent } from './log-record.js';
import type { LoggerDefinition, LoggerSink } from './logger-definition.js';
import type { StepLog } from './step-log.js';
import { validateLoggersConfig } from './validate-loggers-config.js';

/**
 * Receives records next to the sinks, e.g. the engine copying them into the event log as LOG_MESSAGE events.
 * A function receives every record; an object may set the lowest `level` it wants.
 *
 * @example
 * ```ts
 * const toEventLog: LogListener = { level: LogLevel.DEBUG, onRecord: (record) => journal.push(record) };
 * ```
 */
export type LogListener =
  | ((record: LogRecord) => void)
  | {
      /** @default 0 (every record) */
      readonly level?: number;
      onRecord(record: LogRecord): void;
    };

/**
 * Options of {@link createLogManager}.
 *
 * @example
 * ```ts
 * const options: CreateLogManagerOptions = { loggerDefs: defaultLoggerDefs(), job: { name: 'sales_job' }, runId };
 * ```
 */
export interface CreateLogManagerOptions {
  /** The job's loggers; all of them apply, named in run config or not. */
  readonly loggerDefs: Readonly<Record<string, LoggerDefinition>>;
  /** `runConfig.loggers`: `{ <loggerName>: { config } }`. @default {} */
  readonly loggersConfig?: unknown;
  readonly job: LoggerJobInfo;
  readonly runId: string;
  /** Lambda request id of the invocation, passed to loggers (the JSON logger prints it). */
  readonly requestId?: string;
  /** @default [] */
  readonly listeners?: readonly LogListener[];
  /**
   * Told about a logger that failed: a sink or listener that threw (once per logger), an init that threw,
   * or an error a logger reported through `initContext.reportError`. The op is never failed by it.
   * Delivery failures (`LogDeliveryError`) only go to `errorStream` when they happen, because `flush()`
   * returns them: concatenating what this hears with what `flush()` returns lists each problem once.
   */
  readonly onLoggerError?: (loggerName: string, error: unknown) => void;
  /** Where logger failures are also written. @default process.stderr */
  readonly errorStream?: LogOutputStream;
}

/**
 * The loggers of one run (in Lambda: of one op invocation).
 *
 * @example
 * ```ts
 * const log = manager.forStep({ stepKey: 'load_orders', attempt: 1 });
 * if (log.isEnabledFor('debug')) log.debug('rows', { rows: expensiveDump() });
 * const failures = await manager.flush(); // before the Lambda returns
 * ```
 */
export interface LogManager {
  /** Loggers that initialised and receive records. */
  readonly loggerNames: readonly string[];
  readonly sinks: Readonly<Record<string, LoggerSink>>;
  /** Records below this level reach no sink or listener and are dropped before a record is built. */
  readonly minimumLevel: number;
  /** The `context.log` of a step attempt; with no step, a run-level log. */
  forStep(options?: { readonly stepKey?: string; readonly attempt?: number }): StepLog;
  /** Adds a listener; returns a function that removes it. */
  addListener(listener: LogListener): () => void;
  /**
   * Tells the loggers about a step event (a failure, a retry) as Dagster's log manager does, with the
   * event on the record. Sinks only: the event is in the event log already, so listeners (which copy
   * records there as LOG_MESSAGE) never see it.
   */
  logEvent(options: {
    readonly stepKey?: string;
    readonly attempt?: number;
    readonly level: LogLevelInput;
    readonly message: string;
    readonly event: LogRecordEvent;
    /** When the event happened. @default now */
    readonly timestamp?: string;
  }): void;
  /**
   * Flushes every sink, concurrently. Never rejects: returns the failures (a `LogDeliveryError` each;
   * other errors are wrapped) so the engine can record them as ENGINE_EVENTs. Await before a Lambda returns.
   */
  flush(): Promise<LogDeliveryError[]>;
}

interface ListenerEntry {
  readonly label: string;
  readonly level: number;
  readonly onRecord: (record: LogRecord) => void;
}

interface SinkEntry {
  readonly name: string;
  readonly sink: LoggerSink;
  readonly level: number;
}

/**
 * Validates `runConfig.loggers`, initialises every defined logger, and returns the manager that fans
 * records out to them. Config problems throw `RunConfigError` (see {@link validateLoggersConfig}); a logger
 * whose init throws is reported through `onLoggerError` and left out, so logging never stops a run.
 *
 * @example
 * ```ts
 * const manager = await createLogManager({
 *   loggerDefs: job.loggerDefs ?? defaultLoggerDefs(),
 *   loggersConfig: runConfig.loggers,
 *   job,
 *   runId,
 *   listeners: [(record) => journal.push(record)],
 *   onLoggerError: (name, error) => engineEvents.push({ name, error }),
 * });
 * const log = manager.forStep({ stepKey: 'load_orders', attempt: 1 });
 * log.info('loaded', { rows: 3 });
 * const deliveryErrors = await manager.flush();
 * ```
 */
export async function createLogManager(options: CreateLogManagerOptions): Promise<LogManager> {
  const configs = validateLoggersConfig(options.loggerDefs, options.loggersConfig);
  const errorStream = options.errorStream ?? process.stderr;
  const reporter = new LoggerErrorReporter(errorStream, options.onLoggerError);

  const initialised = await Promise.all(
    Object.entries(options.loggerDefs).map(async ([name, definition]): Promise<SinkEntry | undefined> => {
      try {
        const sink = await startLogger(definition, {
          loggerConfig: configs[name],
          jobDef: options.job,
          runId: options.runId,
          loggerName: name,
          ...(options.requestId !== undefined ? { requestId: options.requestId } : {}),
          reportError: (error: unknown) => reporter.report(name, error, 'reported'),
        });
        return { name, sink, level: sinkLevel(sink) };
      } catch (error) {
        reporter.report(name, error, 'init');
        return undefined;
      }
    }),
  );
  const sinks = initialised.filter((entry): entry is SinkEntry => entry !== undefined);
  return new RunLogManager(sinks, options, reporter);
}

class LoggerErrorReporter {
  private readonly silenced = new Set<string>();

  constructor(
    private readonly stream: LogOutputStream,
    private readonly onLoggerError: ((loggerName: string, error: unknown) => void) | undefined,
  ) {}

  /**
   * `threw`: a sink/listener threw while logging; only its first failure is shown, since it would
   * otherwise repeat for every record. `init` and `reported` (an error the logger reported) always show.
   */
  report(loggerName: string, error: unknown, kind: 'threw' | 'init' | 'reported'): void {
    if (kind === 'threw') {
      if (this.silenced.has(loggerName)) return;
      this.silenced.add(loggerName);
    }
    const returnedByFlush = kind === 'reported' && error instanceof LogDeliveryError;
    const reason = maskSecrets(errorMessage(error));
    const line =
      kind === 'threw'
        ? `stepster: logger "${loggerName}" threw while logging: ${reason} (the op goes on; further errors of this logger are not shown)`
        : kind === 'init'
          ? `stepster: logger "${loggerName}" failed to initialise and receives no records: ${reason}`
          : `stepster: logger "${loggerName}": ${reason}`;
    try {
      this.stream.write(`${line}\n`);
    } catch {
      // Nowhere left to write; onLoggerError below still hears about it.
    }
    if (returnedByFlush) return;
    try {
      this.onLoggerError?.(loggerName, error);
    } catch {
      // A failing error handler must not turn a logging problem into an op failure.
    }
  }
}

class RunLogManager implements LogManager {
  readonly loggerNames: readonly string[];
  readonly sinks: Readonly<Record<string, LoggerSink>>;
  private readonly sinkEntries: readonly SinkEntry[];
  private readonly listeners: ListenerEntry[] = [];
  private listenerCount = 0;
  private minimum = Number.POSITIVE_INFINITY;

  constructor(
    sinkEntries: readonly SinkEntry[],
    private readonly options: CreateLogManagerOptions,
    private readonly reporter: LoggerErrorReporter,
  ) {
    this.sinkEntries = sinkEntries;
    this.loggerNames = Object.freeze(sinkEntries.map((s) => s.name));
    this.sinks = Object.freeze(Object.fromEntries(sinkEntries.map((s) => [s.name, s.sink])));
    for (const listener of options.listeners ?? []) this.addListener(listener);
    this.recomputeMinimum();
  }

  get minimumLevel(): number {
    return this.minimum;
  }

  forStep(options: { readonly stepKey?: string; readonly attempt?: number } = {}): StepLog {
    return new RecordingStepLog(this, options.stepKey, options.attempt);
  }

  addListener(listener: LogListener): () => void {
    this.listenerCount++;
    const entry: ListenerEntry =
      typeof listener === 'function'
        ? { label: `listener #${this.listenerCount}`, level: 0, onRecord: listener }
        : {
            label: `listener #${this.listenerCount}`,
            level: listener.level ?? 0,
            onRecord: (record) => listener.onRecord(record),
          };
    this.listeners.push(entry);
    this.recomputeMinimum();
    return () => {
      const index = this.listeners.indexOf(entry);
      if (index >= 0) this.listeners.splice(index, 1);
      this.recomputeMinimum();
    };
  }

  logEvent(options: Parameters<LogManager['logEvent']>[0]): void {
    const levelNumber = parseLogLevel(options.level, 'log level');
    const record: LogRecord = {
      ...this.baseRecord(levelNumber, options.message, options),
      ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
      event: {
        eventType: options.event.eventType,
        ...(options.event.data !== undefined ? { data: maskSecretsDeep(options.event.data) } : {}),
      },
    };
    for (const entry of this.sinkEntries) {
      if (levelNumber < entry.level) continue;
      this.deliver(entry.name, record, (r) => entry.sink.log(r));
    }
  }

  async flush(): Promise<LogDeliveryError[]> {
    const settled = await Promise.allSettled(
      this.sinkEntries.map(async ({ sink }) => {
        await sink.flush?.();
      }),
    );
    const failures: LogDeliveryError[] = [];
    settled.forEach((result, index) => {
      if (result.status === 'fulfilled') return;
      const name = this.sinkEntries[index]!.name;
      const error: unknown = result.reason;
      failures.push(
        error instanceof LogDeliveryError
          ? error
          : new LogDeliveryError(`logger "${name}" failed to flush: ${errorMessage(error)}`, {
              cause: error,
              loggerName: name,
            }),
      );
    });
    return failures;
  }

  /** @internal Called by step logs. */
  emit(levelNumber: number, message: string, extra: Record<string, unknown> | undefined, step: RecordingStepLog): void {
    if (levelNumber < this.minimum) return;
    // Masked once here, before any sink (console, JSON, CloudWatch, user loggers) or listener
    // (the event log's copy) sees the record: fetched secret values become `***`.
    const record: LogRecord = {
      ...this.baseRecord(levelNumber, message, step),
      ...(extra !== undefined ? { extra: maskSecretsDeep(extra) } : {}),
    };
    for (const entry of this.sinkEntries) {
      if (levelNumber < entry.level) continue;
      this.deliver(entry.name, record, (r) => entry.sink.log(r));
    }
    for (const entry of this.listeners) {
      if (levelNumber < entry.level) continue;
      this.deliver(entry.label, record, entry.onRecord);
    }
  }

  private baseRecord(
    levelNumber: number,
    message: string,
    step: { readonly stepKey?: string | undefined; readonly attempt?: number | undefined },
  ): LogRecord {
    return {
      runId: this.options.runId,
      jobName: this.options.job.name,
      ...(step.stepKey !== undefined ? { stepKey: step.stepKey } : {}),
      ...(step.attempt !== undefined ? { attempt: step.attempt } : {}),
      timestamp: new Date().toISOString(),
      level: logLevelName(levelNumber),
      levelNumber,
      message: maskSecrets(typeof message === 'string' ? message : String(message)),
    };
  }

  private deliver(name: string, record: LogRecord, receive: (record: LogRecord) => unknown): void {
    try {
      const result: unknown = receive(record);
      // A sink written as `async log()` rejects instead of throwing.
      if (isThenable(result)) result.then(undefined, (error: unknown) => this.reporter.report(name, error, 'threw'));
    } catch (error) {
      this.reporter.report(name, error, 'threw');
    }
  }

  private recomputeMinimum(): void {
    let minimum = Number.POSITIVE_INFINITY;
    for (const entry of this.sinkEntries) minimum = Math.min(minimum, entry.level);
    for (const entry of this.listeners) minimum = Math.min(minimum, entry.level);
    this.minimum = minimum;
  }
}

class RecordingStepLog implements StepLog {
  constructor(
    private readonly manager: RunLogManager,
    readonly stepKey: string | undefined,
    readonly attempt: number | undefined,
  ) {}

  readonly debug = (message: string, extra?: Record<string, unknown>): void =>
    this.manager.emit(LogLevel.DEBUG, message, extra, this);
  readonly info = (message: string, extra?: Record<string, unknown>): void =>
    this.manager.emit(LogLevel.INFO, message, extra, this);
  readonly warning = (message: string, extra?: Record<string, unknown>): void =>
    this.manager.emit(LogLevel.WARNING, message, extra, this);
  readonly warn = (message: string, extra?: Record<string, unknown>): void =>
    this.manager.emit(LogLevel.WARNING, message, extra, this);
  readonly error = (message: string, extra?: Record<string, unknown>): void =>
    this.manager.emit(LogLevel.ERROR, message, extra, this);
  readonly critical = (message: string, extra?: Record<string, unknown>): void =>
    this.manager.emit(LogLevel.CRITICAL, message, extra, this);
  readonly log = (level: LogLevelInput, message: string, extra?: Record<string, unknown>): void =>
    this.manager.emit(parseLogLevel(level, 'log level'), message, extra, this);
  readonly isEnabledFor = (level: LogLevelInput): boolean =>
    parseLogLevel(level, 'log level') >= this.manager.minimumLevel;
}

function sinkLevel(sink: LoggerSink): number {
  const level: unknown = sink.level;
  return typeof level === 'number' && Number.isFinite(level) ? level : 0;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
