// A link from user data becomes clickable only with one of these schemes: `javascript:`,
// `data:`, `vbscript:`, `file:` and relative URLs stay text.
const SAFE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/**
 * The URL, normalised, when it is absolute and http, https or mailto; else undefined.
 *
 * @example
 * safeExternalUrl('https://example.com/a b') // → 'https://example.com/a%20b'
 * safeExternalUrl('javascript:alert(1)')     // → undefined
 */
export function safeExternalUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  return SAFE_PROTOCOLS.has(url.protocol) ? url.href : undefined;
}

/** A link that leaves the page: a new tab, no opener, no referrer. */
export function externalLink(href: string, text: string): HTMLAnchorElement | Text {
  const safe = safeExternalUrl(href);
  if (safe === undefined) return document.createTextNode(text);
  const anchor = document.createElement('a');
  anchor.setAttribute('href', safe);
  anchor.setAttribute('rel', 'noopener noreferrer');
  anchor.setAttribute('target', '_blank');
  anchor.className = 'external';
  anchor.textContent = text;
  return anchor;
}
