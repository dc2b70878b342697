import type { LogLevelInput } from './log-level.js';

/**
 * An op's `context.log` for one step attempt: Python-logging methods, as in Dagster.
 * Methods are bound, so `const { info } = context.log` works.
 *
 * @example
 * ```ts
 * const log = manager.forStep({ stepKey: 'load_orders', attempt: 1 });
 * log.info('loaded orders', { rows: 3 });
 * log.warn('2 orders had no customer');
 * ```
 */
export interface StepLog {
  readonly stepKey: string | undefined;
  readonly attempt: number | undefined;
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warning(message: string, extra?: Record<string, unknown>): void;
  /** Alias of `warning`. */
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
  critical(message: string, extra?: Record<string, unknown>): void;
  /** Logs at any level: a name (`'warn'`, `'ERROR'`) or a number (`25`). Throws on an unknown level name. */
  log(level: LogLevelInput, message: string, extra?: Record<string, unknown>): void;
  /** Whether a record at `level` would reach any sink or listener; skip expensive messages otherwise. */
  isEnabledFor(level: LogLevelInput): boolean;
}
