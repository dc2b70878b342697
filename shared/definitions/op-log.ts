/** The `context.log` of an op: Python-logging levels, as in Dagster. */
export interface OpLog {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warning(message: string, extra?: Record<string, unknown>): void;
  /** Alias of `warning`. */
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
  critical(message: string, extra?: Record<string, unknown>): void;
}
