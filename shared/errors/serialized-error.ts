import { describeValue } from './describe-value.js';
import { safeRead } from './safe-read.js';

/** An error as stored in STEP_FAILURE `data.error` (and in Step Functions `Cause`). */
export type SerializedError = {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly cause?: SerializedError;
};

/**
 * Turns anything thrown into plain, JSON-safe data, following `cause` chains up to
 * `maxCauseDepth` levels (cycles stop early). A thrown non-Error becomes `{ name: 'NonError' }`
 * with the value described in `message`.
 *
 * @default maxCauseDepth 5
 * @example
 * serializeError(new Failure({ description: 'no files' }, { cause: new Error('ENOENT') }))
 * // → { name: 'Failure', message: 'no files', stack: '…', cause: { name: 'Error', message: 'ENOENT', stack: '…' } }
 */
export function serializeError(error: unknown, maxCauseDepth = 5): SerializedError {
  return serializeLevel(error, maxCauseDepth, new Set());
}

function serializeLevel(error: unknown, causesLeft: number, seen: Set<unknown>): SerializedError {
  seen.add(error);
  if (!isErrorLike(error)) return { name: 'NonError', message: nonErrorMessage(error) };
  const out: { name: string; message: string; stack?: string; cause?: SerializedError } = {
    name: safeString(() => error.name) ?? 'Error',
    message: safeString(() => error.message) ?? '',
  };
  const stack = safeString(() => error.stack);
  if (stack !== undefined) out.stack = stack;
  const cause = safeRead(() => error.cause);
  if (cause !== undefined && causesLeft > 0 && !seen.has(cause)) {
    out.cause = serializeLevel(cause, causesLeft - 1, seen);
  }
  return out;
}

type ErrorLike = { name: unknown; message: unknown; stack?: unknown; cause?: unknown };

function isErrorLike(value: unknown): value is ErrorLike {
  if (value instanceof Error) return true;
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof safeRead(() => v.name) === 'string' && typeof safeRead(() => v.message) === 'string';
}

function nonErrorMessage(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const json = safeRead(() => JSON.stringify(value));
    if (typeof json === 'string')
      return `Non-Error value thrown: ${json.length > 1000 ? `${json.slice(0, 997)}...` : json}`;
  }
  return `Non-Error value thrown: ${describeValue(value)}`;
}

function safeString(read: () => unknown): string | undefined {
  const value = safeRead(read);
  return typeof value === 'string' ? value : undefined;
}
