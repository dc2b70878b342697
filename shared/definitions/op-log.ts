import type { StepLog } from '../loggers/step-log.js';

/** The `context.log` of an op: Python-logging levels, as in Dagster (`warn` is an alias of `warning`). */
export type OpLog = Pick<StepLog, 'debug' | 'info' | 'warning' | 'warn' | 'error' | 'critical'>;
