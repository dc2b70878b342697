/**
 * An asset key as users write it: one string (`'raw_sales'`, `'s3.my_asset'`) or its
 * path components (`['warehouse', 'sales']`).
 */
export type AssetKeyInput = string | readonly string[];

/**
 * The stored form of an asset key, Dagster's "user string": a string as given, path
 * components joined by `/`. Returns `undefined` for an empty string, an empty array,
 * an empty component or a non-string, so callers can name their own field in the error.
 *
 * @example
 * assetKeyToUserString(['warehouse', 'sales']) // → 'warehouse/sales'
 * assetKeyToUserString('s3.my_asset') // → 's3.my_asset'
 */
export function assetKeyToUserString(key: unknown): string | undefined {
  if (typeof key === 'string') return key === '' ? undefined : key;
  if (!Array.isArray(key) || key.length === 0) return undefined;
  if (!key.every((part): part is string => typeof part === 'string' && part !== '')) return undefined;
  return key.join('/');
}

/** How to write an asset key, for error messages. */
export const ASSET_KEY_HINT =
  "a non-empty string or a non-empty array of non-empty strings, e.g. 'raw_sales' or ['warehouse', 'sales']";
