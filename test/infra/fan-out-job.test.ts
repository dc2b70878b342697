// A job with a dynamic fan-out, deployed by StepsterJob (Template.fromStack, stand-in bundles):
// the Map state in the deployed definition, and the rights a Distributed Map needs.
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DynamicOut, DynamicOutput, FanOutMode, type FanOutOptions, In, job, op } from 'stepster';
import { EventLogTable } from '../../infra/constructs/event-log-table.js';
import { StepsterJob } from '../../infra/constructs/stepster-job.js';
import { fakeBundles } from './support/fake-bundles.js';
import { actionsOfRole } from './support/iam-statements.js';

function fanJob(fanOut?: FanOutOptions) {
  const files = op({ name: 'files', out: { items: DynamicOut() } }, async function* () {
    yield new DynamicOutput(1, { mappingKey: 'a', outputName: 'items' });
  });
  const process = op({ name: 'process', ins: { f: In() } }, async (_c, { f }) => f);
  const merge = op({ name: 'merge', ins: { all: In() } }, async (_c, { all }) => all);
  return job({ name: 'fan_deploy', ...(fanOut ? { fanOut } : {}) }, () => {
    merge(files().map(process).collect());
  });
}

function synth(fanOut?: FanOutOptions): { template: Template; definition: string } {
  const stack = new Stack();
  const definition = fanJob(fanOut);
  new StepsterJob(stack, 'Job', {
    job: definition,
    bundles: fakeBundles(['files', 'process', 'merge']),
    table: new EventLogTable(stack, 'Events'),
    namePrefix: 'stepster-unit',
  });
  const template = Template.fromStack(stack);
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  return { template, definition: JSON.stringify(machine?.Properties?.DefinitionString) };
}

describe('StepsterJob with a dynamic fan-out', () => {
  it('deploys an inline Map whose iterations invoke the mapped op’s own function, with no extra rights', () => {
    // Prepare
    const fanOut = undefined;

    // Act
    const { template, definition } = synth(fanOut);

    // Assess
    expect(definition).toContain('process.map');
    expect(definition).toContain('INLINE');
    expect(actionsOfRole(template, 'JobStateMachineRole')).not.toContain('states:StartExecution');
  });

  it('grants a Distributed Map the right to start, describe and stop its child executions', () => {
    // Prepare
    const fanOut = { mode: FanOutMode.DISTRIBUTED };

    // Act
    const { template, definition } = synth(fanOut);

    // Assess
    expect(definition).toContain('DISTRIBUTED');
    expect(actionsOfRole(template, 'JobStateMachineRole')).toEqual(
      expect.arrayContaining(['states:StartExecution', 'states:DescribeExecution', 'states:StopExecution']),
    );
  });
});
