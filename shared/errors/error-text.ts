/** How stack frames are indented under their error's header line. */
const FRAME_INDENT = '    ';

/** Causes followed at most; serializeError stores five levels, a crash report one. */
const MAX_CAUSES = 10;

/**
 * A stored error (STEP_FAILURE `data.error`, a retry's error) as text lines: `Name: message`, its
 * stack frames, then `Caused by: …` for each cause, with its own frames. The header comes from
 * the stored name and message, not from the stack's first line: an error class that sets `name`
 * as a field has a stack that still starts `Error: …`. A Lambda error report
 * (`{ errorType, errorMessage, trace }`, the cause of a crash) and a plain string read as errors too.
 *
 * @example
 * errorTextLines({ name: 'Failure', message: 'no files', stack: 'Error: no files\n    at load (ops.ts:3:9)' });
 * // → ['Failure: no files', '    at load (ops.ts:3:9)']
 */
export function errorTextLines(error: unknown): string[] {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth <= MAX_CAUSES; depth++) {
    const prefix = depth === 0 ? '' : 'Caused by: ';
    if (typeof current !== 'object') {
      lines.push(`${prefix}${String(current)}`);
      break;
    }
    const e = current as Record<string, unknown>;
    const name = text(e.name) ?? text(e.errorType) ?? 'Error';
    const message = text(e.message) ?? text(e.errorMessage) ?? '';
    lines.push(`${prefix}${message ? `${name}: ${message}` : name}`);
    lines.push(...frames(e.stack ?? e.trace).map((frame) => `${FRAME_INDENT}${frame}`));
    current = e.cause;
  }
  return lines;
}

/** The `at …` lines of a V8 stack (a string) or a Lambda trace (an array of lines). */
function frames(stack: unknown): string[] {
  const lines = typeof stack === 'string' ? stack.split('\n') : Array.isArray(stack) ? stack.map(String) : [];
  return lines.map((line) => line.trim()).filter((line) => line.startsWith('at '));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
