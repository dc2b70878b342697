// Template assertions on the stack `cdk synth` builds for the deploy fixture (synthesized once):
// what a Definitions module becomes on AWS, across the constructs, and the stack's own checks.
// Each construct's own facts are asserted in its own test file (stepster-job, run-lifecycle, ...).
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { StepsterStack } from '../../infra/stepster-stack.js';
import { compileJob } from '../../shared/compiler/compile-job.js';
import { Definitions } from '../../shared/definitions/definitions.js';
import { job } from '../../shared/definitions/graph-definition.js';
import { op } from '../../shared/definitions/op-definition.js';
import { EVENT_TABLE_SCHEMA } from '../../shared/event-log/table-schema.js';
import { makeCloudwatchLogger } from '../../shared/loggers/cloudwatch-logger.js';
import { schedule } from '../../shared/schedules/schedule-definition.js';
import { runFailureSensor } from '../../shared/sensors/run-status-sensor-definition.js';
import fixture, { diamondJob, heavyJob, hourlyCrunch } from './fixtures/deploy-definitions.js';
import { fakeBundles } from './support/fake-bundles.js';
import * as iamStatements from './support/iam-statements.js';
import { type SynthesizedStepster, synthStepster } from './support/stepster-synth.js';

let synth: SynthesizedStepster;
let template: Template;

// The fixture template's IAM statements, by role.
const statementsOfRole = (rolePrefix: string) => iamStatements.statementsOfRole(template, rolePrefix);
const actionsOfRole = (rolePrefix: string) => iamStatements.actionsOfRole(template, rolePrefix);
const allStatements = () => iamStatements.allStatements(template);

function fixtureStack(definitions: Definitions, stage = 'unit'): StepsterStack {
  const opNames = [...new Set(definitions.jobs.flatMap((j) => j.nodes.map((n) => n.op.name)))];
  return new StepsterStack(new App(), `stepster-${stage}`, { definitions, bundles: fakeBundles(opNames), stage });
}

beforeAll(async () => {
  synth = await synthStepster({ definitionsFile: 'test/infra/fixtures/deploy-definitions.ts', stage: 'test' });
  template = Template.fromJSON(synth.template as unknown as Record<string, unknown>);
}, 300_000);

describe('event table', () => {
  it('has the keys and indexes of EVENT_TABLE_SCHEMA, point-in-time recovery and encryption', () => {
    // Prepare
    const gsis = EVENT_TABLE_SCHEMA.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));

    // Act
    const table = template.findResources('AWS::DynamoDB::Table');

    // Assess
    expect(Object.keys(table)).toHaveLength(1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: {
        TableName: 'stepster-test-events',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith(
          EVENT_TABLE_SCHEMA.attributes.map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
        ),
        LocalSecondaryIndexes: [
          Match.objectLike({
            IndexName: 'byTime',
            KeySchema: Match.arrayWith([{ AttributeName: 'tsk', KeyType: 'RANGE' }]),
          }),
        ],
        GlobalSecondaryIndexes: Match.arrayWith(gsis),
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    });
  });
});

describe('op functions', () => {
  it('send X-Ray traces from every function, as the state machines do', () => {
    // Act
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const untraced = functions
      .filter((fn) => fn.Properties?.TracingConfig?.Mode !== 'Active')
      .map((fn) => fn.Properties?.FunctionName);

    // Assess
    expect(functions.length).toBeGreaterThan(5);
    expect(untraced).toEqual([]);
  });

  it('run Node.js 24 on arm64 with the op’s memory and timeout, its job and node, and the table name', () => {
    // Prepare
    const tableRef = { Ref: Match.stringLikeRegexp('^EventsTable') };

    // Act
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { FunctionName: 'stepster-test-heavy_job-crunch' },
    });

    // Assess
    expect(Object.keys(functions)).toHaveLength(1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'stepster-test-heavy_job-crunch',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 300,
      Handler: 'index.handler',
      Environment: {
        Variables: {
          STEPSTER_TABLE_NAME: tableRef,
          STEPSTER_JOB: 'heavy_job',
          STEPSTER_NODE: 'crunch',
          STEPSTER_STAGE: 'test',
        },
      },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('Opcrunch.*Logs') } },
    });
  });

  it('use the defaults (512 MB, 60 s) for ops without lambda options, and every function runs on Node.js 24 / arm64', () => {
    // Prepare
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));

    // Act
    const runtimes = new Set(functions.map((fn) => `${fn.Properties.Runtime}/${fn.Properties.Architectures.join()}`));

    // Assess
    expect(runtimes).toEqual(new Set(['nodejs24.x/arm64']));
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'stepster-test-diamond_job-d',
      MemorySize: 512,
      Timeout: 60,
    });
  });

  it('each have their own log group with retention, and a role without managed policies', () => {
    // Prepare
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    const roles = Object.values(template.findResources('AWS::IAM::Role'));

    // Act
    const withoutRetention = groups.filter((group) => group.Properties.RetentionInDays === undefined);
    const withManaged = roles.filter((role) => role.Properties.ManagedPolicyArns !== undefined);

    // Assess
    expect(withoutRetention).toEqual([]);
    expect(withManaged).toEqual([]);
    expect(groups.length).toBeGreaterThanOrEqual(Object.keys(template.findResources('AWS::Lambda::Function')).length);
  });

  it('may only read and write the event table, read the Definitions’ secret, write their own logs and send traces', () => {
    // Prepare
    const actions = actionsOfRole('JobdiamondjobOpc');

    // Act
    const statements = statementsOfRole('JobdiamondjobOpc');

    // Assess: PutItem is the attempt's claim (a conditional write).
    expect(actions).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'secretsmanager:GetSecretValue',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    const secret = statements.find((s) => s.Action === 'secretsmanager:GetSecretValue');
    expect(JSON.stringify(secret?.Resource)).toContain(':secret:stepster-test/api-key-??????');
  });

  it('may write to the CloudWatch logger’s log group, which the app creates with retention', () => {
    // Prepare
    const groups = template.findResources('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/stepster/test/heavy_job' },
    });

    // Act
    const [groupId] = Object.keys(groups);
    const statements = statementsOfRole('JobheavyjobOpcrunch');

    // Assess
    expect(groupId).toBeDefined();
    expect(Object.values(groups)[0]?.Properties.RetentionInDays).toBe(14);
    expect(JSON.stringify(statements)).toContain(':log-group:/stepster/test/heavy_job:log-stream:*');
    expect(JSON.stringify(statementsOfRole('JobheavyjobRunStart'))).not.toContain('/stepster/test/heavy_job');
  });
});

describe('state machines', () => {
  it('deploy the compiler’s definition byte for byte, its placeholders substituted with the functions’ ARNs', () => {
    // Prepare
    const expected = compileJob(diamondJob, { resource: (t) => `\${${t.kind === 'op' ? `op_${t.node}` : t.kind}}` });

    // Act
    const [machine] = Object.values(
      template.findResources('AWS::StepFunctions::StateMachine', {
        Properties: { StateMachineName: 'stepster-test-diamond_job' },
      }),
    );

    // Assess
    expect(machine?.Properties.DefinitionString).toBe(JSON.stringify(expected.definition));
    const substitutions = machine?.Properties.DefinitionSubstitutions as Record<
      string,
      { 'Fn::GetAtt': [string, string] }
    >;
    expect(Object.keys(substitutions).sort()).toEqual([
      'gate',
      'op_a',
      'op_b',
      'op_c',
      'op_d',
      'op_e',
      'runEnd',
      'runStart',
    ]);
    for (const value of Object.values(substitutions)) {
      expect(template.toJSON().Resources[value['Fn::GetAtt'][0]].Type).toBe('AWS::Lambda::Function');
    }
  });

  it('are Standard, log ALL without execution data, and trace with X-Ray', () => {
    // Prepare
    const standard = template.findResources('AWS::StepFunctions::StateMachine', {
      Properties: { StateMachineType: 'STANDARD' },
    });

    // Act
    const names = Object.values(standard)
      .map((sm) => sm.Properties.StateMachineName)
      .sort();

    // Assess
    expect(names).toEqual(['stepster-test-broken_job', 'stepster-test-diamond_job', 'stepster-test-heavy_job']);
    for (const sm of Object.values(standard)) {
      expect(sm.Properties.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
      expect(sm.Properties.TracingConfiguration).toEqual({ Enabled: true });
    }
  });

  it('may invoke only their own functions', () => {
    // Prepare
    const statements = statementsOfRole('JobheavyjobStateMachineRole');

    // Act
    const invoke = statements.find((s) => s.Action === 'lambda:InvokeFunction');

    // Assess
    const resources = (invoke?.Resource ?? []) as { 'Fn::GetAtt': [string, string] }[];
    const targets = resources.map((r) => r['Fn::GetAtt'][0]).sort();
    expect(targets).toEqual([
      expect.stringMatching(/^JobheavyjobOpcrunch/),
      expect.stringMatching(/^JobheavyjobRunEnd/),
      expect.stringMatching(/^JobheavyjobRunStart/),
    ]);
  });

  it('creates no gate function for a job without joins', () => {
    // Prepare
    const names = Object.values(template.findResources('AWS::Lambda::Function')).map(
      (fn) => fn.Properties.FunctionName,
    );

    // Act
    const gates = names.filter((name: string) => name.endsWith('-step-gate'));

    // Assess
    expect(gates).toEqual(['stepster-test-diamond_job-step-gate']);
  });
});

describe('least privilege', () => {
  it('lets only the schedule launcher, the scheduler role and the EventBridge launch role start executions', () => {
    // Prepare
    const starters = allStatements().filter(({ statement }) =>
      [statement.Action].flat().includes('states:StartExecution'),
    );

    // Act
    const policies = [...new Set(starters.map(({ policy }) => policy.replace(/DefaultPolicy.*$/, '')))].sort();

    // Assess
    expect(policies).toEqual(['EventLaunchRole', 'SchedulesLauncherRole', 'SchedulesSchedulerRole']);
    const launcher = starters.find(({ policy }) => policy.startsWith('SchedulesLauncherRole'));
    expect(JSON.stringify(launcher?.statement.Resource)).toContain('stateMachine:stepster-test-heavy_job');
  });

  it('starts a run from a "Run Job" event naming the stage and the job, with the event’s input', () => {
    // Prepare
    const pattern = {
      source: ['stepster.launch'],
      'detail-type': ['Run Job'],
      detail: { stage: ['test'], job: ['diamond_job'] },
    };

    // Act
    const rules = template.findResources('AWS::Events::Rule', { Properties: { EventPattern: pattern } });

    // Assess
    expect(Object.values(rules)[0]?.Properties.Targets[0]).toMatchObject({
      InputPath: '$.detail.input',
      RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^EventLaunchRole/), 'Arn'] },
      DeadLetterConfig: expect.anything(),
    });
  });

  it('gives SendTaskSuccess only to the gate function and the ops a gated join waits on', () => {
    // Prepare
    const senders = allStatements().filter(({ statement }) =>
      [statement.Action].flat().includes('states:SendTaskSuccess'),
    );

    // Act
    const policies = senders.map(({ policy }) => policy.replace(/ResourcesRoleDefaultPolicy.*$/, '')).sort();

    // Assess
    expect(policies).toEqual(['JobdiamondjobGate', 'JobdiamondjobOpa', 'JobdiamondjobOpb']);
  });

  it('lets no function delete items or scan the table, and only the lifecycle list executions', () => {
    // Prepare
    const actions = allStatements().flatMap(({ policy, statement }) =>
      [statement.Action].flat().map((action) => ({ policy, action })),
    );

    // Act
    const destructive = actions.filter(({ action }) => /dynamodb:(DeleteItem|Scan|DeleteTable|\*)/.test(action));
    const listers = [
      ...new Set(actions.filter(({ action }) => action === 'states:ListExecutions').map(({ policy }) => policy)),
    ];

    // Assess
    expect(destructive).toEqual([]);
    expect(listers).toEqual([expect.stringMatching(/^LifecycleFunction/)]);
  });
});

describe('lifecycle and schedules', () => {
  it('routes the jobs’ ended executions and redrives to the lifecycle function, with a dead-letter queue', () => {
    // Prepare
    const lifecycleFn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^LifecycleFunction'), 'Arn'] };

    // Act
    const rules = template.findResources('AWS::Events::Rule', {
      Properties: { EventPattern: Match.objectLike({ source: ['aws.states'] }) },
    });

    // Assess
    expect(Object.keys(rules)).toHaveLength(1);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: {
          stateMachineArn: Match.arrayWith([Match.objectLike({ 'Fn::Join': Match.anyValue() })]),
          $or: [
            { status: ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] },
            { status: ['RUNNING'], redriveCount: [{ numeric: ['>', 0] }] },
          ],
        },
      },
      Targets: [
        Match.objectLike({
          Arn: lifecycleFn,
          DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }),
          RetryPolicy: Match.anyValue(),
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'stepster-test-lifecycle',
      DeadLetterConfig: { TargetArn: Match.anyValue() },
    });
  });

  it('sweeps every 10 minutes through the same function', () => {
    // Prepare
    const input = JSON.stringify({ stepster: 'sweep' });

    // Act
    const rules = template.findResources('AWS::Events::Rule', {
      Properties: { ScheduleExpression: 'rate(10 minutes)' },
    });

    // Assess
    expect(Object.values(rules)[0]?.Properties.Targets[0]).toMatchObject({
      Input: input,
      DeadLetterConfig: expect.anything(),
    });
  });

  it('turns each cron string into a Scheduler schedule in the schedule’s time zone that starts the launcher with the run’s input', () => {
    // Prepare
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));

    // Act
    const expressions = schedules
      .map((s) => `${s.Properties.ScheduleExpression} ${s.Properties.ScheduleExpressionTimezone}`)
      .sort();

    // Assess
    expect(expressions).toEqual(['cron(0 * ? * 2-6 *) America/New_York', 'cron(30 12 ? * 1,7 *) America/New_York']);
    const input = JSON.stringify(schedules[0]?.Properties.Target.Input);
    expect(input).toContain('<aws.scheduler.scheduled-time>');
    expect(input).toContain('\\"stepster/schedule_name\\":\\"hourly_crunch\\"');
    expect(input).toContain('\\"runConfig\\":{\\"ops\\":{\\"crunch\\":{\\"config\\":{\\"size\\":3}}}}');
    expect(schedules[0]?.Properties.Target).toMatchObject({
      DeadLetterConfig: expect.anything(),
      RetryPolicy: { MaximumRetryAttempts: 3 },
    });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'stepster-test-schedules',
      StateMachineType: 'EXPRESS',
    });
  });
});

describe('validation', () => {
  const emptyOp = op({ name: 'noop' }, async () => 1);
  const smallJob = job({ name: 'small_job' }, () => {
    emptyOp();
  });

  it('fails when the stage name is not usable in resource names', () => {
    // Prepare
    const definitions = new Definitions({ jobs: [smallJob] });

    // Act
    const act = () => fixtureStack(definitions, 'Prod_1');

    // Assess
    expect(act).toThrow('stage "Prod_1" is invalid: use 1-20 lowercase letters, digits and \'-\'');
  });

  it('fails when a schedule runs a job that is not defined', () => {
    // Prepare
    const nightly = schedule({ name: 'nightly', job: 'other_job', cronSchedule: '@daily' });

    // Act
    const act = () => fixtureStack(new Definitions({ jobs: [smallJob], schedules: [nightly] }));

    // Assess
    expect(act).toThrow(
      'schedule "nightly" targets job "other_job", which is not in jobs (small_job). Add the job to jobs.',
    );
  });

  it('fails when a schedule’s run config would fail every tick', () => {
    // Prepare
    const bad = schedule({
      name: 'hourly',
      job: heavyJob,
      cronSchedule: '0 * * * *',
      runConfig: { ops: { crunch: { config: { size: -1 } } } },
    });
    const definitions = new Definitions({ jobs: [heavyJob], schedules: [bad] });

    // Act
    const act = () => fixtureStack(definitions);

    // Assess
    expect(act).toThrow(
      /schedule "hourly": every tick would fail, its run config is invalid for job "heavy_job".*runConfig\.ops\.crunch\.config\.size/,
    );
  });

  it('fails when a sensor monitors a job that is not defined', () => {
    // Prepare
    const sensor = runFailureSensor({ name: 'watch', monitoredJobs: ['ghost_job'] }, () => undefined);

    // Act
    const act = () => fixtureStack(new Definitions({ jobs: [smallJob], sensors: [sensor] }));

    // Assess
    expect(act).toThrow(
      'sensor "watch" monitors job "ghost_job", which is not in jobs (small_job). Add the job or fix monitoredJobs.',
    );
  });

  it('fails when a CloudWatch logger has no log group the app could create', () => {
    // Prepare
    const logged = job({ name: 'logged_job', loggerDefs: { cloudwatch: makeCloudwatchLogger() } }, () => {
      emptyOp();
    });

    // Act
    const act = () => fixtureStack(new Definitions({ jobs: [logged] }));

    // Assess
    expect(act).toThrow('job "logged_job": CloudWatch logger "cloudwatch" has no log group');
  });
});

describe('stack', () => {
  it('outputs the event table name and each job’s state machine, which the CLI’s --remote commands read', () => {
    // Prepare
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown; Description: string }>;

    // Act
    const values = Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.Value]));

    // Assess
    expect(values).toEqual({
      EventTableName: { Ref: expect.stringMatching(/^EventsTable/) },
      StateMachinediamondjob: { Ref: expect.stringMatching(/^JobdiamondjobStateMachine/) },
      StateMachineheavyjob: { Ref: expect.stringMatching(/^JobheavyjobStateMachine/) },
      StateMachinebrokenjob: { Ref: expect.stringMatching(/^JobbrokenjobStateMachine/) },
    });
    expect(template.toJSON().Description).toBe('stepster (test): jobs, event log, lifecycle and schedules');
  });

  it('puts every function’s logs in /aws/lambda/<function name>, where operators look for them', () => {
    // Prepare
    const groups = template.findResources('AWS::Logs::LogGroup');
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));

    // Act
    const mismatched = functions.filter((fn) => {
      const groupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;
      return groups[groupId]?.Properties.LogGroupName !== `/aws/lambda/${fn.Properties.FunctionName}`;
    });

    // Assess
    expect(functions.length).toBe(15);
    expect(mismatched).toEqual([]);
  });

  it('keeps the event table, queues, log groups and state machines of stage prod, logs for a year', () => {
    // Prepare
    const definitions = new Definitions({
      jobs: [diamondJob, heavyJob],
      schedules: [hourlyCrunch],
      resources: fixture.resources,
    });

    // Act
    const prod = Template.fromStack(fixtureStack(definitions, 'prod'));

    // Assess
    const kept = ['AWS::DynamoDB::Table', 'AWS::SQS::Queue', 'AWS::Logs::LogGroup', 'AWS::StepFunctions::StateMachine'];
    const dropped = kept.flatMap((type) =>
      Object.entries(prod.findResources(type))
        .filter(([, resource]) => resource.DeletionPolicy !== 'Retain')
        .map(([id]) => id),
    );
    expect(dropped).toEqual([]);
    const shortLived = Object.values(prod.findResources('AWS::Logs::LogGroup')).filter(
      (group) => group.Properties.RetentionInDays !== 365,
    );
    expect(shortLived).toEqual([]);
    prod.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
  });
});

describe('cdk-nag', () => {
  it('reports nothing unacknowledged for the fixture (synth would have thrown)', () => {
    // Prepare
    const ackKey = 'aws:cdk:acknowledged-rules';

    // Act
    const acknowledged = synth.stack.node.findAll().filter((c) => c.node.metadata.some((m) => m.type === ackKey));

    // Assess
    expect(synth.synthSeconds).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(0);
  });

  it('fails the synth for a finding nobody acknowledged', async () => {
    // Prepare
    const { createStepsterApp } = await import('../../infra/stepster-app.js');
    const built = await createStepsterApp({
      app: new App(),
      stage: 'nag',
      definitionsFile: 'test/infra/fixtures/deploy-definitions.ts',
    });
    const role = new iam.Role(built.stack, 'Careless', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));

    // Act
    const act = () => built.app.synth();

    // Assess
    expect(act).toThrow();
  }, 120_000);
});

describe('stages', () => {
  it('deploy only the jobs a stage selects, with the schedules and sensors that concern them', async () => {
    // Prepare
    const { createStepsterApp } = await import('../../infra/stepster-app.js');

    // Act
    const built = await createStepsterApp({
      app: new App(),
      stage: 'lean',
      definitionsFile: 'test/infra/fixtures/deploy-definitions.ts',
      nag: false,
    });

    // Assess
    expect([...built.stack.jobs.keys()]).toEqual(['diamond_job']);
    expect(built.stack.schedules).toBeUndefined();
    expect(built.definitions.sensors.map((sensor) => sensor.name)).toEqual([
      'on_any_failure',
      'on_diamond_success',
      'on_canceled',
    ]);
  }, 120_000);
});

describe('fixture', () => {
  it('deploys every job of the Definitions', () => {
    // Prepare
    const names = fixture.jobs.map((j) => j.name).sort();

    // Act
    const deployed = [...synth.stack.jobs.keys()].sort();

    // Assess
    expect(deployed).toEqual(names);
  });
});
