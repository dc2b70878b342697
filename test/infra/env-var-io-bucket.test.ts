// s3IoManager({ bucket: EnvVar('DATA_BUCKET') }) deployed: a bucket per stage of the user's own,
// named where `cdk synth` runs. Asserted on the synthesized template, with cdk-nag's AwsSolutions rules.
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { EnvVar, s3IoManager } from 'stepster';
import { Definitions } from '../../shared/definitions/definitions.js';
import { etl, functionNamed, s3Statements, synthIoStack } from './support/io-manager-stack.js';

// extract stores rows through io_manager (the DATA_BUCKET bucket) and its summary through
// small_io (the event log); load reads rows; audit reads the summary only.
const definitions = new Definitions({
  jobs: [etl],
  resources: { io_manager: s3IoManager({ bucket: EnvVar('DATA_BUCKET'), prefix: 'outputs' }), small_io: {} },
});

function synth(env: Record<string, string | undefined>): Template {
  return synthIoStack(definitions, { stage: 'lake', resourceEnv: env }).template;
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
    for (const fn of ['extract', 'load', 'audit']) {
      expect(variables(`stepster-lake-etl-${fn}`)).toMatchObject({ DATA_BUCKET: 'my-lake-dev' });
    }
    expect(s3Statements(template, 'stepster-lake-etl-extract')).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: objects('outputs/*/extract/rows') },
    ]);
    expect(s3Statements(template, 'stepster-lake-etl-load')).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: objects('outputs/*/load/result') },
      { Action: 's3:GetObject', Effect: 'Allow', Resource: objects('outputs/*/extract/rows') },
    ]);
    // audit reads "summary", which the event log holds: it may write its own result only.
    expect(s3Statements(template, 'stepster-lake-etl-audit')).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: objects('outputs/*/audit/result') },
    ]);
    // The job's other functions (run start and end, gates) and the lifecycle's store no output.
    const others = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (fn) => !['extract', 'load', 'audit'].some((op) => fn.Properties?.FunctionName === `stepster-lake-etl-${op}`),
    );
    expect(others.length).toBeGreaterThan(0);
    for (const fn of others) expect(fn.Properties?.Environment?.Variables ?? {}).not.toHaveProperty('DATA_BUCKET');
    // The bucket is the user's: no stage bucket is made for it.
    template.resourceCountIs('AWS::S3::Bucket', 0);
  });

  it('refuses to synth without DATA_BUCKET, naming the op, the resource, the field and the fix', () => {
    // Act
    const act = () => synth({});

    // Assess
    expect(act).toThrow(
      'op "extract" of job "etl" requires resource "io_manager", whose config field "bucket" reads DATA_BUCKET, which is not set: export DATA_BUCKET before cdk synth/deploy or pass -c env.DATA_BUCKET=<value>.',
    );
  });
});
