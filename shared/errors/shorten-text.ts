// The one rule for text that crosses a store or payload limit (an event item, a step item,
// Step Functions' error Cause): keep the head of the user's text, cut the tail, and say how
// much was cut with a visible marker. Text is never replaced (e.g. by a storage error about
// its size) and never cut silently. Each boundary applies it with its own limit; the marker
// wording lives here only, so every shortened text reads the same.

const COUNT = new Intl.NumberFormat('en-US');

/**
 * The marker that ends a shortened text or container, e.g. `… [truncated 812,345 characters]`.
 *
 * @default unit 'characters'
 * @example
 * truncationMarker(812_345); // '… [truncated 812,345 characters]'
 * truncationMarker(3, 'more keys'); // '… [truncated 3 more keys]'
 */
export function truncationMarker(count: number, unit = 'characters'): string {
  return `… [truncated ${COUNT.format(count)} ${unit}]`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * `text` if it has at most `maxLength` characters (UTF-16 code units); else its head followed
 * by {@link truncationMarker}, `maxLength` characters in all. A surrogate pair is never split.
 * When `maxLength` is shorter than the marker, the marker alone is returned: a cut is never silent.
 *
 * @example
 * shortenText('x'.repeat(1_000_000), 40); // 'xxxxxxx… [truncated 999,967 characters]'
 */
export function shortenText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  // The marker for the whole text has at least as many digits as any later one, so this keep fits.
  let keep = Math.max(0, maxLength - truncationMarker(text.length).length);
  for (;;) {
    if (keep > 0 && isHighSurrogate(text.charCodeAt(keep - 1))) keep--;
    const shortened = text.slice(0, keep) + truncationMarker(text.length - keep);
    if (shortened.length <= maxLength || keep === 0) return fillUp(text, keep, shortened, maxLength);
    keep = Math.max(0, keep - (shortened.length - maxLength));
  }
}

/** A shorter count may leave room under `maxLength`: give it back to the head when it still fits. */
function fillUp(text: string, keep: number, shortened: string, maxLength: number): string {
  const room = maxLength - shortened.length;
  if (room <= 0) return shortened;
  let longer = keep + room;
  if (isHighSurrogate(text.charCodeAt(longer - 1))) longer--;
  const candidate = text.slice(0, longer) + truncationMarker(text.length - longer);
  return candidate.length <= maxLength ? candidate : shortened;
}

/**
 * Like {@link shortenText}, with the limit in bytes as `measure` counts them (e.g. UTF-8 bytes
 * of the JSON string): the longest head that, with its marker, measures at most `maxBytes`.
 *
 * @example
 * // The head of `message` whose JSON string takes at most 32,768 UTF-8 bytes, marker included:
 * shortenTextToSize(message, 32_768, (t) => Buffer.byteLength(JSON.stringify(t)));
 */
export function shortenTextToSize(text: string, maxBytes: number, measure: (text: string) => number): string {
  if (measure(text) <= maxBytes) return text;
  // Binary search on the kept length: measure grows with it (a longer head never measures less).
  let low = 0;
  let high = Math.min(text.length - 1, maxBytes);
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (measure(shortenText(text, middle)) <= maxBytes) low = middle;
    else high = middle - 1;
  }
  return shortenText(text, low);
}
