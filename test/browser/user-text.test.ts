import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Probe } from './support/browser-definitions.js';
import { startUiFixture, type UiFixture } from './support/ui-fixture.js';

// User text (log messages, metadata, markdown, tags, descriptions) in the page: XSS probes
// must stay text, links must be http/https/mailto only, and nothing may load from elsewhere.

/** What a page holds that only an injection would put there. */
async function injected(page: Page) {
  return page.evaluate(`({
    pwned: window.__pwned,
    javascriptLinks: [...document.querySelectorAll('a[href]')].filter((a) => !/^(https?:|mailto:|\\/)/i.test(a.getAttribute('href'))).map((a) => a.getAttribute('href')),
    images: document.querySelectorAll('img').length,
    scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src')),
    handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((attr) => /^on/i.test(attr.name)).map((attr) => el.tagName + ' ' + attr.name)),
  })`);
}

const CLEAN = { pwned: undefined, javascriptLinks: [], images: 0, scripts: ['/static/app.js'], handlers: [] };

describe('stepster ui: user text never runs', () => {
  let ui: UiFixture;
  let xssRun: string;

  beforeAll(async () => {
    ui = await startUiFixture();
    xssRun = await ui.run('xss_job', undefined, { note: Probe.tag, [Probe.img]: Probe.script });
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('shows log messages, metadata, markdown and tags of an XSS run as text on every page', async () => {
    // Prepare
    const { page, dialogs } = await ui.browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const seen: Record<string, unknown> = {};

    // Act
    for (const path of ['/runs', `/runs/${xssRun}`, '/jobs', '/jobs/xss_job', '/assets']) {
      await page.goto(ui.url(path));
      await page.locator('main.page > h1').waitFor();
      await page.waitForLoadState('networkidle');
      seen[path] = await injected(page);
    }
    await page.goto(ui.url(`/runs/${xssRun}`));
    await page.locator('tr[data-event-type=LOG_MESSAGE]').first().waitFor();
    const messages = await page
      .locator('tr[data-event-type=LOG_MESSAGE] td.message > div:first-child')
      .allTextContents();
    const tags = await page.locator('.run-header .tag').allTextContents();
    const note = await page.locator('dt:text-is("note") + dd').textContent();
    const markdownHeading = await page.locator('dt:text-is("report") + dd .markdown h1').textContent();
    const markdownCell = await page.locator('dt:text-is("report") + dd .markdown td').textContent();
    const markdownLinks = await page
      .locator('dt:text-is("report") + dd .markdown a')
      .evaluateAll((anchors) => anchors.map((a) => [a.getAttribute('href'), a.getAttribute('rel'), a.textContent]));
    const unsafeUrl = await page
      .locator('dt:text-is("link") + dd')
      .evaluate((dd) => [dd.textContent, dd.querySelectorAll('a').length]);
    await page.hover('.run-header .tag >> nth=0');
    await page
      .locator('.run-header .tag')
      .first()
      .click({ modifiers: ['Shift'] })
      .catch(() => undefined);

    // Assess
    for (const path of Object.keys(seen)) expect([path, seen[path]]).toEqual([path, CLEAN]);
    expect(await injected(page)).toEqual(CLEAN);
    expect(dialogs).toEqual([]);
    expect(messages).toEqual(expect.arrayContaining([Probe.img, `${Probe.script} ${Probe.svg}`]));
    expect(tags).toEqual(
      expect.arrayContaining([`note=${Probe.tag}`, `${Probe.img}=${Probe.script}`, `probe=${Probe.tag}`]),
    );
    expect(note).toBe(Probe.img);
    expect(markdownHeading).toBe(`Report ${Probe.img}`);
    expect(markdownCell).toBe(Probe.img);
    expect(markdownLinks).toEqual([['https://example.com/md', 'noopener noreferrer', 'the docs']]);
    expect(unsafeUrl).toEqual([Probe.url, 0]);
    expect(requests.filter((url) => !url.startsWith(ui.server.url))).toEqual([]);
  });

  it('renders every metadata kind: tables, schemas, JSON folded, links with noopener, asset and job links', async () => {
    // Prepare
    const { page } = await ui.browser.newPage();
    const value = (label: string) => page.locator(`tr[data-event-type=STEP_OUTPUT] dt:text-is("${label}") + dd`);

    // Act
    await page.goto(ui.url(`/runs/${xssRun}`));
    await value('rows').waitFor();
    const table = await value('rows')
      .locator('table')
      .evaluate((t) => [...t.querySelectorAll('th, td')].map((c) => c.textContent));
    const schema = await value('columns').locator('table.schema tbody td').allTextContents();
    const json = await value('raw').locator('details > pre').textContent();
    const jsonOpen = await value('raw').locator('details').getAttribute('open');
    const docs = await value('docs')
      .locator('a')
      .evaluate((a) => [a.getAttribute('href'), a.getAttribute('rel'), a.getAttribute('target')]);
    const source = await value('source').locator('a').getAttribute('href');
    const ownerJob = await value('owner_job').locator('a').getAttribute('href');
    const path = await value('where').locator('code.path').textContent();
    const scalars = await Promise.all(
      ['complete', 'ratio', 'count', 'at', 'nothing'].map((label) => value(label).textContent()),
    );

    // Assess
    expect(table).toEqual(['city', 'sales', Probe.img, '3']);
    expect(schema).toEqual(['city', 'string', '', 'sales', 'int', '']);
    expect(JSON.parse(json ?? '')).toEqual({ html: Probe.script });
    expect(jsonOpen).toBeNull();
    expect(docs).toEqual(['https://example.com/docs', 'noopener noreferrer', '_blank']);
    expect(source).toBe('/assets/warehouse/sales');
    expect(ownerJob).toBe('/jobs/sales_assets');
    expect(path).toBe(Probe.svg);
    expect(scalars).toEqual(['true', '0.25', '42', '2026-11-01T00:00:00.000Z', 'null']);
  });
});
