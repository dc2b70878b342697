// Logging resources of a stage, on stacks built from small Definitions with stand-in bundles:
// CloudWatch loggers' log groups and grants, Lambda's advanced logging controls, the logs
// KMS key, the saved Logs Insights queries and the shared layer.
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { parseApplicationLogLevel } from '../../infra/stepster-app.js';
import { StepsterStack, type StepsterStackProps } from '../../infra/stepster-stack.js';
import { Definitions } from '../../shared/definitions/definitions.js';
import { In } from '../../shared/definitions/in.js';
import { job } from '../../shared/definitions/graph-definition.js';
import { op } from '../../shared/definitions/op-definition.js';
import { makeCloudwatchLogger } from '../../shared/loggers/cloudwatch-logger.js';
import { fakeBundles } from './support/fake-bundles.js';

const prodLogs = makeCloudwatchLogger({ logGroupName: '/stepster/prod_logs' });
const extract = op({ name: 'extract' }, async () => 1);
const load = op({ name: 'load', ins: { x: In() } }, async (_context, { x }) => x);
const loggedJob = job({ name: 'logged_job', loggerDefs: { cloudwatch: prodLogs } }, () => {
  load(extract());
});
const alsoLoggedJob = job({ name: 'also_logged_job', loggerDefs: { cw: prodLogs } }, () => {
  extract();
});
const plainJob = job({ name: 'plain_job' }, () => {
  extract();
});

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

function stackOf(
  definitions: Definitions,
  stage: string,
  extra: Partial<StepsterStackProps> = {},
  app = new App(),
): StepsterStack {
  const opNames = [...new Set(definitions.jobs.flatMap((j) => j.nodes.map((n) => n.op.name)))];
  return new StepsterStack(app, `stepster-${stage}`, { ...extra, definitions, bundles: fakeBundles(opNames), stage });
}

function statementsOf(template: Template, functionName: string): Statement[] {
  const fns = template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: functionName } });
  const role = (Object.values(fns)[0]!.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

function loggerStatements(template: Template, functionName: string): Statement[] {
  return statementsOf(template, functionName).filter((s) => JSON.stringify(s.Resource).includes('/stepster/prod_logs'));
}

const groupArn = (suffix: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':logs:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:log-group:/stepster/prod_logs${suffix}`,
    ],
  ],
});

describe('CloudWatch logger log groups', () => {
  it('are created once per name for the stage’s jobs, kept a year in prod and two weeks elsewhere', () => {
    // Prepare
    const definitions = new Definitions({ jobs: [loggedJob, alsoLoggedJob, plainJob] });

    // Act
    const prod = Template.fromStack(stackOf(definitions, 'prod'));
    const dev = Template.fromStack(stackOf(definitions, 'dev'));

    // Assess
    const prodGroups = prod.findResources('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/stepster/prod_logs' },
    });
    expect(Object.values(prodGroups).map((g) => [g.Properties.RetentionInDays, g.DeletionPolicy])).toEqual([
      [365, 'Retain'],
    ]);
    const devGroups = dev.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: '/stepster/prod_logs' } });
    expect(Object.values(devGroups).map((g) => [g.Properties.RetentionInDays, g.DeletionPolicy])).toEqual([
      [14, 'Delete'],
    ]);
  });

  it('are not created for a stage whose jobs do not use them', () => {
    // Prepare
    const definitions = new Definitions({ jobs: [loggedJob, plainJob], stages: { dev: { jobs: ['plain_job'] } } });

    // Act
    const template = Template.fromStack(stackOf(definitions.forStage('dev'), 'dev'));

    // Assess
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { LogGroupName: '/stepster/prod_logs' }, 0);
  });

  it('may be written only by the op functions of the jobs using them: CreateLogStream on the group, PutLogEvents on its streams', () => {
    // Prepare
    const definitions = new Definitions({ jobs: [loggedJob, plainJob] });

    // Act
    const template = Template.fromStack(stackOf(definitions, 'prod'));

    // Assess
    for (const fn of ['stepster-prod-logged_job-extract', 'stepster-prod-logged_job-load']) {
      expect(loggerStatements(template, fn)).toEqual([
        { Effect: 'Allow', Action: 'logs:CreateLogStream', Resource: groupArn(':*') },
        { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: groupArn(':log-stream:*') },
      ]);
    }
    for (const fn of [
      'stepster-prod-logged_job-run-start',
      'stepster-prod-logged_job-run-end',
      'stepster-prod-plain_job-extract',
      'stepster-prod-lifecycle',
    ]) {
      expect(loggerStatements(template, fn)).toEqual([]);
    }
  });

  it('are encrypted with an app’s KMS key, whose policy lets CloudWatch Logs use it for the stage’s log groups only', () => {
    // Prepare
    const app = new App();
    const key = new kms.Key(new Stack(app, 'keys'), 'LogsKey', { enableKeyRotation: true });

    // Act
    const stack = stackOf(new Definitions({ jobs: [loggedJob] }), 'prod', { logsEncryptionKey: key }, app);

    // Assess
    const template = Template.fromStack(stack);
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    const functionAndLoggerGroups = groups.filter(
      (g) => !JSON.stringify(g.Properties.LogGroupName).includes('vendedlogs'),
    );
    expect(functionAndLoggerGroups.every((g) => g.Properties.KmsKeyId !== undefined)).toBe(true);
    const keyPolicy = Template.fromStack(Stack.of(key)).findResources('AWS::KMS::Key');
    const statements = Object.values(keyPolicy)[0]?.Properties.KeyPolicy.Statement as Record<string, unknown>[];
    const forLogs = statements.find((s) => JSON.stringify(s.Principal).includes('logs.'));
    expect(forLogs?.Action).toEqual([
      'kms:Encrypt*',
      'kms:Decrypt*',
      'kms:ReEncrypt*',
      'kms:GenerateDataKey*',
      'kms:Describe*',
    ]);
    const arns = JSON.stringify(
      (forLogs!.Condition as { ArnLike: Record<string, unknown> }).ArnLike['kms:EncryptionContext:aws:logs:arn'],
    );
    expect(arns).toContain(':log-group:/stepster/prod_logs');
    expect(arns).toContain(':log-group:/aws/lambda/stepster-prod-logged_job-extract');
    expect(arns).not.toContain('log-group:*');
  });

  it('use a key given by ARN (-c logsKmsKeyArn), and the synth warns that its policy must allow CloudWatch Logs', () => {
    // Prepare
    const keyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

    // Act
    const stack = stackOf(new Definitions({ jobs: [loggedJob] }), 'prod', { logsKmsKeyArn: keyArn });

    // Assess
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/stepster/prod_logs',
      KmsKeyId: keyArn,
    });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('key policy cannot be changed here'));
  });

  it('fails when logsKmsKeyArn is not a KMS key ARN', () => {
    // Prepare
    const definitions = new Definitions({ jobs: [loggedJob] });

    // Act
    const act = () => stackOf(definitions, 'prod', { logsKmsKeyArn: 'alias/logs' });

    // Assess
    expect(act).toThrow(/logsKmsKeyArn "alias\/logs" is not a KMS key ARN: pass -c logsKmsKeyArn=arn:aws:kms:/);
  });

  it('fails when a CloudWatch logger has no logGroupName, naming the job, the logger and the fix', () => {
    // Prepare
    const unnamed = job({ name: 'unnamed_job', loggerDefs: { audit: makeCloudwatchLogger() } }, () => {
      extract();
    });

    // Act
    const act = () => stackOf(new Definitions({ jobs: [unnamed] }), 'prod');

    // Assess
    expect(act).toThrow(
      /job "unnamed_job": CloudWatch logger "audit" has no log group.*makeCloudwatchLogger\(\{ logGroupName: /,
    );
  });
});

describe('Lambda advanced logging controls', () => {
  it('log JSON at DEBUG in dev and INFO in prod, system logs at WARN, for every function', () => {
    // Prepare
    const definitions = new Definitions({ jobs: [loggedJob] });

    // Act
    const dev = Template.fromStack(stackOf(definitions, 'dev'));
    const prod = Template.fromStack(stackOf(definitions, 'prod'));

    // Assess
    const configs = (template: Template) =>
      new Set(
        Object.values(template.findResources('AWS::Lambda::Function')).map((fn) =>
          JSON.stringify({ ...fn.Properties.LoggingConfig, LogGroup: undefined }),
        ),
      );
    expect([...configs(dev)]).toEqual([
      JSON.stringify({ ApplicationLogLevel: 'DEBUG', LogFormat: 'JSON', SystemLogLevel: 'WARN' }),
    ]);
    expect([...configs(prod)]).toEqual([
      JSON.stringify({ ApplicationLogLevel: 'INFO', LogFormat: 'JSON', SystemLogLevel: 'WARN' }),
    ]);
  });

  it('take the application level from -c logLevel (Dagster’s words too)', () => {
    // Prepare
    const level = parseApplicationLogLevel('warning');

    // Act
    const template = Template.fromStack(
      stackOf(new Definitions({ jobs: [plainJob] }), 'prod', { applicationLogLevel: level }),
    );

    // Assess
    expect(level).toBe(lambda.ApplicationLogLevel.WARN);
    template.allResourcesProperties('AWS::Lambda::Function', {
      LoggingConfig: Match.objectLike({ ApplicationLogLevel: 'WARN', LogFormat: 'JSON' }),
    });
  });

  it('fails when -c logLevel is not a Lambda level', () => {
    // Prepare
    const text = 'verbose';

    // Act
    const act = () => parseApplicationLogLevel(text);

    // Assess
    expect(act).toThrow(
      'logLevel "verbose" is not a Lambda application log level: use one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL',
    );
  });
});

describe('Logs Insights queries', () => {
  it('save "errors by run" and "one run’s logs" under stepster/<stage>/ over the function and logger groups', () => {
    // Prepare
    const definitions = new Definitions({ jobs: [loggedJob, plainJob] });

    // Act
    const template = Template.fromStack(stackOf(definitions, 'prod'));

    // Assess
    const queries = Object.values(template.findResources('AWS::Logs::QueryDefinition')).map((q) => q.Properties);
    expect(queries.map((q) => q.Name).sort()).toEqual(['stepster/prod/errors by run', "stepster/prod/one run's logs"]);
    const errors = queries.find((q) => q.Name === 'stepster/prod/errors by run');
    expect(errors.QueryString).toMatch(/level in \["ERROR", "CRITICAL", "FATAL"\]/);
    expect(errors.QueryString).toMatch(/by runId/);
    expect(errors.LogGroupNames).toEqual(
      expect.arrayContaining([
        '/stepster/prod_logs',
        '/aws/lambda/stepster-prod-logged_job-load',
        '/aws/lambda/stepster-prod-lifecycle',
      ]),
    );
    const runLogs = queries.find((q) => q.Name === "stepster/prod/one run's logs");
    expect(runLogs.QueryString).toMatch(/filter runId = "RUN_ID"[\s\S]*sort @timestamp asc/);
  });

  it('are saved in parts of at most 50 log groups, the most one query reads', () => {
    // Prepare
    const many = Array.from({ length: 50 }, (_, i) => op({ name: `op_${i}` }, async () => i));
    const wide = job({ name: 'wide_job' }, () => {
      for (const o of many) o();
    });

    // Act
    const template = Template.fromStack(stackOf(new Definitions({ jobs: [wide, loggedJob] }), 'prod'));

    // Assess
    const errors = Object.values(template.findResources('AWS::Logs::QueryDefinition'))
      .map((q) => q.Properties)
      .filter((q) => String(q.Name).startsWith('stepster/prod/errors by run'));
    expect(errors.map((q) => q.Name)).toEqual([
      'stepster/prod/errors by run (1 of 2)',
      'stepster/prod/errors by run (2 of 2)',
    ]);
    // 50 + 2 functions of wide_job, 4 of logged_job, the lifecycle function and the logger's group.
    expect(errors.map((q) => q.LogGroupNames.length)).toEqual([50, 8]);
  });
});

describe('shared layer', () => {
  it('is one Node.js 24 arm64 layer that every function of the stack uses', () => {
    // Prepare
    const definitions = new Definitions({ jobs: [loggedJob, plainJob] });

    // Act
    const template = Template.fromStack(stackOf(definitions, 'prod'));

    // Assess
    const layers = template.findResources('AWS::Lambda::LayerVersion');
    expect(
      Object.values(layers).map((l) => [l.Properties.CompatibleRuntimes, l.Properties.CompatibleArchitectures]),
    ).toEqual([[['nodejs24.x'], ['arm64']]]);
    template.allResourcesProperties('AWS::Lambda::Function', { Layers: [{ Ref: Object.keys(layers)[0] }] });
  });
});
