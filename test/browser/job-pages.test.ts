import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUiFixture, type UiFixture } from './support/ui-fixture.js';

// The jobs list, a job's graph and its launchpad, in Chromium against the real server.
describe('stepster ui: jobs and the launchpad', () => {
  let ui: UiFixture;

  beforeAll(async () => {
    ui = await startUiFixture();
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('lists the jobs and moves between sections with the top nav', async () => {
    // Prepare
    const { page } = await ui.browser.newPage();
    await page.goto(ui.url('/runs'));

    // Act
    await page.click('.top-nav a[href="/jobs"]');
    await page.locator('table.jobs').waitFor();
    const names = await page.locator('table.jobs tbody tr td:first-child a').allTextContents();
    const active = await page.locator('.top-nav a.active').textContent();

    // Assess
    expect(page.url()).toBe(ui.url('/jobs'));
    expect(names.sort()).toEqual(ui.definitions.jobs.map((job) => job.name).sort());
    expect(active).toBe('Jobs');
    await page.close();
  });

  it("draws the job's graph with dagre: a node per op, asset and check, edges between them, assets linked", async () => {
    // Prepare
    const { page } = await ui.browser.newPage();
    const job = ui.definitions.getJob('sales_assets');

    // Act
    await page.goto(ui.url('/jobs/sales_assets'));
    await page.locator('svg.job-graph').waitFor();
    const nodes = await page
      .locator('svg.job-graph g.graph-node')
      .evaluateAll((groups) => groups.map((group) => group.getAttribute('data-node')));
    const edges = await page.locator('svg.job-graph path.graph-edge').count();
    const assetLinks = await page
      .locator('svg.job-graph a')
      .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
    const description = await page.locator('main .description').textContent();

    // Assess
    expect(nodes.sort()).toEqual(job.nodes.map((node) => node.name).sort());
    expect(edges).toBeGreaterThanOrEqual(job.nodes.length - 1);
    expect(assetLinks).toEqual(expect.arrayContaining(['/assets/raw_sales', '/assets/sales_transform']));
    expect(description).toBe(job.description);
    await page.close();
  });

  it('launches from the launchpad: a config error is shown, then a valid launch opens the live run', async () => {
    // Prepare
    const { page } = await ui.browser.newPage();
    await page.goto(ui.url('/jobs/nap_job'));
    const config = page.locator('textarea[name=runConfig]');
    await config.waitFor();

    // Act
    await config.fill(JSON.stringify({ ops: { nap: { config: { seconds: 'long' } } } }));
    const [refused] = await Promise.all([
      page.waitForResponse((answer) => answer.url().endsWith('/api/jobs/nap_job/launch')),
      page.click('.launchpad button[type=submit]'),
    ]);
    const refusal = (await refused.json()) as { error: string };
    const shown = await page.locator('.launchpad .error-box').textContent();
    await config.fill(JSON.stringify({ ops: { nap: { config: { seconds: 3 } } } }));
    await page.fill('textarea[name=tags]', 'requested_by=ada\nteam=data');
    await page.click('.launchpad button[type=submit]');
    await page.waitForURL(/\/runs\/[^/]+$/);
    const runId = decodeURIComponent(page.url().split('/runs/')[1] ?? '');
    // While the step runs, its bar (and the run's) reaches to now: the time axis grows at each poll.
    await page.locator('.gantt-run[data-outcome=RUNNING]').waitFor();
    const runningBar = await page.locator('.gantt-row[data-step=nap] .gantt-bar').getAttribute('data-outcome');
    const axisEnd = page.locator('.gantt-axis .gantt-tick').last();
    const axisBefore = await axisEnd.textContent();
    const axisGrew = await expect
      .poll(() => axisEnd.textContent(), { timeout: 5000 })
      .not.toBe(axisBefore)
      .then(() => true);
    const runningStatus = await page.locator('.run-header .status').textContent();
    await page.locator('.run-header .status-SUCCESS').waitFor({ timeout: 20_000 });
    await page.locator('.gantt-row[data-step=nap] .gantt-bar[data-outcome=SUCCESS]').waitFor();
    const slept = await page.locator('table.events > tbody > tr.event', { hasText: 'slept 3s' }).count();
    const tags = await page.locator('.run-header .tag').allTextContents();

    // Assess
    expect(refused.status()).toBe(400);
    expect(shown).toBe(refusal.error);
    expect(refusal.error).toMatch(/seconds/);
    expect(runningStatus).toBe('STARTED');
    expect(runningBar).toBe('RUNNING');
    expect(axisGrew).toBe(true);
    expect(slept).toBe(1);
    expect(tags).toEqual(expect.arrayContaining(['requested_by=ada', 'team=data']));
    const run = await ui.instance.store.getRun(runId);
    expect(run?.status).toBe('SUCCESS');
    await page.close();
  });

  it('refuses a launchpad config that is not JSON before asking the server', async () => {
    // Prepare
    const { page } = await ui.browser.newPage();
    const launches: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/launch')) launches.push(request.url());
    });
    await page.goto(ui.url('/jobs/nap_job'));
    await page.locator('textarea[name=runConfig]').waitFor();

    // Act
    await page.fill('textarea[name=runConfig]', '{ ops: ');
    await page.click('.launchpad button[type=submit]');
    const shown = await page.locator('.launchpad .error-box').textContent();

    // Assess
    expect(shown).toMatch(/^Run config is not valid JSON/);
    expect(launches).toEqual([]);
    await page.close();
  });
});
