import { z } from 'zod';
import { eventDetailLines } from '../events/event-details.js';
import { shouldUseColor } from './color-support.js';
import type { ConsoleLoggerOptions } from './console-logger-options.js';
import { toJsonLine } from './json-line.js';
import { LogLevel, logLevelSchema } from './log-level.js';
import type { LogRecord } from './log-record.js';
import { defineLogger, type LoggerDefinition } from './logger-definition.js';
import { LOGGER_KIND } from './logger-kind.js';

const ANSI_RESET = '\u001b[0m';
/** ERROR and CRITICAL are bold red so they stand out even without filtering (as in Dagster). */
const ANSI_BY_LEVEL = {
  DEBUG: '\u001b[34m',
  INFO: '\u001b[32m',
  WARNING: '\u001b[33m',
  ERROR: '\u001b[1;31m',
  CRITICAL: '\u001b[1;31m',
} as const;

const coloredConsoleConfigSchema = z.strictObject({
  /** @default 'DEBUG' */
  logLevel: logLevelSchema.default(LogLevel.DEBUG),
  /** @default 'stepster' */
  name: z.string().min(1, 'must be a non-empty string').default('stepster'),
});

/** Validated config of the colored console logger (`logLevel` as a number). */
export type ColoredConsoleLoggerConfig = z.output<typeof coloredConsoleConfigSchema>;

/** Detail lines under a record's line sit this far in, so the next record's line stands out. */
const DETAIL_INDENT = '    ';

/**
 * One human-readable line: `<time> - <name> - <runId first 8> - <stepKey> - <LEVEL> - <message>` then the
 * extra fields as JSON. The step segment is left out for run-level records. No trailing newline.
 * A record that reports a step event (a failure, a retry) goes on over indented lines with what its
 * message leaves out: the error's stack and causes, a Failure's description and metadata (as Dagster's
 * console logger prints a STEP_FAILURE with its stack trace).
 *
 * @example
 * ```ts
 * formatConsoleLine(record, { name: 'stepster', color: false });
 * // '2024-05-01T12:00:00.000Z - stepster - c0ffee00 - load_orders - INFO - loaded {"rows":3}'
 * ```
 */
export function formatConsoleLine(
  record: LogRecord,
  options: { readonly name: string; readonly color: boolean },
): string {
  let line = `${record.timestamp} - ${options.name} - ${record.runId.slice(0, 8)} - `;
  if (record.stepKey !== undefined) line += `${record.stepKey} - `;
  line += `${record.level} - ${record.message}`;
  if (record.extra !== undefined && Object.keys(record.extra).length > 0) line += ` ${toJsonLine(record.extra)}`;
  if (record.event !== undefined) {
    for (const detail of eventDetailLines(record.event.eventType, record.event.data)) {
      line += detail === '' ? '\n' : `\n${DETAIL_INDENT}${detail}`;
    }
  }
  return options.color ? `${ANSI_BY_LEVEL[record.level]}${line}${ANSI_RESET}` : line;
}

/**
 * Builds a colored console logger writing to `options.stream`.
 * It writes to stderr by default, as Dagster does: stdout stays free for a program's own output
 * (e.g. the CLI printing JSON results) and stderr is unbuffered in a terminal.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const captured = makeColoredConsoleLogger({ stream: { write: (s) => lines.push(s) }, env: {} });
 * ```
 */
export function makeColoredConsoleLogger(
  options: ConsoleLoggerOptions = {},
): LoggerDefinition<ColoredConsoleLoggerConfig> {
  return defineLogger<typeof coloredConsoleConfigSchema>(
    LOGGER_KIND.COLORED_CONSOLE,
    { config: coloredConsoleConfigSchema, description: 'Colored, human-readable lines on stderr (local default)' },
    (context) => {
      const { logLevel, name } = context.loggerConfig;
      const stream = options.stream ?? process.stderr;
      const color = shouldUseColor(stream, options.env ?? process.env);
      return {
        name,
        level: logLevel,
        log(record: LogRecord): void {
          if (record.levelNumber < logLevel) return;
          stream.write(`${formatConsoleLine(record, { name, color })}\n`);
        },
      };
    },
  );
}

/**
 * Colored console logger (Dagster's `colored_console_logger`), the local default.
 * Config: `{ logLevel = 'DEBUG', name = 'stepster' }`. Honours `NO_COLOR`, `FORCE_COLOR` and non-terminal output.
 *
 * @example
 * ```ts
 * const runConfig = { loggers: { console: { config: { logLevel: 'ERROR' } } } };
 * job({ name: 'sales_job', loggerDefs: { console: coloredConsoleLogger } }, build);
 * ```
 */
export const coloredConsoleLogger: LoggerDefinition<ColoredConsoleLoggerConfig> = makeColoredConsoleLogger();
