// Issue 12, item 6: a job past one state machine's quotas, deployed by StepsterJob (Template.fromStack,
// stand-in bundles, cdk-nag AwsSolutions): the parent and its child state machines, and what the
// parent's role may do to start and wait for them.
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { In, job, op } from 'stepster';
import { EventLogTable } from '../../infra/constructs/event-log-table.js';
import { StepsterJob } from '../../infra/constructs/stepster-job.js';
import { fakeBundles } from './support/fake-bundles.js';
import { statementsOfRole } from './support/iam-statements.js';

// Long names make each op's states large, so a few hundred ops pass the 1 MB definition quota.
const OPS = 700;
const opName = (i: number) => `transform_the_partition_of_the_warehouse_table_${String(i).padStart(4, '0')}`;

function synthBigJob() {
  const app = new App();
  const stack = new Stack(app, 'BigJobStack');
  const first = op({ name: 'first' }, async () => 1);
  const step = op({ name: 'step', ins: { n: In() } }, async (_c, { n }) => n);
  const big = job({ name: 'big_job' }, () => {
    let value = first();
    for (let i = 1; i < OPS; i++) value = step.alias(opName(i))(value);
  });
  const deployed = new StepsterJob(stack, 'Big', {
    job: big,
    bundles: fakeBundles(['first', 'step']),
    table: new EventLogTable(stack, 'Events'),
    namePrefix: 'stepster-unit',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  app.synth();
  return { deployed, template: Template.fromStack(stack) };
}

describe('StepsterJob for a job past one state machine', () => {
  it('deploys the parent and one state machine per child, under one role that may start, describe and stop only them; cdk-nag clean', () => {
    // Act
    const { deployed, template } = synthBigJob();

    // Assess
    const children = deployed.compiled.children;
    expect(children.length).toBeGreaterThan(0);
    expect(deployed.childStateMachines).toHaveLength(children.length);
    const machines = Object.entries(template.findResources('AWS::StepFunctions::StateMachine'));
    const names = machines.map(([, m]) => m.Properties?.StateMachineName).sort();
    expect(names).toEqual(
      ['stepster-unit-big_job', ...children.map((_, i) => `stepster-unit-big_job--part-${i + 1}`)].sort(),
    );
    const roles = new Set(machines.map(([, m]) => JSON.stringify(m.Properties?.RoleArn)));
    expect(roles.size).toBe(1);
    const [parentId, parent] = machines.find(([, m]) => m.Properties?.StateMachineName === 'stepster-unit-big_job')!;
    // The parent names each child by ARN and is created after them.
    expect(Object.keys(parent.Properties?.DefinitionSubstitutions ?? {})).toEqual(
      expect.arrayContaining(children.map((_, i) => `child_${i + 1}`)),
    );
    expect(parent.DependsOn).toEqual(
      expect.arrayContaining(machines.filter(([id]) => id !== parentId).map(([id]) => id)),
    );
    const statements = statementsOfRole(template, 'BigStateMachineRole');
    const start = statements.find((s) => s.Action === 'states:StartExecution');
    expect(JSON.stringify(start?.Resource)).toContain(':stateMachine:stepster-unit-big_job--part-1');
    const wait = statements.find((s) => [s.Action].flat().includes('states:DescribeExecution'));
    expect(JSON.stringify(wait?.Resource)).toContain(':execution:stepster-unit-big_job--part-1:*');
    const rule = statements.find((s) => [s.Action].flat().includes('events:PutRule'));
    expect(JSON.stringify(rule?.Resource)).toContain('rule/StepFunctionsGetEventsForStepFunctionsExecutionRule');
    // Every child's op Tasks name functions through its own substitutions only.
    for (const [, machine] of machines) {
      const text = JSON.stringify(machine.Properties?.DefinitionString);
      for (const key of Object.keys(machine.Properties?.DefinitionSubstitutions ?? {}))
        expect(text).toContain(`\${${key}}`);
    }
  });
});
