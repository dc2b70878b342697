import type { Environment } from '../environment/environment.js';
import type { LogOutputStream } from './log-output-stream.js';

/**
 * Whether to write ANSI colors to `stream`.
 * `FORCE_COLOR` wins when set (`0`/`false` turn colors off, anything else on, as in Node itself);
 * otherwise a non-empty `NO_COLOR` (no-color.org) or `TERM=dumb` turns them off, and they are only used
 * when the stream is a terminal. The stream written to is checked, not `process.stdout`, because the
 * colored logger writes to stderr and either may be redirected on its own.
 *
 * @example
 * ```ts
 * shouldUseColor(process.stderr, process.env);
 * ```
 */
export function shouldUseColor(stream: LogOutputStream, env: Environment): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}
