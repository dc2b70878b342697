// A small client of the `stepster ui` server for the HTTP tests: what the page sends (its
// token, its own origin, JSON), and raw requests for headers fetch will not set (Host).
import { request } from 'node:http';
import { UI_TOKEN_HEADER } from '../../../shared/ui/ui-api.js';
import type { UiServer } from '../../../shared/ui/ui-server.js';

export interface UiAnswer<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface UiClient {
  get<T>(path: string): Promise<UiAnswer<T>>;
  /** A POST as the page sends it: token, own origin, JSON; `headers` override or (undefined) drop one. */
  post<T>(path: string, body: unknown, headers?: Record<string, string | undefined>): Promise<UiAnswer<T>>;
  /** GETs `path` until `done` holds (at most 30 s), and answers the last body. */
  waitFor<T>(path: string, done: (body: T) => boolean): Promise<T>;
}

export function uiClient(server: UiServer): UiClient {
  const answer = async <T>(response: Response): Promise<UiAnswer<T>> => {
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('application/json');
    return { status: response.status, headers: response.headers, body: (json ? JSON.parse(text) : text) as T };
  };
  const get = async <T>(path: string) => answer<T>(await fetch(`${server.url}${path}`));
  return {
    get,
    post: async <T>(path: string, body: unknown, overrides: Record<string, string | undefined> = {}) => {
      const headers: Record<string, string | undefined> = {
        origin: server.url,
        [UI_TOKEN_HEADER]: server.token,
        'content-type': 'application/json',
        ...overrides,
      };
      const sent = Object.fromEntries(
        Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      return answer<T>(
        await fetch(`${server.url}${path}`, { method: 'POST', headers: sent, body: JSON.stringify(body) }),
      );
    },
    waitFor: async <T>(path: string, done: (body: T) => boolean) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const { body } = await get<T>(path);
        if (done(body) || Date.now() > deadline) return body;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/** A request with exactly these headers (fetch does not let a caller set Host). */
export function rawRequest(
  server: UiServer,
  options: {
    readonly method?: string;
    readonly path: string;
    readonly headers: Record<string, string>;
    readonly body?: string;
  },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: server.address.address,
        port: server.address.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
