import { StepsterError } from '../../errors/stepster-error.js';
import { type ErrorResponse, UI_TOKEN_HEADER, UI_TOKEN_META } from '../ui-api.js';

/** A request to the server that failed: `message` is the server's own explanation. */
export class UiRequestError extends StepsterError {
  override readonly name = 'UiRequestError' as const;
  constructor(
    message: string,
    /** The HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * A path of ../ui-api.ts with its `:params` filled in, each URL-encoded as one segment.
 *
 * @example
 * apiPath(UiApi.run, { runId: 'a/b' }) // → '/api/runs/a%2Fb'
 */
export function apiPath(template: string, params: Readonly<Record<string, string>> = {}): string {
  return template.replace(/:([A-Za-z]+)/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`apiPath: no value for ":${name}" in ${template}`);
    return encodeURIComponent(value);
  });
}

function token(): string {
  return document.querySelector(`meta[name="${UI_TOKEN_META}"]`)?.getAttribute('content') ?? '';
}

async function send<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, credentials: 'same-origin' });
  } catch (error) {
    throw new UiRequestError(`Could not reach the stepster ui server (${String(error)}). Is it still running?`, 0);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const message = (body as Partial<ErrorResponse> | undefined)?.error;
    throw new UiRequestError(
      typeof message === 'string' ? message : `${response.status} ${response.statusText}: ${text.slice(0, 200)}`,
      response.status,
    );
  }
  return body as T;
}

/** GET a JSON path of the server. */
export function getJson<T>(path: string, query?: URLSearchParams): Promise<T> {
  const search = query && [...query.keys()].length > 0 ? `?${query.toString()}` : '';
  return send<T>(`${path}${search}`, { headers: { accept: 'application/json' } });
}

/** POST JSON with the page's token (the server refuses state changes without it). */
export function postJson<T>(path: string, body: unknown): Promise<T> {
  return send<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', [UI_TOKEN_HEADER]: token() },
    body: JSON.stringify(body),
  });
}
