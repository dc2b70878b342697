/** Python-logging level names, as Dagster uses them: the `level` of every event record and log record. */
export type LogLevelName = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
