// The lifecycle's status-change rule with STARTED sensors: synthesized with fake bundles
// (aws-cdk-lib/assertions), as the other stack tests.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { StepsterStack } from '../../infra/stepster-stack.js';
import { Definitions } from '../../shared/definitions/definitions.js';
import { job } from '../../shared/definitions/graph-definition.js';
import { op } from '../../shared/definitions/op-definition.js';
import { RunStatus } from '../../shared/event-log/run-record.js';
import { runStatusSensor } from '../../shared/sensors/run-status-sensor-definition.js';
import { fakeBundles } from './support/fake-bundles.js';

const work = op({ name: 'work' }, async () => 1);
const nightlyJob = job({ name: 'nightly_job' }, () => {
  work();
});

function statusPatterns(sensors: Definitions['sensors']): unknown {
  const definitions = new Definitions({ jobs: [nightlyJob], sensors });
  const stack = new StepsterStack(new App(), 'stepster-started', {
    definitions,
    bundles: fakeBundles(['work']),
    stage: 'dev',
  });
  const rules = Template.fromStack(stack).findResources('AWS::Events::Rule');
  const statusRule = Object.values(rules).find(
    (rule) =>
      (rule as { Properties: { EventPattern?: { source?: string[] } } }).Properties.EventPattern?.source?.[0] ===
      'aws.states',
  ) as { Properties: { EventPattern: { detail: { $or: unknown } } } } | undefined;
  return statusRule?.Properties.EventPattern.detail.$or;
}

describe('the status-change rule', () => {
  it('matches every RUNNING event (run starts) only when a sensor watches STARTED', () => {
    // Prepare
    const onStart = runStatusSensor({ name: 'announce_start', runStatus: RunStatus.STARTED }, () => {});
    const onSuccess = runStatusSensor({ name: 'report', runStatus: RunStatus.SUCCESS }, () => {});

    // Act
    const withStarted = statusPatterns([onStart, onSuccess]);
    const without = statusPatterns([onSuccess]);

    // Assess
    expect(withStarted).toEqual([{ status: ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] }, { status: ['RUNNING'] }]);
    expect(without).toEqual([
      { status: ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] },
      { status: ['RUNNING'], redriveCount: [{ numeric: ['>', 0] }] },
    ]);
  });
});
