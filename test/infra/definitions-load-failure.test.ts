// An op function whose Definitions module throws at import: its bundle, synthesized and run
// locally (see support/local-deployment.ts), records STEP_FAILURE through the Task's Catch
// and the run ends, instead of re-entering the crash path until the history limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { EventType } from '../../shared/events/event-type.js';
import {
  type LocalDeployment as Deployment,
  LocalDeployment,
  type LocalExecution,
} from './support/local-deployment.js';
import { synthStepster } from './support/stepster-synth.js';

let deployment: Deployment;
let store: EventLogStore;
let execution: LocalExecution;

beforeAll(async () => {
  const synth = await synthStepster({
    definitionsFile: 'test/infra/fixtures/import-failure-definitions.ts',
    stage: 'test',
  });
  deployment = await LocalDeployment.start(synth);
  store = new EventLogStore({ client: deployment.dynamo.client, tableName: deployment.tableName });
  execution = await deployment.runJob('fragile_job', { runConfig: {} }, { runId: 'import-failure' });
}, 300_000);

afterAll(async () => {
  await deployment?.close();
});

describe('an op function whose Definitions throw at import', () => {
  it('fails the run within a few dozen transitions, far from the 25,000-event history limit', () => {
    // Prepare
    const limit = 60;

    // Act
    const { status, stateTransitions } = execution;

    // Assess
    expect(status).toBe('FAILED');
    expect(stateTransitions).toBeLessThan(limit);
  });

  it('records STEP_FAILURE for the op, named stepster.DefinitionsLoadFailed with the module’s error', async () => {
    // Prepare
    const runId = execution.runId;

    // Act
    const { records } = await store.getRecordsForRun(runId);

    // Assess
    const failure = records.find((r) => r.eventType === EventType.STEP_FAILURE && r.stepKey === 'extract');
    expect(failure).toBeDefined();
    expect(JSON.stringify(failure)).toContain('stepster.DefinitionsLoadFailed');
    expect(JSON.stringify(failure)).toContain('settings service unreachable at import');
    expect(records.some((r) => r.eventType === EventType.STEP_SUCCESS)).toBe(false);
  });
});
