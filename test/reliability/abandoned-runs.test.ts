import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Definitions, runFailureSensor } from 'stepster';
import { type LocalInstance, openLocalInstance } from '../../shared/local/local-instance.js';
import { thisLocalProcess } from '../../shared/local/local-process.js';
import { runLeaseDirectory, takeRunLease } from '../../shared/local/run-lease.js';
import { gatedJob } from './fixtures/gated-definitions.js';

let instance: LocalInstance | undefined;

afterEach(async () => {
  await instance?.close();
  instance = undefined;
});

async function startedRun(store: LocalInstance['store'], runId: string): Promise<void> {
  await store.startRun(
    { runId, jobName: 'gated_job', status: 'STARTED', tags: {}, startTime: new Date().toISOString() },
    [],
  );
}

// Real dynalite on a temp directory; the lease files are written as a killed process leaves them.
describe('local runs whose process is gone', () => {
  it('ends a run whose pid now belongs to another process, and leaves the run of a live process alone', async () => {
    // Prepare
    const dir = join(mkdtempSync(join(tmpdir(), 'stepster-abandoned-')), 'dynamodb');
    const setup = await openLocalInstance({ dir });
    await startedRun(setup.store, 'run-of-reused-pid');
    await startedRun(setup.store, 'run-of-live-process');
    await setup.close();
    const leaseDir = runLeaseDirectory(dir);
    mkdirSync(leaseDir);
    // This test's own pid, but a start time it never had: the pid was reused after the run's process died.
    const reused = { ...thisLocalProcess(), startedAt: 'linux:1' };
    writeFileSync(
      join(leaseDir, 'run-of-reused-pid.json'),
      JSON.stringify({
        runId: 'run-of-reused-pid',
        jobName: 'gated_job',
        process: reused,
        since: '2026-01-01T00:00:00.000Z',
      }),
    );
    takeRunLease(leaseDir, 'run-of-live-process', 'gated_job');

    // Act
    instance = await openLocalInstance({ dir });
    const reusedRun = await instance.store.getRun('run-of-reused-pid');
    const liveRun = await instance.store.getRun('run-of-live-process');
    const failure = await instance.store.getRecordsForRun('run-of-reused-pid', { ofType: 'RUN_FAILURE' });

    // Assess
    expect(instance.abandonedRuns.map((run) => run.runId)).toEqual(['run-of-reused-pid']);
    expect(instance.abandonedRuns[0]).toMatchObject({ recorded: true, sensorsNotFired: 'no Definitions were given' });
    expect(reusedRun?.status).toBe('FAILURE');
    expect(liveRun?.status).toBe('STARTED');
    expect(failure.records[0]?.message).toContain(
      `LocalProcessExited: the process that ran it (pid ${process.pid} on host ${hostname()}) exited without finishing it`,
    );
  });

  it('ends a killed run that never recorded its start, under the job its lease names', async () => {
    // Prepare
    const dir = join(mkdtempSync(join(tmpdir(), 'stepster-abandoned-')), 'dynamodb');
    const leaseDir = runLeaseDirectory(dir);
    mkdirSync(leaseDir, { recursive: true });
    // pid 2^22 + 1 is above Linux's pid_max limit: no process has it.
    writeFileSync(
      join(leaseDir, 'never-started.json'),
      JSON.stringify({
        runId: 'never-started',
        jobName: 'gated_job',
        process: { pid: 4_194_305, host: hostname() },
        since: '2026-01-01T00:00:00.000Z',
      }),
    );

    // Act
    instance = await openLocalInstance({ dir });
    const run = await instance.store.getRun('never-started');

    // Assess
    expect(run).toMatchObject({ jobName: 'gated_job', status: 'FAILURE', startTime: '2026-01-01T00:00:00.000Z' });
    expect(instance.abandonedRuns.map((abandoned) => abandoned.process.pid)).toEqual([4_194_305]);
  });

  it('fires the run-failure sensors of the Definitions for a recovered run, once, as the AWS sweep does', async () => {
    // Prepare
    const dir = join(mkdtempSync(join(tmpdir(), 'stepster-abandoned-')), 'dynamodb');
    const leaseDir = runLeaseDirectory(dir);
    mkdirSync(leaseDir, { recursive: true });
    writeFileSync(
      join(leaseDir, 'killed.json'),
      JSON.stringify({
        runId: 'killed',
        jobName: 'gated_job',
        process: { pid: 4_194_305, host: hostname() },
        since: '2026-01-01T00:00:00.000Z',
      }),
    );
    const alerts: string[] = [];
    const onFailure = runFailureSensor({ name: 'alert_on_failure' }, (context) => {
      alerts.push(`${context.run.runId}: ${context.failureEvent.message}`);
    });
    const definitions = new Definitions({ jobs: [gatedJob], sensors: [onFailure] });

    // Act
    instance = await openLocalInstance({ dir, definitions: async () => definitions });
    await instance.close();
    instance = await openLocalInstance({ dir, definitions: async () => definitions });

    // Assess
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain('killed: Execution of run for "gated_job" failed: LocalProcessExited');
    expect(instance.abandonedRuns).toEqual([]);
  });
});
