import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { UI_TOKEN_HEADER } from './ui-api.js';
import { UiErrorStatus, UiRequestError } from './ui-request-error.js';

/**
 * Headers on every answer. The page loads only its own script and stylesheet (no CDN, no
 * inline script), is never framed, sends no referrer, and no answer is sniffed into another
 * type, so a JSON body that holds user text can never run as HTML.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** Where the server listens. */
export interface BoundAddress {
  /** As `--host` gave it, e.g. `127.0.0.1`, `localhost`, `::1`, `0.0.0.0`. */
  readonly host: string;
  readonly port: number;
}

/** A fresh per-server token for state-changing requests: 256 random bits, hex. */
export function newUiToken(): string {
  return randomBytes(32).toString('hex');
}

const LOOPBACK_NAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);
const WILDCARD_HOSTS: ReadonlySet<string> = new Set(['0.0.0.0', '::', '[::]']);

/** A host as it appears in a Host header: lower case, an IPv6 address in brackets. */
function hostForHeader(host: string): string {
  const lower = host.toLowerCase();
  return isIP(lower) === 6 ? `[${lower}]` : lower;
}

/**
 * Whether a request's Host header names this server. A DNS-rebinding page reaches the server
 * under the attacker's domain name, so only the bound name, the loopback names (when bound to
 * loopback) and, when bound to every interface, IP literals and this machine's name pass.
 *
 * @example
 * hostAllowed('127.0.0.1:3000', { host: '127.0.0.1', port: 3000 }); // true
 * hostAllowed('evil.example:3000', { host: '127.0.0.1', port: 3000 }); // false
 */
export function hostAllowed(hostHeader: string | undefined, bound: BoundAddress): boolean {
  if (hostHeader === undefined) return false;
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d+))?$/i.exec(hostHeader.trim().toLowerCase());
  if (!match?.[1]) return false;
  const name = match[1];
  const port = match[2] === undefined ? 80 : Number(match[2]);
  if (port !== bound.port) return false;
  const boundName = hostForHeader(bound.host);
  if (name === boundName) return true;
  const loopback = LOOPBACK_NAMES.has(boundName) || /^127\.\d+\.\d+\.\d+$/.test(boundName);
  if (loopback || WILDCARD_HOSTS.has(boundName)) {
    if (LOOPBACK_NAMES.has(name)) return true;
  }
  if (!WILDCARD_HOSTS.has(boundName)) return false;
  const bare = name.startsWith('[') ? name.slice(1, -1) : name;
  return isIP(bare) !== 0 || name === hostname().toLowerCase();
}

/** Refuses a request whose Host does not name this server (421: it is not this server's name). */
export function assertHostAllowed(hostHeader: string | undefined, bound: BoundAddress): void {
  if (hostAllowed(hostHeader, bound)) return;
  throw new UiRequestError(
    UiErrorStatus.MISDIRECTED,
    `Host "${hostHeader ?? ''}" is not this server's address (${hostForHeader(bound.host)}:${bound.port}): open the URL stepster ui printed`,
  );
}

/** The headers of a request that {@link assertStateChangeAllowed} reads. */
export interface StateChangeHeaders {
  readonly host: string | undefined;
  readonly origin: string | undefined;
  readonly secFetchSite: string | undefined;
  readonly token: string | undefined;
  readonly contentType: string | undefined;
}

/**
 * The rules for a request that changes state (launch, re-execute), after the Host check:
 * it comes from the server's own page (Origin equal to the server's origin, or, from a browser
 * that sends no Origin, `Sec-Fetch-Site: same-origin`), carries the page's token, and is
 * JSON, which a cross-site form cannot send without a preflight.
 */
export function assertStateChangeAllowed(headers: StateChangeHeaders, token: string): void {
  const ownOrigin = `http://${(headers.host ?? '').trim().toLowerCase()}`;
  const sameOrigin =
    headers.origin === undefined
      ? headers.secFetchSite === 'same-origin'
      : headers.origin.trim().toLowerCase() === ownOrigin;
  if (!sameOrigin) {
    throw new UiRequestError(
      UiErrorStatus.FORBIDDEN,
      `cross-origin request refused: Origin "${headers.origin ?? '(none)'}" is not ${ownOrigin}; start runs from the stepster ui page`,
    );
  }
  if (!tokenMatches(headers.token, token)) {
    throw new UiRequestError(
      UiErrorStatus.FORBIDDEN,
      `missing or wrong ${UI_TOKEN_HEADER} header: send the token of the page's <meta name="stepster-token"> (reload the page after restarting stepster ui)`,
    );
  }
  const mediaType = headers.contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new UiRequestError(
      UiErrorStatus.UNSUPPORTED_MEDIA_TYPE,
      `Content-Type "${headers.contentType ?? '(none)'}" refused: send the body as JSON with Content-Type: application/json`,
    );
  }
}

function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  // Compared in constant time, so the answer's timing does not leak the token's prefix.
  return a.length === b.length && timingSafeEqual(a, b);
}
