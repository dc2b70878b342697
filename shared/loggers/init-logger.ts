import { unknownConfigKeys } from '../errors/unknown-config-keys.js';
import { z } from 'zod';
import { RunConfigError } from '../errors/run-config-error.js';
import type { InitLoggerContext } from './init-logger-context.js';
import type { LoggerDefinition, LoggerSink } from './logger-definition.js';

/**
 * Validates `config` against the definition's schema and applies defaults.
 * A missing config counts as `{}` for object schemas, so all-default loggers need no run config.
 * Throws `RunConfigError` whose issue paths start at `path`.
 *
 * @default path `'loggerConfig'`
 * @example
 * ```ts
 * parseLoggerConfig(coloredConsoleLogger, { logLevel: 'warn' }); // { logLevel: 30, name: 'stepster' }
 * ```
 */
export function parseLoggerConfig(definition: LoggerDefinition, config: unknown, path = 'loggerConfig'): unknown {
  const schema = definition.configSchema;
  if (schema === undefined) return config;
  const input = config === undefined && schema instanceof z.ZodObject ? {} : config;
  const result = schema.safeParse(input);
  if (!result.success) throw RunConfigError.fromZodError(path, result.error);
  // Strict, as op config is: a misspelled key is an error, not a silently dropped field.
  const unknown = unknownConfigKeys(schema, input, path);
  if (unknown.length > 0) throw new RunConfigError(unknown);
  return result.data;
}

/**
 * Runs a logger's init with validated config (Dagster's "invoke the logger with an init context").
 * Use it with {@link buildInitLoggerContext} to test a logger.
 *
 * @example
 * ```ts
 * const sink = await initLogger(jsonConsoleLogger, buildInitLoggerContext({ loggerConfig: { name: 'my_logger' } }));
 * sink.level; // 20
 * ```
 */
export async function initLogger<TConfig, TSink extends LoggerSink>(
  definition: LoggerDefinition<TConfig, TSink>,
  context: InitLoggerContext<unknown>,
  options: { readonly configPath?: string } = {},
): Promise<TSink> {
  const loggerConfig = parseLoggerConfig(
    definition as unknown as LoggerDefinition,
    context.loggerConfig,
    options.configPath,
  );
  return startLogger(definition, { ...context, loggerConfig: loggerConfig as TConfig });
}

/**
 * @internal Runs init with config that is already validated (the log manager validates all loggers first;
 * parsing twice would run user transforms on their own output) and checks that a sink came back.
 */
export async function startLogger<TConfig, TSink extends LoggerSink>(
  definition: LoggerDefinition<TConfig, TSink>,
  context: InitLoggerContext<TConfig>,
): Promise<TSink> {
  const sink: unknown = await definition.init(context);
  if (typeof sink !== 'object' || sink === null || typeof (sink as { log?: unknown }).log !== 'function') {
    const label = context.loggerName === undefined ? 'a logger' : `logger "${context.loggerName}"`;
    throw new TypeError(
      `${label}: its init function must return a sink with a log(record) method; it returned ${String(sink)}.`,
    );
  }
  return sink as TSink;
}
