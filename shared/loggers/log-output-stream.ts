/**
 * Where a console logger writes: `process.stdout`, `process.stderr`, a file stream, or a test buffer.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const stream: LogOutputStream = { write: (chunk) => lines.push(chunk), isTTY: false };
 * ```
 */
export interface LogOutputStream {
  write(chunk: string): unknown;
  /** True for a terminal; colored output is only used on one unless `FORCE_COLOR` says otherwise. */
  readonly isTTY?: boolean;
}
