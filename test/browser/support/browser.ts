import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); Playwright never downloads a browser here. */
export const CHROMIUM = '/usr/bin/chromium';

/** A headless Chromium with a fresh profile, and what the page did that it should not have. */
export interface UiBrowser {
  readonly context: BrowserContext;
  /** Opens a page that records its dialogs (alert/confirm), script errors and CSP violations. */
  newPage(): Promise<WatchedPage>;
  close(): Promise<void>;
}

export interface WatchedPage {
  readonly page: Page;
  /** Messages of every alert/confirm/prompt the page opened (an XSS probe's tell). */
  readonly dialogs: string[];
  /** Uncaught errors in the page. */
  readonly pageErrors: string[];
  /** Console errors (CSP violations are reported there). */
  readonly consoleErrors: string[];
}

/**
 * Starts Chromium headless with a throwaway `--user-data-dir` (Playwright's persistent context
 * is how it takes one), no sandbox (tests run as root in CI) and no background traffic.
 *
 * @example
 * const browser = await openUiBrowser();
 * const { page } = await browser.newPage();
 */
export async function openUiBrowser(): Promise<UiBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'stepster-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      const watched: WatchedPage = { page, dialogs: [], pageErrors: [], consoleErrors: [] };
      page.on('dialog', (dialog) => {
        watched.dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on('pageerror', (error) => watched.pageErrors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') watched.consoleErrors.push(message.text());
      });
      return watched;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
