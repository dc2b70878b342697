import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAN_THOUSAND_FAILING } from './support/browser-definitions.js';
import { startUiFixture, type UiFixture } from './support/ui-fixture.js';

// Dynamic fan-out in Chromium against the real server: the run page groups process[a] steps
// under process[*] (folded past 20 items), the event log filters by item or by the mapped op,
// and the job graph marks the mapped op. A 1,000-item run is measured: answer size, render time.
describe('stepster ui: a fan-out run', () => {
  let ui: UiFixture;
  let smallRun: string;
  let thousandRun: string;

  beforeAll(async () => {
    ui = await startUiFixture();
    smallRun = await ui.run('fan_small');
    thousandRun = await ui.run('fan_thousand');
  }, 180_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('shows process[*] with its counts, each item as its own row and bar, and filters the log by item', async () => {
    // Prepare
    const { page, pageErrors } = await ui.browser.newPage();

    // Act
    await page.goto(ui.url(`/runs/${smallRun}`));
    const group = page.locator('.gantt-mapped-row[data-step="process"]');
    await group.waitFor();
    const summary = await group.locator('.mapped-summary').textContent();
    const groupLabel = await group.locator('.gantt-label').textContent();
    const items = await page
      .locator('.gantt-item[data-step] .gantt-bar')
      .evaluateAll((bars) => bars.map((bar) => [bar.getAttribute('data-step'), bar.getAttribute('data-outcome')]));
    await page.locator('.event-log tr.event[data-step="process[b]"]').first().waitFor();
    await page.click('.gantt-item[data-step="process[b]"] .gantt-step');
    const filtered = await page
      .locator('.event-log tr.event')
      .evaluateAll((rows) => [...new Set(rows.map((row) => row.getAttribute('data-step')))]);
    const chosen = await page.locator('.event-log select[name=step]').inputValue();
    await page.selectOption('.event-log select[name=step]', 'process');
    const everyItem = await page
      .locator('.event-log tr.event')
      .evaluateAll((rows) => [...new Set(rows.map((row) => row.getAttribute('data-step')))]);

    // Assess
    expect(summary).toBe('3 items: 2 succeeded, 1 failed');
    expect(groupLabel).toContain('process[*]');
    expect(groupLabel).toContain('FAILURE');
    expect(items).toEqual([
      ['process[c]', 'SUCCESS'],
      ['process[a]', 'SUCCESS'],
      ['process[b]', 'FAILURE'],
    ]);
    expect(chosen).toBe('process[b]');
    expect(filtered).toEqual(['process[b]']);
    expect(everyItem).toEqual(['process[c]', 'process[a]', 'process[b]']);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('draws process as a mapped node fed by the dynamic output, with map and collect edges', async () => {
    // Prepare
    const { page } = await ui.browser.newPage();

    // Act
    await page.goto(ui.url('/jobs/fan_small'));
    const node = page.locator('svg.job-graph g.graph-node[data-node="process"]');
    await node.waitFor();
    const mappedFrom = await node.getAttribute('data-mapped-from');
    const text = await node.locator('text').textContent();
    const stacked = await node.locator('rect.stack').count();
    const emitter = await page.locator('g.graph-node[data-node="files"]').getAttribute('data-dynamic-outputs');
    const labels = await page.locator('svg.job-graph text.edge-label').allTextContents();

    // Assess
    expect(mappedFrom).toBe('files.items');
    expect(text).toBe('process [*]');
    expect(stacked).toBe(1);
    expect(emitter).toBe('items');
    expect(labels.sort()).toEqual(['collect', 'map items']);
    await page.close();
  });

  it('opens a 1,000-item run folded to one summary row and its failures, then unfolds every item', async () => {
    // Prepare
    const { page, pageErrors } = await ui.browser.newPage();
    const answer = await fetch(ui.url(`/api/runs/${thousandRun}`));
    const answerBytes = (await answer.text()).length;

    // Act
    const started = Date.now();
    await page.goto(ui.url(`/runs/${thousandRun}`));
    const group = page.locator('.gantt-mapped-row[data-step="process"]');
    await group.waitFor();
    // The page has drawn once the whole event log is in (9,000 events, two answers).
    await page.locator('.event-log h2 .count', { hasText: /of 9\d\d\d\)/ }).waitFor();
    const renderMs = Date.now() - started;
    const summary = await group.locator('.mapped-summary').textContent();
    const logRows = await page.locator('.event-log tr.event').count();
    const hiddenNote = (await page.locator('.event-log tr.events-hidden').textContent()) ?? '';
    const [, hidden = '', newest = '', total = ''] =
      /^(\d+) earlier events are not shown \(the newest (\d+) are\).*show all (\d+)$/.exec(hiddenNote) ?? [];
    const folded = await page.locator('.gantt-item[data-step]').evaluateAll((rows) => rows.map((r) => r.dataset.step));
    const unfoldStarted = Date.now();
    await group.locator('.gantt-toggle').click();
    await page.locator('.gantt-item[data-step="process[k999]"]').waitFor();
    const unfoldMs = Date.now() - unfoldStarted;
    const unfolded = await page.locator('.gantt-item[data-step]').count();
    // Figures for the report (the 1,000-item budget of the issue).
    process.stdout.write(
      `fan_thousand: run answer ${Math.round(answerBytes / 1024)} KB, page ready in ${renderMs} ms, 1,000 rows unfolded in ${unfoldMs} ms\n`,
    );

    // Assess
    expect(summary).toBe('1000 items: 998 succeeded, 2 failed');
    expect(folded).toEqual(FAN_THOUSAND_FAILING.map((key) => `process[${key}]`));
    expect(unfolded).toBe(1000);
    // The log draws only the newest rows of a 9,000-event run, and says how to see the rest.
    expect(Number(newest)).toBe(logRows);
    expect(logRows).toBeLessThan(Number(total));
    expect(Number(hidden) + logRows).toBe(Number(total));
    expect(answerBytes).toBeLessThan(400 * 1024);
    expect(renderMs).toBeLessThan(15_000);
    expect(unfoldMs).toBeLessThan(5_000);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
