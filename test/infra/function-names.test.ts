// One Lambda-name builder: the compiler's placeholder ARNs and the functions the CDK app
// deploys carry the same names, also when a name has to be cut to Lambda's 64 characters.
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { EventLogTable } from '../../infra/constructs/event-log-table.js';
import { StepsterJob } from '../../infra/constructs/stepster-job.js';
import { compileJob } from '../../shared/compiler/compile-job.js';
import { functionName } from '../../shared/compiler/task-target.js';
import { In } from '../../shared/definitions/in.js';
import { job } from '../../shared/definitions/graph-definition.js';
import { op } from '../../shared/definitions/op-definition.js';
import { fakeBundles } from './support/fake-bundles.js';

const ARN_FUNCTION = /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:(.+)$/;

// Two long op names behind a join the structure cannot order, so the job also has a gate.
const first = op({ name: 'extract_every_customer_record' }, async () => 1);
const second = op({ name: 'extract_every_supplier_record' }, async () => 2);
const third = op({ name: 'extract_every_product_record' }, async () => 3);
const joinTwo = op({ name: 'join_two_inputs', ins: { a: In(), b: In() } }, async () => 4);
const longJob = job({ name: 'a_job_with_a_name_long_enough_to_be_cut' }, () => {
  const a = first();
  const b = second();
  const c = third();
  joinTwo(a, b);
  joinTwo.alias('join_other_inputs')(b, c);
});

/** Every Lambda function name in an ASL definition: Task `Resource` ARNs and gate `FunctionName` parameters. */
function functionNamesIn(definition: unknown): string[] {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const match = ARN_FUNCTION.exec(value);
      if (match?.[1]) names.add(match[1]);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(definition);
  return [...names].sort();
}

describe('Lambda function names', () => {
  it('are the same in the compiler’s placeholder ARNs and in the deployed template, long names included', () => {
    // Prepare
    const stack = new Stack();
    const opNames = [...new Set(longJob.nodes.map((node) => node.op.name))];

    // Act
    const compiled = compileJob(longJob);
    new StepsterJob(stack, 'Job', {
      job: longJob,
      bundles: fakeBundles(opNames),
      table: new EventLogTable(stack, 'Events'),
    });

    // Assess
    const deployed = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))
      .map((fn) => fn.Properties.FunctionName as string)
      .sort();
    const placeholders = functionNamesIn(compiled.definition);
    expect(placeholders).toEqual(deployed);
    // Four op names pass 64 characters (`join_two_inputs` makes exactly 64 and stays whole).
    expect(placeholders.filter((name) => /^.{55}-[0-9a-f]{8}$/.test(name))).toHaveLength(4);
    expect(compiled.stats.gatedOps.length).toBeGreaterThan(0);
  });

  it('keep the deployed names of names cut to 64 characters (8 hex digits of SHA-1)', () => {
    // Prepare
    const target = { kind: 'op', node: 'extract_every_customer_record' } as const;

    // Act
    const name = functionName('stepster-prod', 'a_job_with_a_name_long_enough_to_be_cut', target);

    // Assess
    expect(name).toBe('stepster-prod-a_job_with_a_name_long_enough_to_be_cut-e-3b88b1ef');
    expect(name).toHaveLength(64);
  });
});
