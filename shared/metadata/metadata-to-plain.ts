import type { TypedMetadata } from './typed-metadata.js';

/**
 * Stored metadata back as `{ label: value }` (the typed values' `value`), for reports and
 * assertions, like Dagster's `{m.label: m.value for m in metadata}`.
 *
 * @example
 * metadataToPlain({ rowCount: { type: 'int', value: 3 }, docs: { type: 'url', value: 'https://x' } })
 * // → { rowCount: 3, docs: 'https://x' }
 */
export function metadataToPlain(typed: TypedMetadata): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [label, entry] of Object.entries(typed)) plain[label] = entry.value;
  return plain;
}
