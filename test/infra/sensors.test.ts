// Run-status and run-failure sensors: their definitions, the context a test builds, and the
// local path (`stepster run` then handleRunFinished) against dynalite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { handleRunFinished } from '../../shared/lifecycle/run-finished.js';
import { runLocally } from '../../shared/local/local-run.js';
import { ensureTable } from '../../shared/local-dynamo/ensure-table.js';
import { type LocalDynamo, startLocalDynamo } from '../../shared/local-dynamo/start-local-dynamo.js';
import { buildRunStatusSensorContext } from '../../shared/sensors/run-status-sensor-context.js';
import { RunStatus } from '../../shared/event-log/run-record.js';
import { runFailureSensor, runStatusSensor } from '../../shared/sensors/run-status-sensor-definition.js';
import type { SensorLogRecord } from '../../shared/sensors/sensor-log.js';
import fixture, { brokenJob, diamondJob, type SensorCall } from './fixtures/deploy-definitions.js';

let dynamo: LocalDynamo;
let store: EventLogStore;

function callsFor(runId: string): SensorCall[] {
  return ((globalThis as { stepsterSensorCalls?: SensorCall[] }).stepsterSensorCalls ?? []).filter(
    (c) => c.runId === runId,
  );
}

beforeAll(async () => {
  dynamo = await startLocalDynamo({ inMemory: true });
  await ensureTable(dynamo.client, 'stepster-sensors');
  store = new EventLogStore({ client: dynamo.client, tableName: 'stepster-sensors' });
});

afterAll(async () => {
  await dynamo?.close();
});

describe('sensor definitions', () => {
  it('fails when runStatus is not a status a sensor watches', () => {
    // Prepare
    const options = { name: 'on_queue', runStatus: 'QUEUED' as never };

    // Act
    const act = () => runStatusSensor(options, () => undefined);

    // Assess
    expect(act).toThrow(
      'sensor "on_queue": runStatus "QUEUED" is not supported; use RunStatus.STARTED, RunStatus.SUCCESS, RunStatus.FAILURE or RunStatus.CANCELED.',
    );
  });

  it('fails when the name is not an identifier', () => {
    // Prepare
    const options = { name: 'on failure' };

    // Act
    const act = () => runFailureSensor(options, () => undefined);

    // Assess
    expect(act).toThrow('sensor name "on failure" is invalid');
  });

  it('fails when monitoredJobs is empty', () => {
    // Prepare
    const options = { name: 'on_failure', monitoredJobs: [] };

    // Act
    const act = () => runFailureSensor(options, () => undefined);

    // Assess
    expect(act).toThrow(
      'sensor "on_failure": monitoredJobs must list at least one job (omit it to monitor every job).',
    );
  });

  it('monitors the listed jobs, by definition or by name, or every job', () => {
    // Prepare
    const scoped = runFailureSensor({ name: 'scoped', monitoredJobs: [diamondJob, 'broken_job'] }, () => undefined);
    const all = runFailureSensor({ name: 'all' }, () => undefined);

    // Act
    const monitored = ['diamond_job', 'broken_job', 'heavy_job'].map((name) => [
      scoped.monitors(name),
      all.monitors(name),
    ]);

    // Assess
    expect(monitored).toEqual([
      [true, true],
      [true, true],
      [false, true],
    ]);
  });
});

describe('buildRunStatusSensorContext', () => {
  it('builds what a failure sensor receives, to test it directly', async () => {
    // Prepare
    const logged: SensorLogRecord[] = [];
    const run = {
      runId: 'r1',
      jobName: 'broken_job',
      status: RunStatus.FAILURE,
      tags: {},
      startTime: '2026-11-24T00:00:00.000Z',
    };
    const sensor = runFailureSensor({ name: 'alert' }, (context) => {
      context.log.error(
        `Run ${context.run.runId} for job '${context.dagsterRun.jobName}' failed: ${context.failureEvent.message}`,
      );
    });
    const context = buildRunStatusSensorContext({
      sensorName: 'alert',
      run,
      instance: store,
      log: {
        debug: () => undefined,
        info: () => undefined,
        warning: () => undefined,
        critical: () => undefined,
        error: (m) => logged.push({ level: 'ERROR', message: m, sensorName: 'alert', runId: 'r1', timestamp: '' }),
      },
    });

    // Act
    await sensor.fn(context);

    // Assess
    expect(logged.map((r) => r.message)).toEqual([
      'Run r1 for job \'broken_job\' failed: Run r1 of "broken_job" is FAILURE.',
    ]);
  });

  it('fails when a failure context is asked of a run that did not fail', () => {
    // Prepare
    const run = {
      runId: 'r2',
      jobName: 'diamond_job',
      status: RunStatus.SUCCESS,
      tags: {},
      startTime: '2026-11-24T00:00:00.000Z',
    };
    const context = buildRunStatusSensorContext({ sensorName: 's', run, instance: store });

    // Act
    const act = () => context.forRunFailure();

    // Assess
    expect(act).toThrow(
      "forRunFailure(): run r2 is SUCCESS, not FAILURE; build the context from a failed run (status 'FAILURE')",
    );
  });
});

describe('local lifecycle (what `stepster run` calls after a run)', () => {
  it('fires the failure sensors once after a local run fails', async () => {
    // Prepare
    const result = await runLocally({ job: brokenJob, definitions: fixture, store, runId: 'local-broken-1' });

    // Act
    const first = await handleRunFinished({
      definitions: fixture,
      store,
      runId: result.runId,
      status: result.status,
      sensorLog: () => undefined,
    });
    const again = await handleRunFinished({
      definitions: fixture,
      store,
      runId: result.runId,
      status: result.status,
      sensorLog: () => undefined,
    });

    // Assess
    expect(first).toMatchObject({ status: 'FAILURE', recorded: false });
    expect(first.sensors.map((s) => [s.name, s.fired])).toEqual([
      ['on_any_failure', true],
      ['broken_sensor', true],
    ]);
    expect(again.sensors.every((s) => !s.fired)).toBe(true);
    expect(callsFor('local-broken-1')).toHaveLength(1);
  }, 60_000);

  it('writes the status event when the run stopped between its status and its event', async () => {
    // Prepare
    await store.startRun(
      { runId: 'half-1', jobName: 'diamond_job', status: 'STARTED', tags: {}, startTime: new Date().toISOString() },
      [],
    );
    await store.finishRun('half-1', 'SUCCESS', []);

    // Act
    const result = await handleRunFinished({
      definitions: fixture,
      store,
      runId: 'half-1',
      status: 'SUCCESS',
      sensorLog: () => undefined,
    });

    // Assess
    expect(result.recorded).toBe(false);
    const { records } = await store.getRecordsForRun('half-1', { ofType: 'RUN_SUCCESS' });
    expect(records.map((r) => r.message)).toEqual(['Finished execution of run for "diamond_job".']);
  });

  it('fails when a run has no record and no job is given', async () => {
    // Prepare
    const options = { definitions: fixture, store, runId: 'unknown-1', status: 'FAILURE' as const };

    // Act
    const act = handleRunFinished(options);

    // Assess
    await expect(act).rejects.toThrow("run 'unknown-1' has no run item and no jobName was given");
  });
});
