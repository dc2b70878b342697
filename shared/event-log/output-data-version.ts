import { createHash } from 'node:crypto';
import { encodeOutputValue } from './output-value-codec.js';

/**
 * An asset's data version when the body set none: the SHA-256 of its output as the output
 * codec stores it (format and text), so equal values stored alike get equal versions in every
 * run and process. `undefined` (stored as no text) has a version of its own. Object key order
 * is part of the stored text, as it is of the value JSON gives back.
 *
 * @returns undefined for a value the codec cannot store (the step fails on it anyway)
 * @example
 * outputDataVersion({ rows: [1, 2] }) === outputDataVersion({ rows: [1, 2] }); // true
 */
export function outputDataVersion(value: unknown): string | undefined {
  const hash = createHash('sha256');
  if (value === undefined) return hash.update('undefined').digest('hex');
  const encoding = encodeOutputValue(value);
  if (!encoding.ok) return undefined;
  return hash.update(`${encoding.encoded.format}\n${encoding.encoded.text}`).digest('hex');
}
