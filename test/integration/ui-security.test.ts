// The guards of the `stepster ui` server (DESIGN section 10), over HTTP against the real
// server: where it binds, Host checks (DNS rebinding), token + same origin for launches,
// JSON only, and the headers of every answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Definitions, job, type LocalInstance, op, openLocalInstance } from 'stepster';
import type { ErrorResponse, RunsResponse } from '../../shared/ui/ui-api.js';
import { type LocalLauncher, localLauncher } from '../../shared/ui/ui-launcher.js';
import { UiListenError } from '../../shared/ui/ui-listen-error.js';
import { startUiServer, type UiServer } from '../../shared/ui/ui-server.js';
import { rawRequest, type UiClient, uiClient } from './support/ui-client.js';

const hello = op({ name: 'hello' }, async () => 'hi');
const helloJob = job({ name: 'ui_hello' }, () => {
  hello();
});
const definitions = new Definitions({ jobs: [helloJob] });

let local: LocalInstance;
let launcher: LocalLauncher;
let server: UiServer;
let api: UiClient;

beforeAll(async () => {
  local = await openLocalInstance({ inMemory: true });
  launcher = localLauncher({ definitions, store: local.store, log: () => undefined });
  server = await startUiServer({ instance: local.store, definitions, launcher, port: 0 });
  api = uiClient(server);
});

afterAll(async () => {
  await launcher?.settled();
  await server?.close();
  await local?.close();
});

/** The runs of ui_hello recorded so far. */
async function helloRuns(): Promise<number> {
  return (await api.get<RunsResponse>('/api/runs?job=ui_hello')).body.runs.length;
}

describe('stepster ui: binding and Host', () => {
  it('binds 127.0.0.1 by default and prints that URL', () => {
    // Assess
    expect(server.address.address).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.address.port}`);
  });

  it('refuses a request whose Host is another name (DNS rebinding), and serves the loopback names', async () => {
    // Prepare
    const port = server.address.port;

    // Act
    const rebound = await rawRequest(server, { path: '/api/runs', headers: { host: `attacker.example:${port}` } });
    const otherPort = await rawRequest(server, { path: '/api/runs', headers: { host: `127.0.0.1:${port + 1}` } });
    const page = await rawRequest(server, { path: '/', headers: { host: `attacker.example:${port}` } });
    const byIp = await rawRequest(server, { path: '/api/runs', headers: { host: `127.0.0.1:${port}` } });
    const byName = await rawRequest(server, { path: '/api/runs', headers: { host: `localhost:${port}` } });

    // Assess
    expect(rebound.status).toBe(421);
    expect((JSON.parse(rebound.body) as ErrorResponse).error).toContain('attacker.example');
    expect(otherPort.status).toBe(421);
    expect(page.status).toBe(421);
    expect(page.body).not.toContain('stepster-token');
    expect(byIp.status).toBe(200);
    expect(byName.status).toBe(200);
  });

  it('fails to start on a port in use, saying so', async () => {
    // Act
    const second = startUiServer({ instance: local.store, definitions, launcher, port: server.address.port });

    // Assess
    await expect(second).rejects.toThrow(UiListenError);
    await expect(second).rejects.toMatchObject({ code: 'EADDRINUSE', message: expect.stringContaining('in use') });
  });
});

describe('stepster ui: launching needs the token and the same origin', () => {
  it('refuses a launch without the token, with a wrong token, from another origin or cross-site, and starts no run', async () => {
    // Prepare
    const before = await helloRuns();

    // Act
    const noToken = await api.post<ErrorResponse>('/api/jobs/ui_hello/launch', {}, { 'x-stepster-token': undefined });
    const wrongToken = await api.post<ErrorResponse>('/api/jobs/ui_hello/launch', {}, { 'x-stepster-token': 'f00d' });
    const otherOrigin = await api.post<ErrorResponse>(
      '/api/jobs/ui_hello/launch',
      {},
      { origin: 'http://attacker.example' },
    );
    const crossSite = await api.post<ErrorResponse>(
      '/api/jobs/ui_hello/launch',
      {},
      { origin: undefined, 'sec-fetch-site': 'cross-site' },
    );
    const formPost = await api.post<ErrorResponse>('/api/jobs/ui_hello/launch', {}, { 'content-type': 'text/plain' });
    const rebound = await rawRequest(server, {
      method: 'POST',
      path: '/api/jobs/ui_hello/launch',
      headers: {
        host: `attacker.example:${server.address.port}`,
        origin: `http://attacker.example:${server.address.port}`,
        'x-stepster-token': server.token,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    await launcher.settled();
    const after = await helloRuns();

    // Assess
    expect(noToken.status).toBe(403);
    expect(noToken.body.error).toContain('x-stepster-token');
    expect(wrongToken.status).toBe(403);
    expect(otherOrigin.status).toBe(403);
    expect(otherOrigin.body.error).toContain('http://attacker.example');
    expect(crossSite.status).toBe(403);
    expect(formPost.status).toBe(415);
    expect(rebound.status).toBe(421);
    expect(launcher.running).toBe(0);
    expect(after).toBe(before);
  });

  it('accepts a launch from the page: token, own origin (or Sec-Fetch-Site same-origin), JSON', async () => {
    // Prepare
    const before = await helloRuns();

    // Act
    const withOrigin = await api.post<{ runId: string }>('/api/jobs/ui_hello/launch', {});
    const withFetchSite = await api.post<{ runId: string }>(
      '/api/jobs/ui_hello/launch',
      {},
      { origin: undefined, 'sec-fetch-site': 'same-origin' },
    );
    await launcher.settled();

    // Assess
    expect(withOrigin.status).toBe(201);
    expect(withFetchSite.status).toBe(201);
    expect(await helloRuns()).toBe(before + 2);
  });

  it('reads need no token', async () => {
    // Act
    const runs = await api.get<RunsResponse>('/api/runs');

    // Assess
    expect(runs.status).toBe(200);
  });
});

describe('stepster ui: the page and its headers', () => {
  it('serves the same page shell at every page path, with the token in a meta tag', async () => {
    // Act
    const pages = await Promise.all(
      ['/', '/runs', '/runs/abc', '/jobs/ui_hello', '/assets', '/assets/a%2Fb'].map((p) => api.get<string>(p)),
    );

    // Assess
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.body).toMatch(/^<!doctype html>/);
      expect(page.body).toContain('<meta charset="utf-8">');
      expect(page.body).toContain(`<meta name="stepster-token" content="${server.token}">`);
      expect(page.body).toContain('<link rel="stylesheet" href="/static/app.css">');
      expect(page.body).toContain('<div id="app"></div><script type="module" src="/static/app.js"></script>');
    }
  });

  it('serves the bundled page script and stylesheet with their types', async () => {
    // Act
    const js = await api.get<string>('/static/app.js');
    const css = await api.get<string>('/static/app.css');

    // Assess
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(js.body.length).toBeGreaterThan(0);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
  });

  it('sends a strict CSP, nosniff and no referrer on pages, JSON, errors and refusals', async () => {
    // Act
    const answers = [
      await api.get('/'),
      await api.get('/api/runs'),
      await api.get('/api/runs/unknown'),
      await api.post('/api/jobs/ui_hello/launch', {}, { 'x-stepster-token': undefined }),
    ];
    const refused = await rawRequest(server, { path: '/', headers: { host: 'attacker.example' } });

    // Assess
    for (const headers of answers.map((a) => a.headers)) {
      const csp = headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).not.toContain('unsafe-eval');
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect(answers[1]?.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answers[2]?.headers.get('content-type')).toMatch(/^application\/json/);
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
  });
});
