// s3IoManager({ bucket: EnvVar('DATA_BUCKET') }) deployed: a bucket per stage of the user's own,
// named where `cdk synth` runs. Asserted on the synthesized template, with cdk-nag's AwsSolutions rules.
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvVar, In, job, Out, op, s3IoManager } from 'stepster';
import { StepsterStack } from '../../infra/stepster-stack.js';
import { Definitions } from '../../shared/definitions/definitions.js';
import { fakeBundles } from './support/fake-bundles.js';
import { type IamStatement, statementsOfRole } from './support/iam-statements.js';

// extract stores rows in the DATA_BUCKET bucket and its summary in the event log; load reads
// rows; audit reads the summary only.
const extract = op({ name: 'extract', out: { rows: Out({ ioManagerKey: 'lake' }), summary: Out() } }, async () => ({
  rows: [1],
  summary: 'one row',
}));
const load = op({ name: 'load', ins: { rows: In() } }, async () => 1);
const audit = op({ name: 'audit', ins: { summary: In() } }, async () => 1);
const etl = job({ name: 'etl' }, () => {
  const { rows, summary } = extract();
  load(rows);
  audit(summary);
});
const definitions = new Definitions({
  jobs: [etl],
  resources: { lake: s3IoManager({ bucket: EnvVar('DATA_BUCKET'), prefix: 'outputs' }) },
});

function synth(env: Record<string, string | undefined>) {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'stepster-cdk-')) });
  const stack = new StepsterStack(app, 'stepster-lake', {
    definitions,
    bundles: fakeBundles(['extract', 'load', 'audit']),
    stage: 'lake',
    resourceEnv: env,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  app.synth();
  return Template.fromStack(stack);
}

function functionNamed(template: Template, name: string) {
  const fn = Object.values(template.findResources('AWS::Lambda::Function')).find(
    (resource) => resource.Properties?.FunctionName === name,
  );
  if (fn === undefined) throw new Error(`no function ${name} in the template`);
  return fn;
}

function s3Statements(template: Template, functionName: string): IamStatement[] {
  const role = (functionNamed(template, functionName).Properties?.Role as { 'Fn::GetAtt'?: [string, string] })?.[
    'Fn::GetAtt'
  ]?.[0];
  if (role === undefined) throw new Error(`function ${functionName} has no role`);
  return statementsOfRole(template, role).filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
}

const objects = (key: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::my-lake-dev/${key}`]],
});

describe("s3IoManager({ bucket: EnvVar('DATA_BUCKET') }) on AWS", () => {
  it('sets DATA_BUCKET on the functions that store or load through it, and grants each its own objects there', () => {
    // Act
    const template = synth({ DATA_BUCKET: 'my-lake-dev' });

    // Assess
    const variables = (name: string) => functionNamed(template, name).Properties?.Environment?.Variables ?? {};
    expect(variables('stepster-lake-etl-extract')).toMatchObject({ DATA_BUCKET: 'my-lake-dev' });
    expect(variables('stepster-lake-etl-load')).toMatchObject({ DATA_BUCKET: 'my-lake-dev' });
    expect(variables('stepster-lake-etl-audit')).not.toHaveProperty('DATA_BUCKET');
    expect(s3Statements(template, 'stepster-lake-etl-extract')).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: objects('outputs/*/extract/rows') },
    ]);
    expect(s3Statements(template, 'stepster-lake-etl-load')).toEqual([
      { Action: 's3:GetObject', Effect: 'Allow', Resource: objects('outputs/*/extract/rows') },
    ]);
    expect(s3Statements(template, 'stepster-lake-etl-audit')).toEqual([]);
    // The bucket is the user's: no stage bucket is made for it.
    template.resourceCountIs('AWS::S3::Bucket', 0);
  });

  it('refuses to synth without DATA_BUCKET, naming the op, the resource, the field and the fix', () => {
    // Act
    const act = () => synth({});

    // Assess
    expect(act).toThrow(
      'op "extract" of job "etl" requires resource "lake", whose config field "bucket" reads DATA_BUCKET, which is not set: export DATA_BUCKET before cdk synth/deploy or pass -c env.DATA_BUCKET=<value>.',
    );
  });
});
