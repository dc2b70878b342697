import { z } from 'zod';
import { isLambdaEnvironment } from '../environment/lambda-environment.js';
import type { ConsoleLoggerOptions } from './console-logger-options.js';
import { toJsonLine } from './json-line.js';
import { LogLevel, logLevelSchema } from './log-level.js';
import type { LogRecord } from './log-record.js';
import { defineLogger, type LoggerDefinition } from './logger-definition.js';
import { LOGGER_KIND } from './logger-kind.js';
import { structuredLogFields } from './structured-log-fields.js';

const jsonConsoleConfigSchema = z.strictObject({
  /** @default 'INFO' */
  logLevel: logLevelSchema.default(LogLevel.INFO),
  /** @default 'stepster' */
  name: z.string().min(1, 'must be a non-empty string').default('stepster'),
});

/** Validated config of the JSON console logger (`logLevel` as a number). */
export type JsonConsoleLoggerConfig = z.output<typeof jsonConsoleConfigSchema>;

/**
 * Builds a JSON console logger writing one JSON object per line to `options.stream` (default `process.stdout`).
 *
 * Inside Lambda the line is written straight to `process.stdout`, never through `console.log`: the Node
 * runtime patches `console` to prefix text lines, or (JSON log format) to wrap the argument in its own
 * `{ timestamp, level, requestId, message }` object, which would double-wrap ours. Lambda takes a JSON line
 * written to stdout as it is and reads its `level` and RFC 3339 `timestamp` for log-level filtering, so
 * `level` uses Lambda's words there (WARNING → WARN, CRITICAL → FATAL; `levelName` keeps the Dagster name).
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const captured = makeJsonConsoleLogger({ stream: { write: (s) => lines.push(s) }, env: {} });
 * ```
 */
export function makeJsonConsoleLogger(options: ConsoleLoggerOptions = {}): LoggerDefinition<JsonConsoleLoggerConfig> {
  return defineLogger<typeof jsonConsoleConfigSchema>(
    LOGGER_KIND.JSON_CONSOLE,
    { config: jsonConsoleConfigSchema, description: 'One JSON object per line on stdout (Lambda default)' },
    (context) => {
      const { logLevel, name } = context.loggerConfig;
      const stream = options.stream ?? process.stdout;
      const lambda = isLambdaEnvironment(options.env ?? process.env);
      const fieldOptions = {
        loggerName: name,
        lambdaLevels: lambda,
        ...(lambda && context.requestId !== undefined ? { requestId: context.requestId } : {}),
      };
      return {
        name,
        level: logLevel,
        log(record: LogRecord): void {
          if (record.levelNumber < logLevel) return;
          stream.write(`${toJsonLine(structuredLogFields(record, fieldOptions))}\n`);
        },
      };
    },
  );
}

/**
 * JSON console logger (Dagster's `json_console_logger`), the default inside Lambda.
 * Config: `{ logLevel = 'INFO', name = 'stepster' }`. Each line carries `timestamp`, `level`, `message`,
 * `requestId` (Lambda, when known), `logger`, `runId`, `jobName`, `stepKey`, `attempt`, `levelName`,
 * `levelNumber` and the op's extra fields.
 *
 * @example
 * ```ts
 * job({ name: 'sales_job', loggerDefs: { json: jsonConsoleLogger } }, build);
 * ```
 */
export const jsonConsoleLogger: LoggerDefinition<JsonConsoleLoggerConfig> = makeJsonConsoleLogger();
