// StepsterSchedules on its own (Template.fromStack, stand-in bundles): Scheduler schedules in a
// group, the Express launcher, who may start what, and its checks.
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventLogTable } from '../../infra/constructs/event-log-table.js';
import { StepsterJob } from '../../infra/constructs/stepster-job.js';
import { launcherDefinition, StepsterSchedules } from '../../infra/constructs/stepster-schedules.js';
import { job } from '../../shared/definitions/graph-definition.js';
import { op } from '../../shared/definitions/op-definition.js';
import { schedule } from '../../shared/schedules/schedule-definition.js';
import { fakeBundles } from './support/fake-bundles.js';
import { statementsOfRole } from './support/iam-statements.js';

const noop = op({ name: 'noop' }, async () => 1);
const smallJob = job({ name: 'small_job' }, () => {
  noop();
});
const idleJob = job({ name: 'idle_job' }, () => {
  noop();
});
const twice = schedule({ name: 'twice', job: smallJob, cronSchedule: ['0 6 * * *', '0 18 * * 1-5'] });
const paused = schedule({ name: 'paused', job: smallJob, cronSchedule: '@hourly', defaultStatus: 'STOPPED' });

function schedulesStack(retryAttempts?: number) {
  const stack = new Stack();
  const table = new EventLogTable(stack, 'Events');
  const bundles = fakeBundles(['noop']);
  const jobs = new Map(
    [smallJob, idleJob].map((definition) => [
      definition.name,
      new StepsterJob(stack, `Job_${definition.name}`, {
        job: definition,
        bundles,
        table,
        namePrefix: 'stepster-unit',
      }),
    ]),
  );
  const schedules = new StepsterSchedules(stack, 'Schedules', {
    schedules: [twice, paused],
    jobs,
    name: 'stepster-unit-schedules',
    ...(retryAttempts !== undefined ? { retryAttempts } : {}),
  });
  return { stack, jobs, schedules };
}

let template: Template;

beforeAll(() => {
  template = Template.fromStack(schedulesStack().stack);
}, 120_000);

describe('StepsterSchedules', () => {
  it('makes one Scheduler schedule per cron string, in its group, enabled unless the schedule is STOPPED', () => {
    // Prepare
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));

    // Act
    const summary = schedules
      .map((s) => [s.Properties.Name, s.Properties.GroupName, s.Properties.State, s.Properties.FlexibleTimeWindow.Mode])
      .sort();

    // Assess
    expect(summary).toEqual([
      ['paused', 'stepster-unit-schedules', 'DISABLED', 'OFF'],
      ['twice-1', 'stepster-unit-schedules', 'ENABLED', 'OFF'],
      ['twice-2', 'stepster-unit-schedules', 'ENABLED', 'OFF'],
    ]);
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'stepster-unit-schedules' });
  });

  it('starts the launcher through the scheduler role, retried 3 times within an hour, then to its dead-letter queue', () => {
    // Prepare
    const [first] = Object.values(template.findResources('AWS::Scheduler::Schedule'));

    // Act
    const target = first?.Properties.Target;

    // Assess
    expect(target).toMatchObject({
      Arn: { Ref: expect.stringMatching(/^SchedulesLauncher/) },
      RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^SchedulesSchedulerRole/), 'Arn'] },
      RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 3 },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^SchedulesDeadLetters/), 'Arn'] } },
    });
  });

  it('launches with an Express state machine running launcherDefinition(), logged and traced', () => {
    // Prepare
    const name = { StateMachineName: 'stepster-unit-schedules' };

    // Act
    const [launcher] = Object.values(template.findResources('AWS::StepFunctions::StateMachine', { Properties: name }));

    // Assess
    expect(launcher?.Properties).toMatchObject({
      StateMachineType: 'EXPRESS',
      DefinitionString: JSON.stringify(launcherDefinition()),
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      TracingConfiguration: { Enabled: true },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/states/stepster-unit-schedules',
      RetentionInDays: 14,
    });
  });

  it('lets the scheduler role start only the launcher, and the launcher start only the scheduled jobs', () => {
    // Prepare
    const starts = (role: string) =>
      statementsOfRole(template, role)
        .filter((s) => s.Action === 'states:StartExecution')
        .map((s) => JSON.stringify(s.Resource));

    // Act
    const scheduler = starts('SchedulesSchedulerRole');
    const launcher = starts('SchedulesLauncherRole');

    // Assess
    expect(scheduler).toEqual([expect.stringMatching(/^{"Ref":"SchedulesLauncher/)]);
    expect(launcher).toEqual([expect.stringContaining(':stateMachine:stepster-unit-small_job')]);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' } }],
      },
    });
  });
});

describe('StepsterSchedules validation', () => {
  it('fails when Scheduler retries are outside its range', () => {
    // Prepare
    const retryAttempts = 200;

    // Act
    const act = () => schedulesStack(retryAttempts);

    // Assess
    expect(act).toThrow("StepsterSchedules retryAttempts 200 must be an integer from 0 to 185 (Scheduler's limit).");
  });

  it('fails when a schedule runs a job that is not deployed, listing the deployed ones', () => {
    // Prepare
    const stack = new Stack();
    const orphan = schedule({ name: 'orphan', job: 'ghost_job', cronSchedule: '@daily' });

    // Act
    const act = () => new StepsterSchedules(stack, 'Schedules', { schedules: [orphan], jobs: new Map() });

    // Assess
    expect(act).toThrow(
      'schedule "orphan" runs job "ghost_job", which is not deployed: add it to the Definitions\' jobs (deployed: ).',
    );
  });
});
