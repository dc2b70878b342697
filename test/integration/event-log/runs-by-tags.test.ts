// getRuns({ tags }) against a real dynalite table: Dagster's RunsFilter(tags=...), filtered in the store.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLogError } from '../../../shared/event-log/event-log-error.js';
import { EventLogStore } from '../../../shared/event-log/event-log-store.js';
import { DEFAULT_EVENT_TABLE_NAME } from '../../../shared/event-log/table-schema.js';
import { ensureTable } from '../../../shared/local-dynamo/ensure-table.js';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/local-dynamo/start-local-dynamo.js';

let local: LocalDynamo;
let store: EventLogStore;

beforeAll(async () => {
  local = await startLocalDynamo({ inMemory: true });
  await ensureTable(local.client, DEFAULT_EVENT_TABLE_NAME);
  store = new EventLogStore({ client: local.client, tableName: DEFAULT_EVENT_TABLE_NAME });
});

afterAll(async () => {
  await local.close();
});

/** Starts a run of `jobName` with `tags`, `offsetSeconds` after a fixed time; returns its id. */
async function startRun(jobName: string, tags: Record<string, string>, offsetSeconds: number): Promise<string> {
  const runId = `run-${randomUUID()}`;
  const startTime = new Date(Date.parse('2026-11-01T10:00:00.000Z') + offsetSeconds * 1000).toISOString();
  await store.startRun({ runId, jobName, status: 'STARTED', tags, startTime }, []);
  return runId;
}

describe('getRuns({ tags })', () => {
  it('keeps the runs carrying every given tag, by job, by status and across jobs, newest first', async () => {
    // Prepare
    const team = `team-${randomUUID().slice(0, 8)}`;
    const jobName = `job_${randomUUID().slice(0, 8)}`;
    const dataDev = await startRun(jobName, { team, env: 'dev' }, 1);
    const dataProd = await startRun(jobName, { team, env: 'prod' }, 2);
    const otherTeam = await startRun(jobName, { team: `${team}-other`, env: 'prod' }, 3);
    const otherJob = await startRun(`${jobName}_other`, { team, env: 'prod' }, 4);
    await store.finishRun(dataProd, 'FAILURE', []);

    // Act
    const ofTeam = await store.getRuns({ tags: { team } });
    const ofTeamInProd = await store.getRuns({ tags: { team, env: 'prod' } });
    const ofTeamAndJob = await store.getRuns({ jobName, tags: { team } });
    const failedOfTeamAndJob = await store.getRuns({ jobName, status: 'FAILURE', tags: { team } });
    const newestOfTeam = await store.getRuns({ tags: { team }, limit: 1 });
    const anyEnv = await store.getRuns({ jobName, tags: { team, env: ['dev', 'prod'] } });

    // Assess
    expect(ofTeam.map((run) => run.runId)).toEqual([otherJob, dataProd, dataDev]);
    expect(ofTeamInProd.map((run) => run.runId)).toEqual([otherJob, dataProd]);
    expect(ofTeamAndJob.map((run) => run.runId)).toEqual([dataProd, dataDev]);
    expect(failedOfTeamAndJob.map((run) => run.runId)).toEqual([dataProd]);
    expect(newestOfTeam.map((run) => run.runId)).toEqual([otherJob]);
    expect(anyEnv.map((run) => run.runId)).toEqual([dataProd, dataDev]);
    expect(ofTeam.map((run) => run.runId)).not.toContain(otherTeam);
  });

  it('filters on a tag key with characters an expression could not name directly (system tags)', async () => {
    // Prepare
    const schedule = `nightly-${randomUUID().slice(0, 8)}`;
    const scheduled = await startRun('scheduled_job', { 'stepster/schedule_name': schedule }, 5);
    await startRun('scheduled_job', {}, 6);

    // Act
    const runs = await store.getRuns({ tags: { 'stepster/schedule_name': schedule } });

    // Assess
    expect(runs.map((run) => run.runId)).toEqual([scheduled]);
  });

  it('refuses an empty list of values, naming the tag', async () => {
    // Act
    const runs = store.getRuns({ tags: { env: [] } });

    // Assess
    await expect(runs).rejects.toThrow(EventLogError);
    await expect(runs).rejects.toThrow('getRuns tags.env is an empty list');
  });
});
