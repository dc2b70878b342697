import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Definitions } from 'stepster';
import { type LocalInstance, openLocalInstance } from '../../../shared/local/local-instance.js';
import { type LocalLauncher, localLauncher } from '../../../shared/ui/ui-launcher.js';
import { startUiServer, type UiServer } from '../../../shared/ui/ui-server.js';
import { browserDefinitions } from './browser-definitions.js';
import { openUiBrowser, type UiBrowser } from './browser.js';

/** Where the tests save the screenshots the README shows. */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../../docs/images');

/** The real `stepster ui` server over an in-memory store, the Definitions it serves, and a browser. */
export interface UiFixture {
  readonly server: UiServer;
  readonly instance: LocalInstance;
  readonly launcher: LocalLauncher;
  readonly definitions: Definitions;
  readonly browser: UiBrowser;
  /** Starts a run through the server's launcher and waits until every run has ended. */
  run(jobName: string, runConfig?: Record<string, unknown>, tags?: Record<string, string>): Promise<string>;
  /** The absolute URL of a page path. */
  url(path: string): string;
  close(): Promise<void>;
}

/**
 * Starts the server on a free loopback port and Chromium beside it.
 *
 * @example
 * const ui = await startUiFixture();
 * const runId = await ui.run('flaky_job');
 */
export async function startUiFixture(): Promise<UiFixture> {
  const definitions = browserDefinitions();
  const instance = await openLocalInstance({ inMemory: true });
  const serverLog: string[] = [];
  const launcher = localLauncher({ definitions, store: instance.store, log: (line) => serverLog.push(line) });
  const server = await startUiServer({
    instance: instance.store,
    definitions,
    launcher,
    port: 0,
    log: (line) => serverLog.push(line),
  });
  const browser = await openUiBrowser();
  return {
    server,
    instance,
    launcher,
    definitions,
    browser,
    async run(jobName, runConfig, tags) {
      const { runId } = await launcher.launch(jobName, {
        ...(runConfig ? { runConfig } : {}),
        ...(tags ? { tags } : {}),
      });
      await launcher.settled();
      return runId;
    },
    url: (path) => `${server.url}${path}`,
    async close() {
      await browser.close();
      await launcher.settled();
      await server.close();
      await instance.close();
      if (serverLog.some((line) => /failed/.test(line))) {
        throw new Error(`the ui server reported failures:\n${serverLog.join('\n')}`);
      }
    },
  };
}

/** The path of a screenshot under docs/images/, its folder made. */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return join(SCREENSHOT_DIR, name);
}

/** The sales assets' run config for one day's export. */
export function salesConfig(date: string): Record<string, unknown> {
  return { ops: { raw_sales: { config: { date } } } };
}
