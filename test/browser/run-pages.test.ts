import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesConfig, screenshotPath, startUiFixture, type UiFixture } from './support/ui-fixture.js';

// The runs list and run page in Chromium against the real server: seed 001's sales assets
// (markdown preview, checks) and a step that is retried and then fails.
describe('stepster ui: runs and a run', () => {
  let ui: UiFixture;
  let salesRun: string;
  let taggedSalesRun: string;
  let flakyRun: string;

  beforeAll(async () => {
    ui = await startUiFixture();
    salesRun = await ui.run('sales_assets', salesConfig('2026-11-01'));
    taggedSalesRun = await ui.run('sales_assets', salesConfig('2026-11-02'), { requested_by: 'ada' });
    flakyRun = await ui.run('flaky_job');
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('lists runs newest first (saving a screenshot) and filters them by job, status and tag', async () => {
    // Prepare
    const { page } = await ui.browser.newPage();

    // Act
    await page.goto(ui.url('/runs'));
    const rows = page.locator('table.runs tbody tr');
    await rows.first().waitFor();
    const allIds = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run-id')));
    await page.screenshot({ path: screenshotPath('ui-runs.png') });
    await page.selectOption('select[name=job]', 'sales_assets');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/job=sales_assets/);
    await page.locator(`tr[data-run-id="${flakyRun}"]`).waitFor({ state: 'detached' });
    // The list is redrawn from the new answer: wait for its rows, not only for the old one to go.
    await page.locator(`tr[data-run-id="${salesRun}"]`).waitFor();
    const salesIds = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run-id')));
    await page.goto(ui.url('/runs?status=FAILURE'));
    await page.locator(`tr[data-run-id="${flakyRun}"]`).waitFor();
    const failedCount = await rows.count();
    const failedStatus = await rows.first().locator('.status').textContent();
    await page.goto(ui.url('/runs?tag=requested_by%3Dada'));
    await page.locator(`tr[data-run-id="${taggedSalesRun}"]`).waitFor();
    const taggedCount = await rows.count();

    // Assess
    expect(allIds).toEqual([flakyRun, taggedSalesRun, salesRun]);
    expect(salesIds).toEqual([taggedSalesRun, salesRun]);
    expect(failedCount).toBe(1);
    expect(failedStatus).toBe('FAILURE');
    expect(taggedCount).toBe(1);
    await page.close();
  });

  it('renders the sales run: the markdown preview as a table, a Gantt bar per step, and saves a screenshot', async () => {
    // Prepare
    const { page, pageErrors } = await ui.browser.newPage();

    // Act
    await page.goto(ui.url(`/runs/${salesRun}`));
    await page.locator('.gantt-bar').first().waitFor();
    const preview = page.locator('dt:text-is("preview") + dd .markdown table').first();
    await preview.waitFor();
    const headers = await preview.locator('thead th').allTextContents();
    const previewRows = await preview.locator('tbody tr').count();
    const bars = await page
      .locator('.gantt-row[data-step] .gantt-bar')
      .evaluateAll((divs) => divs.map((div) => [div.getAttribute('data-step'), div.getAttribute('data-outcome')]));
    const runBar = await page.locator('.gantt-run').getAttribute('data-outcome');
    const steps = await page.locator('.gantt-row[data-step]').count();
    await page.screenshot({ path: screenshotPath('ui-run.png') });

    // Assess
    expect(headers.slice(0, 2)).toEqual(['orderId', 'region']);
    expect(headers).toContain('revenue');
    expect(previewRows).toBe(5);
    expect(steps).toBe(5);
    expect(bars).toEqual(expect.arrayContaining([['sales_transform', 'SUCCESS']]));
    expect(bars).toHaveLength(5);
    expect(new Set(bars.map(([, outcome]) => outcome))).toEqual(new Set(['SUCCESS']));
    expect(runBar).toBe('SUCCESS');
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('filters the event log by event type, step and level', async () => {
    // Prepare
    const { page } = await ui.browser.newPage();
    await page.goto(ui.url(`/runs/${salesRun}`));
    const rows = page.locator('table.events > tbody > tr.event');
    await rows.first().waitFor();
    const total = await rows.count();

    // Act
    await page.selectOption('.event-log select[name=type]', 'ASSET_MATERIALIZATION');
    const materializations = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-event-type')));
    await page.selectOption('.event-log select[name=type]', '');
    await page.selectOption('.event-log select[name=step]', 'sales_transform');
    await page.selectOption('.event-log select[name=level]', 'WARNING');
    const warnings = await rows.evaluateAll((trs) =>
      trs.map((tr) => [tr.getAttribute('data-step'), tr.querySelectorAll('td')[3]?.textContent]),
    );

    // Assess
    expect(total).toBeGreaterThan(10);
    expect(materializations).toEqual(['ASSET_MATERIALIZATION', 'ASSET_MATERIALIZATION', 'ASSET_MATERIALIZATION']);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThan(total);
    for (const [step, level] of warnings) {
      expect(step).toBe('sales_transform');
      expect(['WARNING', 'ERROR', 'CRITICAL']).toContain(level);
    }
    await page.close();
  });

  it('shows a retried, failed step: a retry bar then a red failure bar, the Failure metadata and the stack', async () => {
    // Prepare
    const { page } = await ui.browser.newPage();

    // Act
    await page.goto(ui.url(`/runs/${flakyRun}`));
    await page.locator('.gantt-row[data-step] .gantt-bar[data-outcome=FAILURE]').waitFor();
    const bars = await page
      .locator('.gantt-row[data-step=flaky_export] .gantt-bar')
      .evaluateAll((divs) => divs.map((div) => [div.getAttribute('data-attempt'), div.getAttribute('data-outcome')]));
    const failureColor = await page
      .locator('.gantt-row[data-step] .gantt-bar[data-outcome=FAILURE]')
      .evaluate((div) => div.ownerDocument.defaultView?.getComputedStyle(div).backgroundColor);
    const failure = page.locator('tr[data-event-type=STEP_FAILURE]');
    const failureClass = await failure.getAttribute('class');
    const description = await failure.locator('.failure-description').textContent();
    const metadataLabels = await failure.locator('.user-failure dl.metadata dt').allTextContents();
    const stack = await failure.locator('pre.stack').first().textContent();
    const retry = await page.locator('tr[data-event-type=STEP_UP_FOR_RETRY] .retry').textContent();

    // Assess
    expect(bars).toEqual([
      ['1', 'RETRY'],
      ['2', 'FAILURE'],
    ]);
    expect(failureColor).toBe('rgb(196, 40, 45)');
    expect(failureClass).toContain('severe');
    expect(description).toBe('The export was empty');
    expect(metadataLabels).toEqual(['rows', 'export']);
    expect(stack).toMatch(/at /);
    expect(retry).toMatch(/^Retrying in /);
    await page.close();
  });

  it('re-executes a failed run from failure, or shows the error the server answers', async () => {
    // Prepare
    const { page } = await ui.browser.newPage();
    await page.goto(ui.url(`/runs/${flakyRun}`));
    const button = page.locator('button[data-mode=from-failure]');
    await button.waitFor();

    // Act
    const [response] = await Promise.all([
      page.waitForResponse((answer) => answer.url().endsWith(`/api/runs/${flakyRun}/reexecute`)),
      button.click(),
    ]);
    const body = (await response.json()) as { runId?: string; error?: string };

    // Assess
    expect(response.request().headers()['x-stepster-token']).toMatch(/^[0-9a-f]{64}$/);
    if (response.ok()) {
      await page.waitForURL(new RegExp(`/runs/${body.runId}$`));
    } else {
      await page.locator('.run-top .error-box').waitFor();
      expect(await page.locator('.run-top .error-box').textContent()).toBe(body.error);
      expect(page.url()).toBe(ui.url(`/runs/${flakyRun}`));
    }
    await page.close();
  });
});
