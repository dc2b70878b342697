import { z } from 'zod';
import { type LogRecord, LogLevel, job, logger } from 'stepster';
import { logOp } from './hello-logs.js';

/**
 * Seed 004's custom logger: single-line JSON for log aggregators (Logstash and friends).
 * Config comes from run config: `{ "loggers": { "my_json_logger": { "config": { "logLevel": "INFO" } } } }`.
 */
export const myJsonLogger = logger(
  {
    config: z.object({
      logLevel: z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']).default('INFO'),
      name: z.string().default('stepster'),
    }),
    description: 'A JSON-formatted console logger',
  },
  (initContext) => {
    const config = initContext.loggerConfig as { logLevel: keyof typeof LogLevel; name: string };
    const level = LogLevel[config.logLevel];
    return {
      name: config.name,
      level,
      log(record: LogRecord) {
        if (record.levelNumber < level) return;
        process.stdout.write(
          `${JSON.stringify({ name: config.name, level: record.level, orig_message: record.message, run_id: record.runId, step_key: record.stepKey, timestamp: record.timestamp })}\n`,
        );
      },
    };
  },
);

/** Seed 004: a job that uses the custom logger instead of the built-in console logger. */
export const demoJob = job({ name: 'demo_job', loggerDefs: { my_json_logger: myJsonLogger } }, () => {
  logOp.alias('hello_logs_op')();
});
