// StepsterJob on its own (Template.fromStack, stand-in bundles): its functions, its state
// machine's logs, the rights each function gets, the rights it gives others, and its checks.
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { EventLogTable, EventTableAccess } from '../../infra/constructs/event-log-table.js';
import { StepsterJob, type StepsterJobProps } from '../../infra/constructs/stepster-job.js';
import type { JobDefinition } from '../../shared/definitions/job-definition.js';
import { job } from '../../shared/definitions/graph-definition.js';
import { op } from '../../shared/definitions/op-definition.js';
import { secret } from '../../shared/secrets/secret-reference.js';
import { diamondJob } from './fixtures/deploy-definitions.js';
import { fakeBundles } from './support/fake-bundles.js';
import { actionsOfRole, statementsOfRole } from './support/iam-statements.js';

// Every function may write its own logs and send its X-Ray traces.
const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

function deployJob(
  definition: JobDefinition,
  props: Partial<Omit<StepsterJobProps, 'job' | 'bundles' | 'table'>> = {},
): { stack: Stack; stepsterJob: StepsterJob; template: () => Template } {
  const stack = new Stack();
  const opNames = [...new Set(definition.nodes.map((node) => node.op.name))];
  const stepsterJob = new StepsterJob(stack, 'Job', {
    job: definition,
    bundles: fakeBundles(opNames),
    table: new EventLogTable(stack, 'Events'),
    namePrefix: 'stepster-unit',
    ...props,
  });
  // Synthesized on first use (after the test's own grants), once: synthesis dominates these tests.
  let template: Template | undefined;
  return { stack, stepsterJob, template: () => (template ??= Template.fromStack(stack)) };
}

describe('StepsterJob functions', () => {
  it('tell each op function which of its children the state machine gates, so it needs no compiler', () => {
    // Prepare: the compiler gates d (A → C, A → D, B → D, B → E is not series-parallel).
    const { stepsterJob, template } = deployJob(diamondJob);
    const variables = (node: string): Record<string, string> => {
      const [fn] = Object.values(
        template().findResources('AWS::Lambda::Function', {
          Properties: { FunctionName: `stepster-unit-diamond_job-${node}` },
        }),
      );
      return (fn?.Properties?.Environment?.Variables ?? {}) as Record<string, string>;
    };

    // Act
    const gatedOf = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((n) => [n, variables(n).STEPSTER_GATED_CHILDREN]));

    // Assess
    expect(stepsterJob.compiled.stats.gatedOps).toEqual(['d']);
    expect(gatedOf).toEqual({ a: 'd', b: 'd', c: ',', d: ',', e: ',' });
  });

  it('give run start, run end and the gate their own handler of the control bundle, 512 MB, the job and the table', () => {
    // Prepare
    const { template } = deployJob(diamondJob, { environment: { STEPSTER_STAGE: 'unit' } });
    const expected = { runStart: 'run-start', runEnd: 'run-end', gate: 'step-gate' };

    // Act
    const functions = Object.entries(expected).map(([handler, suffix]) => ({
      handler,
      found: template().findResources('AWS::Lambda::Function', {
        Properties: { FunctionName: `stepster-unit-diamond_job-${suffix}` },
      }),
    }));

    // Assess
    for (const { handler, found } of functions) {
      expect(Object.values(found)).toEqual([
        expect.objectContaining({
          Properties: expect.objectContaining({
            Handler: `index.${handler}`,
            MemorySize: 512,
            Timeout: 60,
            Environment: {
              Variables: {
                STEPSTER_STAGE: 'unit',
                STEPSTER_TABLE_NAME: { Ref: expect.stringMatching(/^EventsTable/) },
                STEPSTER_JOB: 'diamond_job',
              },
            },
          }),
        }),
      ]);
    }
  });

  it('let each function kind do only what its task needs: its own logs, its event-table actions, releasing gates', () => {
    // Prepare
    const { template } = deployJob(diamondJob);
    const sorted = (...groups: (readonly string[])[]) => groups.flat().sort();

    // Act
    const actions = {
      runStart: actionsOfRole(template(), 'JobRunStart'),
      runEnd: actionsOfRole(template(), 'JobRunEnd'),
      gate: actionsOfRole(template(), 'JobGate'),
      releasingOp: actionsOfRole(template(), 'JobOpa'),
      otherOp: actionsOfRole(template(), 'JobOpc'),
    };

    // Assess
    expect(actions).toEqual({
      runStart: sorted(EventTableAccess.RUN_START, LOGS),
      runEnd: sorted(EventTableAccess.RUN_END, LOGS),
      gate: sorted(EventTableAccess.GATE, LOGS, ['states:SendTaskSuccess']),
      releasingOp: sorted(EventTableAccess.OP, LOGS, ['states:SendTaskSuccess']),
      otherOp: sorted(EventTableAccess.OP, LOGS),
    });
    const ownLogs = statementsOfRole(template(), 'JobRunStart').find((s) => s.Action.includes('logs:PutLogEvents'));
    expect(ownLogs?.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^JobRunStartResourcesLogs/), 'Arn'] });
  });

  it('let only the functions of ops that require a resource read its secrets', () => {
    // Prepare: c and e run `double`, which requires apiKey.
    const resources = { apiKey: secret('stepster-unit/api-key'), unused: secret('stepster-unit/other') };

    // Act
    const { template } = deployJob(diamondJob, { resources });

    // Assess
    const readers = ['JobOpa', 'JobOpb', 'JobOpc', 'JobOpd', 'JobOpe', 'JobRunStart', 'JobRunEnd', 'JobGate'].filter(
      (role) => actionsOfRole(template(), role).includes('secretsmanager:GetSecretValue'),
    );
    expect(readers).toEqual(['JobOpc', 'JobOpe']);
    expect(JSON.stringify(statementsOfRole(template(), 'JobOpc'))).not.toContain('stepster-unit/other');
  });
});

describe('StepsterJob state machine', () => {
  it('sends its execution logs to /aws/vendedlogs/states/<name>, kept two weeks by default', () => {
    // Prepare
    const { template } = deployJob(diamondJob);

    // Act
    const groups = template().findResources('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/aws/vendedlogs/states/stepster-unit-diamond_job' },
    });

    // Assess
    const [groupId] = Object.keys(groups);
    expect(Object.values(groups)).toEqual([
      expect.objectContaining({ Properties: expect.objectContaining({ RetentionInDays: 14 }) }),
    ]);
    template().hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'stepster-unit-diamond_job',
      LoggingConfiguration: {
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [groupId, 'Arn'] } } }],
        IncludeExecutionData: false,
        Level: 'ALL',
      },
    });
  });

  it('keeps its log groups and state machine when the removal policy is RETAIN, for the retention given', () => {
    // Prepare
    const props = { removalPolicy: RemovalPolicy.RETAIN, logRetention: logs.RetentionDays.ONE_YEAR };

    // Act
    const { template } = deployJob(diamondJob, props);

    // Assess
    const groups = Object.values(template().findResources('AWS::Logs::LogGroup'));
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.filter((g) => g.DeletionPolicy !== 'Retain' || g.Properties.RetentionInDays !== 365)).toEqual([]);
    template().hasResource('AWS::StepFunctions::StateMachine', { DeletionPolicy: 'Retain' });
  });

  it('lets others start runs and list executions of this state machine only', () => {
    // Prepare
    const { stack, stepsterJob, template } = deployJob(diamondJob);
    const ci = new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() });

    // Act
    stepsterJob.grantStartExecution(ci);
    stepsterJob.grantListExecutions(ci);

    // Assess
    const statements = statementsOfRole(template(), 'Ci');
    expect(statements.map((s) => s.Action)).toEqual(['states:StartExecution', 'states:ListExecutions']);
    for (const statement of statements) {
      expect(JSON.stringify(statement.Resource)).toMatch(/:stateMachine:stepster-unit-diamond_job"\]\]}$/);
    }
  });
});

describe('large jobs', () => {
  it('put op functions in nested stacks of 100 and scope the invoke permission by the job’s name prefix', () => {
    // Prepare
    const stack = new Stack();
    const step = op({ name: 'step' }, async () => 1);
    const big = job({ name: 'big_job' }, () => {
      for (let i = 0; i < 120; i++) step.alias(`s${i}`)();
    });

    // Act
    new StepsterJob(stack, 'Big', {
      job: big,
      bundles: fakeBundles(['step']),
      table: new EventLogTable(stack, 'Events'),
      namePrefix: 'stepster-unit',
    });

    // Assess
    const root = Template.fromStack(stack);
    root.resourceCountIs('AWS::CloudFormation::Stack', 2);
    root.resourceCountIs('AWS::Lambda::Function', 2);
    root.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'lambda:InvokeFunction',
            Resource: { 'Fn::Join': ['', Match.arrayWith([':function:stepster-unit-big_job-*'])] },
          }),
        ]),
      },
    });
  });
});

describe('StepsterJob validation', () => {
  const emptyOp = op({ name: 'noop' }, async () => 1);
  const smallJob = job({ name: 'small_job' }, () => {
    emptyOp();
  });

  it('fails when the state machine name would pass 80 characters', () => {
    // Prepare
    const stack = new Stack();
    const long = job({ name: `j${'x'.repeat(60)}` }, () => {
      emptyOp();
    });

    // Act
    const act = () =>
      new StepsterJob(stack, 'Job', {
        job: long,
        bundles: fakeBundles(['noop']),
        table: new EventLogTable(stack, 'Events'),
        namePrefix: 'stepster-a-very-long-stage',
      });

    // Assess
    expect(act).toThrow(/state machine name "stepster-a-very-long-stage-jx+" is over Step Functions' 80 characters/);
  });

  it('fails when the name prefix is not usable in Lambda and state machine names, with an example', () => {
    // Prepare
    const namePrefix = 'stepster prod';

    // Act
    const act = () => deployJob(smallJob, { namePrefix });

    // Assess
    expect(act).toThrow(
      `StepsterJob namePrefix "stepster prod" must be 1-40 letters, digits, '-' or '_' (e.g. "stepster-prod").`,
    );
  });

  it('fails when opsPerStack would overflow a nested stack’s 500 resources', () => {
    // Prepare
    const opsPerStack = 200;

    // Act
    const act = () => deployJob(smallJob, { opsPerStack });

    // Assess
    expect(act).toThrow('StepsterJob opsPerStack 200 must be an integer from 1 to 110');
  });
});
