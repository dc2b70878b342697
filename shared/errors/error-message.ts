import { describeValue } from './describe-value.js';
import { safeRead } from './safe-read.js';

/** Longest JSON text of a thrown plain object quoted in a message. */
const MAX_JSON_LENGTH = 1000;

/**
 * The message of anything thrown, for quoting in another message: an `Error`'s `message`, a
 * thrown string as is, an object's string `message` (errors from another realm, SDK error
 * shapes), else the value as JSON or described (`a function`, `undefined`). Never throws:
 * it runs on failure paths, where a throwing getter must not hide the first error.
 *
 * @example
 * errorMessage(new Error('ENOENT: no such file')) // → 'ENOENT: no such file'
 * errorMessage('boom')                           // → 'boom'
 * errorMessage({ code: 42 })                     // → '{"code":42}'
 * errorMessage(undefined)                        // → 'undefined'
 */
export function errorMessage(error: unknown): string {
  if (typeof error === 'string') return error;
  if (typeof error !== 'object' || error === null) return describeValue(error);
  const message = safeRead(() => (error as { message?: unknown }).message);
  if (typeof message === 'string') return message;
  if (error instanceof Error) return '';
  const json = safeRead(() => JSON.stringify(error));
  if (typeof json === 'string' && json !== '{}') {
    return json.length > MAX_JSON_LENGTH ? `${json.slice(0, MAX_JSON_LENGTH - 3)}...` : json;
  }
  return describeValue(error);
}
