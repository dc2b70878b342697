import { z } from 'zod';
import { describeValue } from '../errors/describe-value.js';
import type { LogLevelName } from '../event-log/event-record.js';

/**
 * Python-logging level numbers, as Dagster uses them. Higher is more severe.
 *
 * @example
 * ```ts
 * if (record.levelNumber >= LogLevel.ERROR) page(record);
 * ```
 */
export const LogLevel = {
  DEBUG: 10,
  INFO: 20,
  WARNING: 30,
  ERROR: 40,
  CRITICAL: 50,
} as const satisfies Record<LogLevelName, number>;

/** A level as users write it: a name (any case, `warn` and `fatal` accepted) or a non-negative number. */
export type LogLevelInput = LogLevelName | Lowercase<LogLevelName> | 'warn' | 'WARN' | 'fatal' | 'FATAL' | number;

const NAMES_BY_ALIAS: Readonly<Record<string, LogLevelName>> = {
  debug: 'DEBUG',
  info: 'INFO',
  warning: 'WARNING',
  warn: 'WARNING',
  error: 'ERROR',
  critical: 'CRITICAL',
  fatal: 'CRITICAL',
};

/** The allowed values, worded for error messages. */
export const LOG_LEVEL_CHOICES =
  'DEBUG, INFO, WARNING (or WARN), ERROR, CRITICAL (or FATAL), case-insensitive, or a non-negative number such as 20';

/** Why `value` is not a level, or the level number. */
function resolveLogLevel(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  const name = NAMES_BY_ALIAS[trimmed.toLowerCase()];
  if (name) return LogLevel[name];
  // Numbers arrive as strings from CLI flags and environment variables.
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return undefined;
}

/**
 * Parses a level name (case-insensitive, `warn` → WARNING, `fatal` → CRITICAL) or number.
 * Throws a `RangeError` naming `field` and the allowed values when `value` is not a level.
 *
 * @param field - what to call the value in the error message
 * @default field `'logLevel'`
 * @example
 * ```ts
 * parseLogLevel('warn'); // 30
 * parseLogLevel(40); // 40
 * ```
 */
export function parseLogLevel(value: unknown, field = 'logLevel'): number {
  const level = resolveLogLevel(value);
  if (level === undefined) {
    throw new RangeError(`${field}: ${describeValue(value)} is not a log level; use one of ${LOG_LEVEL_CHOICES}.`);
  }
  return level;
}

/**
 * Like {@link parseLogLevel} but returns `undefined` instead of throwing.
 *
 * @example
 * ```ts
 * tryParseLogLevel('loud'); // undefined
 * ```
 */
export function tryParseLogLevel(value: unknown): number | undefined {
  return resolveLogLevel(value);
}

/**
 * The name of the highest named level at or below `level` (below DEBUG counts as DEBUG).
 *
 * @example
 * ```ts
 * logLevelName(30); // 'WARNING'
 * logLevelName(25); // 'INFO'
 * ```
 */
export function logLevelName(level: number): LogLevelName {
  if (level >= LogLevel.CRITICAL) return 'CRITICAL';
  if (level >= LogLevel.ERROR) return 'ERROR';
  if (level >= LogLevel.WARNING) return 'WARNING';
  if (level >= LogLevel.INFO) return 'INFO';
  return 'DEBUG';
}

/**
 * Zod schema for a `logLevel` config field: accepts what {@link parseLogLevel} accepts, outputs the number.
 * The issue it raises names the allowed values; the path (e.g. `runConfig.loggers.console.config.logLevel`)
 * comes from where the schema sits.
 *
 * @example
 * ```ts
 * const config = z.strictObject({ logLevel: logLevelSchema.default(LogLevel.INFO) });
 * ```
 */
export const logLevelSchema = z.unknown().transform((value, ctx): number => {
  const level = resolveLogLevel(value);
  if (level === undefined) {
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: `${describeValue(value)} is not a log level; use one of ${LOG_LEVEL_CHOICES}`,
    });
    return z.NEVER;
  }
  return level;
});
