// EventLaunch on its own (Template.fromStack, stand-in bundles): one rule per job, one role that
// may start exactly those jobs, and a dead-letter queue.
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventLaunch } from '../../infra/constructs/event-launch.js';
import { EventLogTable } from '../../infra/constructs/event-log-table.js';
import { StepsterJob } from '../../infra/constructs/stepster-job.js';
import { job } from '../../shared/definitions/graph-definition.js';
import { op } from '../../shared/definitions/op-definition.js';
import { fakeBundles } from './support/fake-bundles.js';
import { statementsOfRole } from './support/iam-statements.js';

const noop = op({ name: 'noop' }, async () => 1);
const jobs = ['small_job', 'other_job'].map((name) =>
  job({ name }, () => {
    noop();
  }),
);

let template: Template;

beforeAll(() => {
  const stack = new Stack();
  const table = new EventLogTable(stack, 'Events');
  const bundles = fakeBundles(['noop']);
  const deployed = jobs.map(
    (definition) =>
      new StepsterJob(stack, `Job_${definition.name}`, {
        job: definition,
        bundles,
        table,
        namePrefix: 'stepster-unit',
      }),
  );
  const eventBus = new events.EventBus(stack, 'Bus', { eventBusName: 'stepster-unit-bus' });
  new EventLaunch(stack, 'Launch', { jobs: deployed, stage: 'unit', eventBus });
  template = Template.fromStack(stack);
}, 120_000);

describe('EventLaunch', () => {
  it('has one rule per job on the given bus, matching "Run Job" events of its stage and job', () => {
    // Prepare
    const rules = Object.values(template.findResources('AWS::Events::Rule'));

    // Act
    const patterns = rules.map((rule) => rule.Properties.EventPattern);

    // Assess
    expect(patterns).toEqual(
      jobs.map((definition) => ({
        source: ['stepster.launch'],
        'detail-type': ['Run Job'],
        detail: { stage: ['unit'], job: [definition.name] },
      })),
    );
    expect(rules.map((rule) => rule.Properties.EventBusName)).toEqual([
      { Ref: expect.stringMatching(/^Bus/) },
      { Ref: expect.stringMatching(/^Bus/) },
    ]);
  });

  it('starts the job with the event’s detail.input, retried for a day, then to its dead-letter queue', () => {
    // Prepare
    const [rule] = Object.values(template.findResources('AWS::Events::Rule'));

    // Act
    const targets = rule?.Properties.Targets;

    // Assess
    expect(targets).toEqual([
      expect.objectContaining({
        Arn: { Ref: expect.stringMatching(/^Jobsmalljob.*StateMachine/) },
        InputPath: '$.detail.input',
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 8 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^LaunchDeadLetters/), 'Arn'] } },
      }),
    ]);
  });

  it('lets its role, which only EventBridge assumes, start exactly these jobs', () => {
    // Prepare
    const role = 'LaunchRole';

    // Act
    const started = statementsOfRole(template, role)
      .filter((s) => s.Action === 'states:StartExecution')
      .map((s) => s.Resource);

    // Assess
    expect(started).toEqual([
      { Ref: expect.stringMatching(/^Jobsmalljob.*StateMachine/) },
      { Ref: expect.stringMatching(/^Jobotherjob.*StateMachine/) },
    ]);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } }],
      },
      Description: 'stepster: EventBridge starts runs of stage unit from "stepster.launch" events',
    });
  });
});

describe('EventLaunch validation', () => {
  it('fails when it is given no job', () => {
    // Prepare
    const stack = new Stack();

    // Act
    const act = () => new EventLaunch(stack, 'Launch', { jobs: [], stage: 'unit' });

    // Assess
    expect(act).toThrow('EventLaunch needs at least one job.');
  });
});
