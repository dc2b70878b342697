// The `stepster ui` server over HTTP: the real server on a free port, over a real in-memory
// local instance, with runs of small jobs through the compiled state machine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  asset,
  Definitions,
  executeInProcess,
  In,
  job,
  type LocalInstance,
  materialize,
  Out,
  op,
  openLocalInstance,
  RetryPolicy,
  runFailureSensor,
  schedule,
} from 'stepster';
import type {
  AssetResponse,
  AssetsResponse,
  ErrorResponse,
  JobResponse,
  JobsResponse,
  RunEventsResponse,
  RunResponse,
  RunsResponse,
} from '../../shared/ui/ui-api.js';
import { type LocalLauncher, localLauncher } from '../../shared/ui/ui-launcher.js';
import { startUiServer, type UiServer } from '../../shared/ui/ui-server.js';
import { type UiClient, uiClient } from './support/ui-client.js';

const load = op(
  {
    name: 'load',
    description: 'Load one day of rows',
    config: z.object({
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD'),
      limit: z.number().default(10),
    }),
    out: { rows: Out() },
  },
  async () => [1, 2, 3],
);
const count = op({ name: 'count', ins: { rows: In() } }, async (_context, { rows }) => (rows as number[]).length);
const salesJob = job(
  { name: 'ui_sales', description: 'Loads and counts', tags: { team: 'data' }, metadata: { owner: 'data team' } },
  () => {
    count(load());
  },
);

const flaky = op({ name: 'flaky', retryPolicy: new RetryPolicy({ maxRetries: 2, delay: 0 }) }, async (context) => {
  if (context.retryNumber === 0) throw new Error('connection reset');
  return 'ok';
});
const retryJob = job({ name: 'ui_retry' }, () => {
  flaky();
});

const boom = op({ name: 'boom' }, async () => {
  throw new Error('disk full');
});
const afterBoom = op({ name: 'after_boom', ins: { x: In() } }, async () => 1);
const failingJob = job({ name: 'ui_failing' }, () => {
  afterBoom(boom());
});

// The op of ui_slow waits for the test to let it finish, so the run is seen while it goes on.
let releaseSlow: () => void = () => undefined;
let slowGate: Promise<void> = Promise.resolve();
const slow = op({ name: 'slow' }, async () => {
  await slowGate;
  return 1;
});
const slowJob = job({ name: 'ui_slow' }, () => {
  slow();
});

let rowCount = 3;
const uiRows = asset({ name: 'ui_rows', group: 'ui', kinds: ['json'], description: 'Rows' }, async (context) => {
  context.addOutputMetadata({ rowCount, source: 'test' });
  return rowCount;
});
const uiSummary = asset({ key: ['ui', 'summary'], group: 'ui', deps: [uiRows] }, async () => 1);

const definitions = new Definitions({
  jobs: [salesJob, retryJob, failingJob, slowJob],
  assets: [uiRows, uiSummary],
  schedules: [
    schedule({
      name: 'ui_daily',
      job: salesJob,
      cronSchedule: '0 6 * * *',
      runConfig: { ops: { load: { config: { date: '2026-01-01' } } } },
    }),
  ],
  sensors: [runFailureSensor({ name: 'ui_on_failure', monitoredJobs: [failingJob] }, () => undefined)],
});
const goodConfig = { ops: { load: { config: { date: '2026-11-05' } } } };

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

describe('stepster ui: reading runs', () => {
  it('lists runs newest first, filtered by job, status and tag', async () => {
    // Prepare
    const store = local.store;
    const first = await executeInProcess(salesJob, { instance: store, runConfig: goodConfig, tags: { batch: 'a' } });
    const second = await executeInProcess(salesJob, { instance: store, runConfig: goodConfig, tags: { batch: 'b' } });

    // Act
    const byJob = await api.get<RunsResponse>('/api/runs?job=ui_sales');
    const byTag = await api.get<RunsResponse>('/api/runs?tag=batch=a&tag=team=data');
    const failed = await api.get<RunsResponse>('/api/runs?job=ui_sales&status=FAILURE');
    const badStatus = await api.get<ErrorResponse>('/api/runs?status=DONE');

    // Assess
    expect(byJob.status).toBe(200);
    expect(byJob.body.runs.map((run) => run.runId).slice(0, 2)).toEqual([second.runId, first.runId]);
    expect(byJob.body.runs[0]).toMatchObject({ jobName: 'ui_sales', status: 'SUCCESS', tags: { batch: 'b' } });
    expect(byJob.body.runs[0]?.durationMs).toBeGreaterThan(0);
    expect(byTag.body.runs.map((run) => run.runId)).toEqual([first.runId]);
    expect(failed.body.runs).toEqual([]);
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error).toContain('status=DONE');
  });

  it('shows a run with its step timelines: a retried step has two attempts, a step behind a failure none', async () => {
    // Prepare
    const retried = await executeInProcess(retryJob, { instance: local.store });
    const failed = await executeInProcess(failingJob, { instance: local.store, raiseOnError: false });

    // Act
    const retriedRun = await api.get<RunResponse>(`/api/runs/${retried.runId}`);
    const failedRun = await api.get<RunResponse>(`/api/runs/${failed.runId}`);

    // Assess
    expect(retriedRun.body.jobKnown).toBe(true);
    const [flakyStep] = retriedRun.body.steps;
    expect(flakyStep).toMatchObject({ stepKey: 'flaky', status: 'SUCCESS' });
    expect(flakyStep?.attempts.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'RETRY'],
      [2, 'SUCCESS'],
    ]);
    expect(flakyStep?.attempts[0]?.error).toContain('connection reset');
    expect(Date.parse(flakyStep?.attempts[1]?.start ?? '')).toBeGreaterThanOrEqual(
      Date.parse(flakyStep?.attempts[0]?.end ?? ''),
    );
    expect(failedRun.body.run.status).toBe('FAILURE');
    expect(failedRun.body.steps.map((s) => [s.stepKey, s.status])).toEqual([
      ['boom', 'FAILURE'],
      ['after_boom', 'NOT_STARTED'],
    ]);
    expect(failedRun.body.steps[0]?.attempts[0]?.error).toContain('disk full');
  });

  it("pages a live run's events by cursor: the second answer holds only the newer events", async () => {
    // Prepare
    slowGate = new Promise((resolve) => {
      releaseSlow = resolve;
    });
    const { body: launched } = await api.post<{ runId: string }>('/api/jobs/ui_slow/launch', {});
    // A step's events are committed when its attempt ends: the running step has none yet.
    const first = await api.get<RunEventsResponse>(`/api/runs/${launched.runId}/events`);
    const live = await api.get<RunResponse>(`/api/runs/${launched.runId}`);

    // Act
    releaseSlow();
    await launcher.settled();
    const second = await api.get<RunEventsResponse>(
      `/api/runs/${launched.runId}/events?after=${encodeURIComponent(first.body.cursor ?? '')}`,
    );
    const third = await api.get<RunEventsResponse>(
      `/api/runs/${launched.runId}/events?after=${encodeURIComponent(second.body.cursor ?? '')}`,
    );
    const madeUp = await api.get<ErrorResponse>(`/api/runs/${launched.runId}/events?after=not-a-cursor`);

    // Assess
    expect(first.body.runStatus).toBe('STARTED');
    expect(first.body.events.map((e) => e.eventType)).toEqual(['RUN_START']);
    expect(live.body.run.status).toBe('STARTED');
    expect(live.body.steps).toEqual([{ stepKey: 'slow', status: 'RUNNING', attempts: [] }]);
    const newer = second.body.events.map((e) => e.eventType);
    expect(newer).not.toContain('RUN_START');
    expect(newer).toContain('STEP_START');
    expect(newer).toContain('STEP_SUCCESS');
    expect(newer.at(-1)).toBe('RUN_SUCCESS');
    expect(second.body.runStatus).toBe('SUCCESS');
    expect(third.body.events).toEqual([]);
    expect(third.body.cursor).toBe(second.body.cursor);
    expect(madeUp.status).toBe(400);
    expect(madeUp.body.error).toContain('is not a getRecordsForRun cursor');
  });

  it('answers 404 with a message for an unknown run, and for an unknown path', async () => {
    // Act
    const run = await api.get<ErrorResponse>('/api/runs/no-such-run');
    const events = await api.get<ErrorResponse>('/api/runs/no-such-run/events');
    const path = await api.get<ErrorResponse>('/api/nothing-here');

    // Assess
    expect(run.status).toBe(404);
    expect(run.body.error).toContain('no run "no-such-run"');
    expect(events.status).toBe(404);
    expect(path.status).toBe(404);
    expect(path.headers.get('content-type')).toContain('application/json');
    expect(path.body.error).toContain('/api/nothing-here');
  });
});

describe('stepster ui: jobs and assets', () => {
  it('shows a job: graph, metadata, run config JSON Schema, schedules with next ticks, sensors', async () => {
    // Act
    const { status, body } = await api.get<JobResponse>('/api/jobs/ui_sales');
    const jobs = await api.get<JobsResponse>('/api/jobs');
    const unknown = await api.get<ErrorResponse>('/api/jobs/nope');

    // Assess
    expect(status).toBe(200);
    expect(body.nodes).toEqual([
      { name: 'load', kind: 'op', description: 'Load one day of rows' },
      { name: 'count', kind: 'op' },
    ]);
    expect(body.edges).toEqual([{ from: 'load', to: 'count', output: 'rows', input: 'rows' }]);
    expect(body.tags).toEqual({ team: 'data' });
    expect(body.metadata).toEqual({ owner: { type: 'text', value: 'data team' } });
    const config = (body.configSchema as { properties: Record<string, { properties: Record<string, unknown> }> })
      .properties.ops?.properties.load as { properties: { config: { properties: object; required: string[] } } };
    expect(Object.keys(config.properties.config.properties)).toEqual(['date', 'limit']);
    expect(config.properties.config.required).toEqual(['date']);
    expect(body.schedules).toMatchObject([{ name: 'ui_daily', cronSchedule: '0 6 * * *', timezone: 'UTC' }]);
    expect(body.schedules[0]?.nextTicks).toHaveLength(5);
    expect(new Date(body.schedules[0]?.nextTicks[0] ?? '').getUTCHours()).toBe(6);
    expect(body.sensors).toEqual([]);
    expect(jobs.body.jobs.find((j) => j.name === 'ui_failing')).toMatchObject({ nodeCount: 2 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toContain('no job named "nope"');
  });

  it('lists the sensors that watch a job, and no ops in the config schema of a job whose ops take none', async () => {
    // Act
    const { body } = await api.get<JobResponse>('/api/jobs/ui_failing');

    // Assess
    expect(body.sensors).toEqual([{ name: 'ui_on_failure', runStatus: 'FAILURE' }]);
    // Only the default console logger takes config: the job's ops take none.
    expect(Object.keys((body.configSchema as { properties: object }).properties)).toEqual(['loggers']);
    expect(body.edges).toEqual([{ from: 'boom', to: 'after_boom', output: 'result', input: 'x' }]);
  });

  it('lists assets and shows one with its numeric metadata over time and its neighbours', async () => {
    // Prepare
    rowCount = 3;
    const first = await materialize([uiRows], { instance: local.store });
    rowCount = 5;
    const second = await materialize([uiRows], { instance: local.store });

    // Act
    const list = await api.get<AssetsResponse>('/api/assets');
    const detail = await api.get<AssetResponse>(`/api/assets/${encodeURIComponent('ui_rows')}`);
    const pathKey = await api.get<AssetResponse>(`/api/assets/${encodeURIComponent('ui/summary')}`);
    const unknown = await api.get<ErrorResponse>('/api/assets/no_such_asset');

    // Assess
    expect(list.body.assets.map((a) => a.key)).toEqual(['ui_rows', 'ui/summary']);
    expect(list.body.assets[0]).toMatchObject({
      group: 'ui',
      kinds: ['json'],
      lastMaterialization: { runId: second.runId },
      isSource: false,
    });
    expect(list.body.assets[1]).toMatchObject({ lastMaterialization: null, stale: false });
    expect(detail.body.series.rowCount?.map((p) => [p.runId, p.value])).toEqual([
      [first.runId, 3],
      [second.runId, 5],
    ]);
    expect(detail.body.series.source).toBeUndefined();
    expect(detail.body.events.map((e) => e.runId)).toEqual([second.runId, first.runId]);
    expect(detail.body.downstream).toEqual(['ui/summary']);
    expect(pathKey.status).toBe(200);
    expect(pathKey.body.asset.key).toBe('ui/summary');
    expect(pathKey.body.upstream).toEqual(['ui_rows']);
    expect(detail.body.dataVersion).toEqual(expect.any(String));
    expect(unknown.status).toBe(404);
  });
});

describe('stepster ui: launching', () => {
  it('launches a run that appears in the runs list and succeeds', async () => {
    // Act
    const launched = await api.post<{ runId: string }>('/api/jobs/ui_sales/launch', {
      runConfig: goodConfig,
      tags: { requested_by: 'ui-test' },
    });
    const listed = await api.get<RunsResponse>('/api/runs?tag=requested_by=ui-test');
    const done = await api.waitFor<RunResponse>(`/api/runs/${launched.body.runId}`, (r) => r.run.status !== 'STARTED');

    // Assess
    expect(launched.status).toBe(201);
    expect(listed.body.runs.map((run) => run.runId)).toEqual([launched.body.runId]);
    expect(done.run.status).toBe('SUCCESS');
    expect(done.run.tags).toMatchObject({ requested_by: 'ui-test', team: 'data' });
    expect(done.steps.map((s) => s.status)).toEqual(['SUCCESS', 'SUCCESS']);
  });

  it('refuses a bad run config with 400 naming the field, and records no run', async () => {
    // Act
    const bad = await api.post<ErrorResponse>('/api/jobs/ui_sales/launch', {
      runConfig: { ops: { load: { config: { date: 'yesterday' } } } },
      tags: { attempt: 'bad-config' },
    });
    const badBody = await api.post<ErrorResponse>('/api/jobs/ui_sales/launch', { runConfig: [] });
    const runs = await api.get<RunsResponse>('/api/runs?tag=attempt=bad-config');

    // Assess
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('runConfig.ops.load.config.date');
    expect(bad.body.error).toContain('use YYYY-MM-DD');
    expect(badBody.status).toBe(400);
    expect(badBody.body.error).toContain('runConfig must be an object');
    expect(runs.body.runs).toEqual([]);
  });

  it('answers re-execute with 501 until re-execution lands', async () => {
    // Prepare
    const run = await executeInProcess(salesJob, { instance: local.store, runConfig: goodConfig });

    // Act
    const answer = await api.post<ErrorResponse>(`/api/runs/${run.runId}/reexecute`, { mode: 'from-failure' });

    // Assess
    expect(answer.status).toBe(501);
    expect(answer.body).toEqual({ error: 're-execution is not available yet' });
  });
});
