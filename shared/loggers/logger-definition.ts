import type { z } from 'zod';
import type { InitLoggerContext } from './init-logger-context.js';
import type { LogRecord } from './log-record.js';
import { LOGGER_KIND, type LoggerKind } from './logger-kind.js';

/**
 * What a logger's init function returns: receives every record of the run.
 * A sink filters by its own `level`; the log manager also skips records below it.
 *
 * @example
 * ```ts
 * const sink: LoggerSink = {
 *   level: LogLevel.WARNING,
 *   name: 'alerts',
 *   log(record) {
 *     if (record.levelNumber >= LogLevel.WARNING) alerts.push(record.message);
 *   },
 * };
 * ```
 */
export interface LoggerSink {
  log(record: LogRecord): void;
  /** Delivers anything buffered. Called before an op's Lambda returns; may reject when delivery failed. */
  flush?(): Promise<void>;
  /** Lowest level the sink wants. @default 0 (everything) */
  readonly level?: number;
  readonly name?: string;
}

/**
 * A logger: config schema plus init function (Dagster's `LoggerDefinition`). Build one with {@link logger}.
 * Loggers are set per job (`loggerDefs`) or per Definitions; their config comes from `runConfig.loggers.<name>.config`.
 *
 * @example
 * ```ts
 * const definition: LoggerDefinition = makeCloudwatchLogger({ logGroupName: '/stepster/prod/sales_job' });
 * definition.kind; // 'cloudwatch'
 * definition.logGroupName; // '/stepster/prod/sales_job'
 * ```
 */
export interface LoggerDefinition<TConfig = unknown, TSink extends LoggerSink = LoggerSink> {
  /** What the logger is; `custom` for user loggers. The CDK app reads it. */
  readonly kind: LoggerKind;
  /** Validates `runConfig.loggers.<name>.config` and applies defaults; `undefined` means the config is passed as is. */
  readonly configSchema: z.ZodType | undefined;
  readonly description: string | undefined;
  /** For CloudWatch loggers: the log group used when run config names none (the CDK app creates it). */
  readonly logGroupName?: string;
  init(context: InitLoggerContext<TConfig>): TSink | Promise<TSink>;
}

/** Options of {@link logger}. */
export interface LoggerOptions<S extends z.ZodType | undefined> {
  /** Zod schema of the logger's config. @default no schema: config passed through unvalidated */
  readonly config?: S;
  readonly description?: string;
}

type ConfigOf<S> = S extends z.ZodType ? z.output<S> : unknown;

/**
 * Defines a logger (Dagster's `@logger`).
 *
 * @example
 * ```ts
 * const memoryLogger = logger(
 *   { config: z.object({ logLevel: logLevelSchema.default(LogLevel.INFO) }), description: 'Keeps records in memory' },
 *   (ctx) => {
 *     const level = ctx.loggerConfig.logLevel;
 *     return { level, log: (record) => { if (record.levelNumber >= level) records.push(record); } };
 *   },
 * );
 * const shipping = job({ name: 'shipping', loggerDefs: { memory: memoryLogger } }, build);
 * ```
 */
export function logger<S extends z.ZodType | undefined = undefined>(
  options: LoggerOptions<S>,
  init: (context: InitLoggerContext<ConfigOf<S>>) => LoggerSink | Promise<LoggerSink>,
): LoggerDefinition<ConfigOf<S>> {
  return defineLogger(LOGGER_KIND.CUSTOM, options, init);
}

/** @internal Shared by `logger` and the built-ins, which set their own kind. */
export function defineLogger<S extends z.ZodType | undefined, TSink extends LoggerSink = LoggerSink>(
  kind: LoggerKind,
  options: LoggerOptions<S> & { readonly logGroupName?: string },
  init: (context: InitLoggerContext<ConfigOf<S>>) => TSink | Promise<TSink>,
): LoggerDefinition<ConfigOf<S>, TSink> {
  if (typeof init !== 'function') {
    throw new TypeError('logger(options, init): init must be a function (initContext) => sink; got ' + typeof init);
  }
  const definition: LoggerDefinition<ConfigOf<S>, TSink> = {
    kind,
    configSchema: options.config,
    description: options.description,
    ...(options.logGroupName !== undefined ? { logGroupName: options.logGroupName } : {}),
    init: (context: InitLoggerContext<ConfigOf<S>>) => init(context),
  };
  return Object.freeze(definition);
}
