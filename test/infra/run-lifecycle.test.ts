// RunLifecycle on its own (Template.fromStack, stand-in bundles): the lifecycle function, its
// two rules, its dead-letter queue, its rights, and its checks.
import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventLogTable, EventTableAccess } from '../../infra/constructs/event-log-table.js';
import { RunLifecycle } from '../../infra/constructs/run-lifecycle.js';
import { StepsterJob } from '../../infra/constructs/stepster-job.js';
import { job } from '../../shared/definitions/graph-definition.js';
import { op } from '../../shared/definitions/op-definition.js';
import { fakeBundles } from './support/fake-bundles.js';
import { actionsOfRole, statementsOfRole } from './support/iam-statements.js';

const noop = op({ name: 'noop' }, async () => 1);
const smallJob = job({ name: 'small_job' }, () => {
  noop();
});
const otherJob = job({ name: 'other_job' }, () => {
  noop();
});

function lifecycleStack(props: { sweepInterval?: Duration; sweepWindow?: Duration } = {}) {
  const stack = new Stack();
  const table = new EventLogTable(stack, 'Events');
  const bundles = fakeBundles(['noop']);
  const jobs = [smallJob, otherJob].map(
    (definition) =>
      new StepsterJob(stack, `Job_${definition.name}`, {
        job: definition,
        bundles,
        table,
        namePrefix: 'stepster-unit',
      }),
  );
  const lifecycle = new RunLifecycle(stack, 'Lifecycle', {
    jobs,
    bundle: bundles.lifecycle,
    table,
    functionName: 'stepster-unit-lifecycle',
    ...props,
  });
  return { stack, table, bundles, jobs, lifecycle };
}

let template: Template;

beforeAll(() => {
  template = Template.fromStack(lifecycleStack({ sweepInterval: Duration.minutes(5) }).stack);
}, 120_000);

describe('RunLifecycle', () => {
  it('runs the lifecycle bundle for up to 5 minutes, with the jobs’ state machines and the sweep window in its environment', () => {
    // Prepare
    const name = { FunctionName: 'stepster-unit-lifecycle' };

    // Act
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: name }));

    // Assess
    expect(fn?.Properties).toMatchObject({
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 300,
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^LifecycleDeadLetters/), 'Arn'] } },
      Environment: { Variables: { STEPSTER_SWEEP_WINDOW_MINUTES: '15' } },
    });
    const machines = JSON.stringify(fn?.Properties.Environment.Variables.STEPSTER_STATE_MACHINES);
    expect(machines).toContain('small_job\\":\\"arn:');
    expect(machines).toContain(':stateMachine:stepster-unit-small_job');
    expect(machines).toContain(':stateMachine:stepster-unit-other_job');
  });

  it('may record run ends in the event table and its indexes, list the jobs’ executions, use its queue and send traces, nothing else', () => {
    // Prepare
    const role = 'LifecycleFunctionResourcesRole';

    // Act
    const actions = actionsOfRole(template, role);

    // Assess
    expect(actions).toEqual(
      [
        ...EventTableAccess.LIFECYCLE,
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sqs:SendMessage',
        'states:ListExecutions',
        'states:ListExecutions',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
    const table = statementsOfRole(template, role).find((s) => [s.Action].flat().includes('dynamodb:Query'));
    expect(JSON.stringify(table?.Resource)).toContain('/index/byJob');
    const listed = statementsOfRole(template, role)
      .filter((s) => s.Action === 'states:ListExecutions')
      .map((s) => JSON.stringify(s.Resource));
    expect(listed).toEqual([
      expect.stringContaining(':stateMachine:stepster-unit-small_job'),
      expect.stringContaining(':stateMachine:stepster-unit-other_job'),
    ]);
  });

  it('routes ended and redriven executions of its jobs to the function, retried for a day', () => {
    // Prepare
    const pattern = { EventPattern: Match.objectLike({ source: ['aws.states'] }) };

    // Act
    const [rule] = Object.values(template.findResources('AWS::Events::Rule', { Properties: pattern }));

    // Assess
    expect(rule?.Properties.EventPattern.detail.stateMachineArn).toHaveLength(2);
    expect(rule?.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [expect.stringMatching(/^LifecycleFunction/), 'Arn'] },
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 8 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^LifecycleDeadLetters/), 'Arn'] } },
      }),
    ]);
  });

  it('sweeps at the given interval, each sweep event kept no longer than one interval', () => {
    // Prepare
    const schedule = { ScheduleExpression: 'rate(5 minutes)' };

    // Act
    const [rule] = Object.values(template.findResources('AWS::Events::Rule', { Properties: schedule }));

    // Assess
    expect(rule?.Properties.Targets).toEqual([
      expect.objectContaining({
        Input: JSON.stringify({ stepster: 'sweep' }),
        RetryPolicy: { MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 2 },
      }),
    ]);
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Permission',
      { Principal: 'events.amazonaws.com', Action: 'lambda:InvokeFunction' },
      2,
    );
  });

  it('keeps what it could not deliver 14 days in an encrypted queue that refuses plain HTTP', () => {
    // Prepare
    const queueId = Object.keys(template.findResources('AWS::SQS::Queue'))[0];

    // Act
    const policies = template.findResources('AWS::SQS::QueuePolicy', {
      Properties: { Queues: [{ Ref: queueId }] },
    });

    // Assess
    template.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
    });
    expect(JSON.stringify(Object.values(policies)[0]?.Properties.PolicyDocument.Statement[0])).toBe(
      JSON.stringify({
        Action: 'sqs:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
      }),
    );
  });
});

describe('RunLifecycle validation', () => {
  it('fails when the sweep window is shorter than two sweep intervals', () => {
    // Prepare
    const props = { sweepInterval: Duration.minutes(10), sweepWindow: Duration.minutes(15) };

    // Act
    const act = () => lifecycleStack(props);

    // Assess
    expect(act).toThrow('RunLifecycle sweepWindow 15 minutes must be at least twice sweepInterval (10 minutes)');
  });

  it('fails when it is given another bundle than the lifecycle’s', () => {
    // Prepare
    const stack = new Stack();
    const table = new EventLogTable(stack, 'Events');
    const bundles = fakeBundles(['noop']);
    const small = new StepsterJob(stack, 'Job', { job: smallJob, bundles, table });

    // Act
    const act = () => new RunLifecycle(stack, 'Lifecycle', { jobs: [small], bundle: bundles.control, table });

    // Assess
    expect(act).toThrow('RunLifecycle got bundle "control"; pass bundles.lifecycle.');
  });
});
