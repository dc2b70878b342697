import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import type { Definitions } from '../definitions/definitions.js';
import { errorMessage } from '../errors/error-message.js';
import type { EventLogInstance } from '../event-log/event-log-instance.js';
import { type UiBundle, buildUiBundle } from './ui-bundle.js';
import type { ErrorResponse } from './ui-api.js';
import { UI_TOKEN_HEADER } from './ui-api.js';
import type { UiLauncher } from './ui-launcher.js';
import { UiListenError } from './ui-listen-error.js';
import { pageShell, UI_PAGE_PATHS, UI_STATIC } from './ui-page.js';
import { UiErrorStatus, UiRequestError } from './ui-request-error.js';
import { addApiRoutes } from './ui-routes.js';
import {
  assertHostAllowed,
  assertStateChangeAllowed,
  type BoundAddress,
  newUiToken,
  SECURITY_HEADERS,
} from './ui-security.js';

/** Options of {@link startUiServer}. */
export interface UiServerOptions {
  readonly instance: EventLogInstance;
  readonly definitions: Definitions;
  readonly launcher: UiLauncher;
  /** The address to listen on; anything but loopback exposes the runs to the network. @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 3000 */
  readonly port?: number;
  /** The page. @default buildUiBundle() */
  readonly bundle?: UiBundle;
  /** Where unexpected errors (answered 500) are reported. @default stderr */
  readonly log?: (line: string) => void;
}

/** A running `stepster ui` server. */
export interface UiServer {
  /** What to open, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** The address the socket is bound to, as the OS reports it. */
  readonly address: AddressInfo;
  /** The token state-changing requests must carry (also in the page's `<meta>`). */
  readonly token: string;
  /** Stops accepting requests and closes open connections. */
  close(): Promise<void>;
}

export const DEFAULT_UI_HOST = '127.0.0.1';
export const DEFAULT_UI_PORT = 3000;

/**
 * Serves the `stepster ui` web app: the page at `/`, `/runs…`, `/jobs…`, `/assets…`, and the
 * JSON API of ui-api.ts over `instance` and `definitions`. Every request must name this server
 * in its Host header (DNS rebinding); launch and re-execute also need the page's token and
 * the server's own origin. The page is bundled before the server listens, so a broken page
 * fails here rather than on the first request.
 *
 * @example
 * const server = await startUiServer({ instance: local.store, definitions, launcher, port: 0 });
 * console.log(`stepster ui: ${server.url}`);
 */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const host = options.host ?? DEFAULT_UI_HOST;
  const token = newUiToken();
  const bundle = options.bundle ?? (await buildUiBundle());
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // Known once listening (port 0 picks one); no request is served before.
  const bound: { current: BoundAddress } = { current: { host, port: options.port ?? DEFAULT_UI_PORT } };

  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
  });
  app.use('*', async (c, next) => {
    assertHostAllowed(c.req.header('host'), bound.current);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      assertStateChangeAllowed(
        {
          host: c.req.header('host'),
          origin: c.req.header('origin'),
          secFetchSite: c.req.header('sec-fetch-site'),
          token: c.req.header(UI_TOKEN_HEADER),
          contentType: c.req.header('content-type'),
        },
        token,
      );
    }
    await next();
  });
  const html = pageShell(token);
  for (const path of UI_PAGE_PATHS) app.get(path, (c) => c.html(html));
  app.get(UI_STATIC.js, (c) => c.body(bundle.js, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get(UI_STATIC.css, (c) => c.body(bundle.css, 200, { 'content-type': 'text/css; charset=utf-8' }));
  addApiRoutes(app, options);
  app.notFound((c) =>
    c.json(
      {
        error: `no such path "${c.req.path}": the pages are /runs, /runs/<runId>, /jobs/<name>, /assets and /assets/<key>; the API is under /api`,
      } satisfies ErrorResponse,
      UiErrorStatus.NOT_FOUND,
    ),
  );
  app.onError((error, c) => {
    if (error instanceof UiRequestError) return c.json({ error: error.message } satisfies ErrorResponse, error.status);
    log(`stepster ui: ${c.req.method} ${c.req.path} failed: ${error.stack ?? errorMessage(error)}`);
    return c.json({ error: `the server failed: ${errorMessage(error)}` } satisfies ErrorResponse, 500);
  });

  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const where = `${host}:${bound.current.port}`;
      const why =
        error.code === 'EADDRINUSE'
          ? `port ${bound.current.port} is in use on ${host}`
          : error.code === 'EADDRNOTAVAIL'
            ? `${host} is not an address of this machine`
            : `cannot listen on ${where}: ${errorMessage(error)}`;
      reject(new UiListenError(why, error.code, { cause: error }));
    };
    server.once('error', onError);
    server.listen(bound.current.port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  bound.current = { host, port: address.port };
  const urlHost = address.family === 'IPv6' && host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${address.port}`,
    address,
    token,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections (a page polling) would hold close() open.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
