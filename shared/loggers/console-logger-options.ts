import type { Environment } from '../environment/environment.js';
import type { LogOutputStream } from './log-output-stream.js';

/**
 * Where a console logger writes and which environment it reads (for tests, benchmarks, embedding).
 *
 * @example
 * ```ts
 * const toFile = makeJsonConsoleLogger({ stream: createWriteStream('run.jsonl') });
 * ```
 */
export interface ConsoleLoggerOptions {
  /** @default the logger's standard stream (`process.stderr` colored, `process.stdout` JSON), read at init */
  readonly stream?: LogOutputStream;
  /** @default process.env, read at init */
  readonly env?: Environment;
}
