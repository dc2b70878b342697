import { shortenTextToSize, truncationMarker } from './shorten-text.js';

/** Below this share per child, a container keeps its leading children whole instead of shortening each. */
const MIN_CHILD_SHARE = 256;

/**
 * UTF-8 bytes of a value's JSON text (0 for what JSON leaves out, such as `undefined`).
 *
 * @example
 * jsonBytes({ a: 'é' }); // 10
 */
export function jsonBytes(value: unknown): number {
  const json = JSON.stringify(value);
  return json === undefined ? 0 : Buffer.byteLength(json);
}

/**
 * Fits plain JSON data (what `JSON.parse` returns: no cycles) into `maxBytes` of UTF-8 JSON by
 * the rule of `shortenText`: the longest strings are cut first, each keeping its head and a
 * marker, and everything that fits stays whole. Structure is kept (an object stays an object
 * with its keys, so `data.error.message` is still a string where readers look for it).
 * Only a container with so many children that each would get under 256 bytes keeps its
 * leading children whole and ends with a marker entry (`"…"` key, or a last array item).
 * Returns `value` itself when it already fits.
 *
 * @example
 * shortenJson({ error: { name: 'Error', message: 'x'.repeat(1_000_000) } }, 1024);
 * // → { error: { name: 'Error', message: 'xxx…… [truncated 999,016 characters]' } }
 */
export function shortenJson(value: unknown, maxBytes: number): unknown {
  return fitValue(value, maxBytes);
}

function fitValue(value: unknown, budget: number): unknown {
  const size = jsonBytes(value);
  if (size <= budget) return value;
  if (typeof value === 'string') return shortenTextToSize(value, budget, jsonBytes);
  // Numbers, booleans and null cannot be shortened; their container makes room elsewhere.
  if (typeof value !== 'object' || value === null) return value;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value);
  const sizes = entries.map(([, child]) => jsonBytes(child));
  const overhead = size - sizes.reduce((sum, bytes) => sum + bytes, 0);
  const cap = waterLevel(sizes, budget - overhead);
  if (cap !== undefined) {
    const fitted = entries.map(([key, child], index): [string, unknown] => [
      key,
      (sizes[index] ?? 0) > cap ? fitValue(child, cap) : child,
    ]);
    const result = Array.isArray(value) ? fitted.map(([, child]) => child) : Object.fromEntries(fitted);
    if (jsonBytes(result) <= budget) return result;
  }
  return keepLeadingChildren(value, entries, budget);
}

/**
 * The largest share `cap` such that the children, each cut to at most `cap`, fit in `available`
 * (children smaller than the cap stay whole and leave their unused share to the others);
 * undefined when that share would be under {@link MIN_CHILD_SHARE}.
 */
function waterLevel(sizes: readonly number[], available: number): number | undefined {
  const sorted = [...sizes].sort((a, b) => a - b);
  let left = available;
  for (let index = 0; index < sorted.length; index++) {
    const share = Math.floor(left / (sorted.length - index));
    const size = sorted[index] ?? 0;
    if (size > share) return share >= MIN_CHILD_SHARE ? share : undefined;
    left -= size;
  }
  return Number.POSITIVE_INFINITY;
}

function keepLeadingChildren(value: object, entries: readonly [string, unknown][], budget: number): unknown {
  const isArray = Array.isArray(value);
  const withMarker = (kept: readonly [string, unknown][]): unknown => {
    const marker = truncationMarker(entries.length - kept.length, isArray ? 'more items' : 'more keys');
    return isArray ? [...kept.map(([, child]) => child), marker] : Object.fromEntries([...kept, ['…', marker]]);
  };
  // Counted as it grows (the marker of the longest count is the largest), never re-serialised.
  let used = jsonBytes(withMarker([]));
  const kept: [string, unknown][] = [];
  for (const [key, child] of entries) {
    const cost = isArray ? Math.max(jsonBytes(child), 4) + 1 : jsonBytes(key) + jsonBytes(child) + 2;
    if (used + cost > budget) break;
    used += cost;
    kept.push([key, child]);
  }
  return withMarker(kept);
}
