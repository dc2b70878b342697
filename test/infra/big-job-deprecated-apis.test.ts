// A split job (issue 12, item 6) is built with no deprecated CDK API: under
// JSII_DEPRECATED=fail, which some CI setups use, a deprecated call throws instead of printing a
// [WARNING] on every `cdk synth`.
import { App, Stack } from 'aws-cdk-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { In, job, op } from 'stepster';
import { EventLogTable } from '../../infra/constructs/event-log-table.js';
import { StepsterJob } from '../../infra/constructs/stepster-job.js';
import { fakeBundles } from './support/fake-bundles.js';

const OPS = 700;
const opName = (i: number) => `transform_the_partition_of_the_warehouse_table_${String(i).padStart(4, '0')}`;
const before = process.env.JSII_DEPRECATED;

afterEach(() => {
  if (before === undefined) delete process.env.JSII_DEPRECATED;
  else process.env.JSII_DEPRECATED = before;
});

describe('StepsterJob for a job past one state machine', () => {
  it('uses no deprecated CDK API', () => {
    // Prepare
    process.env.JSII_DEPRECATED = 'fail';
    const stack = new Stack(new App(), 'BigJobStack');
    const first = op({ name: 'first' }, async () => 1);
    const step = op({ name: 'step', ins: { n: In() } }, async (_c, { n }) => n);
    const big = job({ name: 'big_job' }, () => {
      let value = first();
      for (let i = 1; i < OPS; i++) value = step.alias(opName(i))(value);
    });

    // Act
    const deployed = new StepsterJob(stack, 'Big', {
      job: big,
      bundles: fakeBundles(['first', 'step']),
      table: new EventLogTable(stack, 'Events'),
      namePrefix: 'stepster-unit',
    });

    // Assess
    expect(deployed.childStateMachines.length).toBeGreaterThan(0);
  });
});
