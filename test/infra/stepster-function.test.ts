// StepsterFunction and OpFunction on their own (Template.fromStack, stand-in bundles): runtime,
// layer, own log group, own role, and their checks.
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventLogTable } from '../../infra/constructs/event-log-table.js';
import { OpFunction } from '../../infra/constructs/op-function.js';
import { StepsterFunction } from '../../infra/constructs/stepster-function.js';
import { job } from '../../shared/definitions/graph-definition.js';
import { op } from '../../shared/definitions/op-definition.js';
import { fakeBundles } from './support/fake-bundles.js';
import { statementsOfRole } from './support/iam-statements.js';

let template: Template;

beforeAll(() => {
  const stack = new Stack();
  new StepsterFunction(stack, 'Fn', {
    bundle: fakeBundles([]).control,
    purpose: 'unit test function',
    functionName: 'stepster-unit-fn',
  });
  template = Template.fromStack(stack);
}, 120_000);

describe('StepsterFunction', () => {
  it('runs its bundle’s handler on Node.js 24 / arm64 with the stack’s layer, 512 MB, 60 s and X-Ray active tracing by default', () => {
    // Prepare
    const name = { FunctionName: 'stepster-unit-fn' };

    // Act
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: name }));

    // Assess
    expect(fn?.Properties).toMatchObject({
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 60,
      Layers: [{ Ref: expect.stringMatching(/^StepsterRuntimeLayer/) }],
      Description: 'stepster: unit test function',
      TracingConfig: { Mode: 'Active' },
    });
  });

  it('writes to its own log group /aws/lambda/<name>, and its own role may write only there and send its X-Ray traces', () => {
    // Prepare
    const [groupId] = Object.keys(
      template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: '/aws/lambda/stepster-unit-fn' } }),
    );

    // Act
    const statements = statementsOfRole(template, 'FnResourcesRole');

    // Assess
    expect(statements).toEqual([
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [groupId, 'Arn'] },
      },
      { Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' },
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', { LoggingConfig: { LogGroup: { Ref: groupId } } });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
      },
    });
  });
});

describe('StepsterFunction validation', () => {
  it('fails when a function’s memory is outside Lambda’s range', () => {
    // Prepare
    const stack = new Stack();

    // Act
    const act = () =>
      new StepsterFunction(stack, 'Fn', { bundle: fakeBundles([]).control, purpose: 'test', memorySize: 64 });

    // Assess
    expect(act).toThrow('test: memorySize 64 must be an integer from 128 to 10240 (MB)');
  });

  it('fails when a function’s timeout is outside Lambda’s range', () => {
    // Prepare
    const stack = new Stack();

    // Act
    const act = () =>
      new StepsterFunction(stack, 'Fn', {
        bundle: fakeBundles([]).control,
        purpose: 'test',
        timeout: Duration.minutes(16),
      });

    // Assess
    expect(act).toThrow(
      "test: timeout 960 s must be from 1 to 900 seconds (Lambda's limit); set lambda.timeoutSeconds on the op.",
    );
  });

  it('fails when the function name is not a Lambda name', () => {
    // Prepare
    const stack = new Stack();

    // Act
    const act = () =>
      new StepsterFunction(stack, 'Fn', { bundle: fakeBundles([]).control, purpose: 'test', functionName: 'a b' });

    // Assess
    expect(act).toThrow(`test: functionName "a b" must be 1-64 letters, digits, '-' or '_'.`);
  });
});

describe('OpFunction validation', () => {
  it('fails when an op function gets another op’s bundle', () => {
    // Prepare
    const stack = new Stack();
    const emptyOp = op({ name: 'noop' }, async () => 1);
    const smallJob = job({ name: 'small_job' }, () => {
      emptyOp();
    });
    const bundles = fakeBundles(['noop', 'crunch']);
    const table = new EventLogTable(stack, 'Events');

    // Act
    const act = () =>
      new OpFunction(stack, 'Op', {
        jobName: 'small_job',
        node: smallJob.node('noop'),
        bundle: bundles.op('crunch'),
        table,
      });

    // Assess
    expect(act).toThrow('OpFunction for op "noop" of job "small_job" got bundle "op-crunch"; pass bundles.op("noop").');
  });
});
