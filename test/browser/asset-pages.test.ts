import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesConfig, screenshotPath, startUiFixture, type UiFixture } from './support/ui-fixture.js';

// The asset catalog and an asset's page, in Chromium against the real server, after two
// materializations of seed 001's sales assets (so every numeric series has three points).
describe('stepster ui: assets', () => {
  let ui: UiFixture;
  let lastRun: string;

  beforeAll(async () => {
    ui = await startUiFixture();
    await ui.run('sales_assets', salesConfig('2026-11-01'));
    await ui.run('sales_assets', salesConfig('2026-11-02'));
    lastRun = await ui.run('sales_assets', salesConfig('2026-11-03'));
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('lists the catalog: key links, group, last materialization, stale and check status', async () => {
    // Prepare
    const { page } = await ui.browser.newPage();

    // Act
    await page.goto(ui.url('/assets'));
    const row = page.locator('tr[data-asset=sales_transform]');
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    const runLink = await row.locator('td:nth-child(4) a').getAttribute('href');
    const checks = await row
      .locator('.check')
      .evaluateAll((spans) => spans.map((span) => [span.textContent, span.className]));

    // Assess
    expect(cells[0]).toBe('sales_transform');
    expect(cells[1]).toBe('sales');
    expect(runLink).toBe(`/runs/${lastRun}`);
    expect(cells[4]).toBe('Fresh');
    expect(checks).toEqual(
      expect.arrayContaining([
        ['check_sales_schema', 'check check-passed'],
        ['check_sales_data_quality', expect.stringMatching(/check-(failed|warned)/)],
      ]),
    );
    await page.close();
  });

  it('plots every numeric metadata key over time with uPlot, lists materializations and checks, and saves a screenshot', async () => {
    // Prepare
    const { page, pageErrors } = await ui.browser.newPage();
    const api = (await (await fetch(ui.url('/api/assets/sales_transform'))).json()) as {
      series: Record<string, { value: number }[]>;
    };

    // Act
    await page.goto(ui.url('/assets/sales_transform'));
    await page.locator('.series-chart canvas').first().waitFor();
    const charts = await page
      .locator('.series-chart')
      .evaluateAll((divs) => divs.map((div) => div.getAttribute('data-series')));
    const legend = await page.locator('.series-chart .u-legend .u-series .u-label').allTextContents();
    const canvases = await page.locator('.series-chart canvas').count();
    const materializations = await page.locator('table.asset-events > tbody > tr').count();
    const checks = await page.locator('table.asset-checks > tbody > tr').count();
    const upstream = await page.locator('.asset-links a').first().getAttribute('href');
    await page.screenshot({ path: screenshotPath('ui-asset.png') });

    // Assess
    const keys = Object.keys(api.series);
    expect(keys).toEqual(expect.arrayContaining(['record_count', 'high_value_count']));
    expect(api.series.record_count).toHaveLength(3);
    expect(charts).toEqual(keys);
    expect(legend.filter((label) => label !== 'Time')).toEqual(keys);
    expect(canvases).toBe(keys.length);
    expect(materializations).toBe(3);
    expect(checks).toBe(6);
    expect(upstream).toBe('/assets/raw_sales');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
