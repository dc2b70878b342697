// The stage's IO manager bucket (issue 12, item 5): what `s3IoManager({ bucket: S3_IO_MANAGER_BUCKET })`
// becomes on AWS, asserted on the synthesized template, with cdk-nag's AwsSolutions rules applied.
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  AssetIn,
  AssetOut,
  asset,
  DynamicOut,
  defineAssetJob,
  In,
  job,
  multiAsset,
  op,
  S3_IO_MANAGER_BUCKET,
  s3IoManager,
} from 'stepster';
import { Definitions } from '../../shared/definitions/definitions.js';
import { StepsterEnv } from '../../shared/environment/environment-variable.js';
import { audit, etl, extract, s3Statements, synthIoStack } from './support/io-manager-stack.js';

const unrelated = job({ name: 'unrelated' }, () => {
  audit(extract().summary);
});

function synth(definitions: Definitions, context: Record<string, unknown> = {}) {
  return synthIoStack(definitions, { context });
}

function stageBucketDefinitions(jobs = [etl]) {
  return new Definitions({
    jobs,
    resources: { io_manager: s3IoManager({ bucket: S3_IO_MANAGER_BUCKET, prefix: 'outputs' }), small_io: {} },
  });
}

function bucketLogicalId(template: Template): string {
  const [id] = Object.keys(template.findResources('AWS::S3::Bucket'));
  return id ?? '';
}

describe('the stage IO manager bucket', () => {
  it('is made once per stage, encrypted, private, TLS only, unversioned, expiring outputs after 30 days; cdk-nag clean', () => {
    // Act
    const { template } = synth(stageBucketDefinitions());

    // Assess
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'expire-outputs',
            ExpirationInDays: 30,
            Status: 'Enabled',
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    });
    const bucket = Object.values(template.findResources('AWS::S3::Bucket'))[0];
    expect(bucket?.Properties?.VersioningConfiguration).toBeUndefined();
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy'))[0];
    expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
  });

  it('takes the expiry from -c ioOutputExpirationDays', () => {
    // Act
    const { template } = synth(stageBucketDefinitions(), { ioOutputExpirationDays: '7' });

    // Assess
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'expire-outputs',
            ExpirationInDays: 7,
            Status: 'Enabled',
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    });
  });

  it('grants each op PutObject on its own outputs and GetObject on its inputs only, and names the bucket in its environment', () => {
    // Prepare
    const { template } = synth(stageBucketDefinitions());
    const id = bucketLogicalId(template);
    const objects = (key: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, `/${key}`]] });

    // Act
    const extractS3 = s3Statements(template, 'stepster-io-etl-extract');
    const loadS3 = s3Statements(template, 'stepster-io-etl-load');
    const auditS3 = s3Statements(template, 'stepster-io-etl-audit');

    // Assess
    expect(extractS3).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: objects('outputs/*/extract/rows') },
    ]);
    expect(loadS3).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: objects('outputs/*/load/result') },
      { Action: 's3:GetObject', Effect: 'Allow', Resource: objects('outputs/*/extract/rows') },
    ]);
    // audit reads "summary", which another (non-S3) IO manager holds: it may write its own result only.
    expect(auditS3).toEqual([{ Action: 's3:PutObject', Effect: 'Allow', Resource: objects('outputs/*/audit/result') }]);
    const withBucket = Object.values(template.findResources('AWS::Lambda::Function'))
      .filter((fn) => StepsterEnv.IO_BUCKET in (fn.Properties?.Environment?.Variables ?? {}))
      .map((fn) => fn.Properties?.FunctionName)
      .sort();
    expect(withBucket).toEqual(['stepster-io-etl-audit', 'stepster-io-etl-extract', 'stepster-io-etl-load']);
  });

  it('grants a fan-out by wildcard mapping key: the emitter its items, each mapped step its own outputs, the collect all of them', () => {
    // Prepare
    const files = op({ name: 'files', out: { items: DynamicOut() } }, async function* () {});
    const size = op({ name: 'size', ins: { file: In() } }, async () => 1);
    const total = op({ name: 'total', ins: { sizes: In(), all: In() } }, async () => 1);
    const fan = job({ name: 'fan' }, () => {
      const items = files();
      total(items.map(size).collect(), items.collect());
    });
    const { template } = synth(stageBucketDefinitions([fan]));
    const id = bucketLogicalId(template);
    const objects = (key: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, `/${key}`]] });

    // Act
    const [filesS3, sizeS3, totalS3] = ['files', 'size', 'total'].map((n) =>
      s3Statements(template, `stepster-io-fan-${n}`),
    );

    // Assess: the key list `items` stays in the event log, so no grant names it alone
    expect(filesS3).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: objects('outputs/*/files/items[*]') },
    ]);
    expect(sizeS3).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: objects('outputs/*/size[*]/result') },
      { Action: 's3:GetObject', Effect: 'Allow', Resource: objects('outputs/*/files/items[*]') },
    ]);
    expect(totalS3).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: objects('outputs/*/total/result') },
      {
        Action: 's3:GetObject',
        Effect: 'Allow',
        Resource: [objects('outputs/*/size[*]/result'), objects('outputs/*/files/items[*]')],
      },
    ]);
  });

  it('grants an asset step GetObject on the stored value of each upstream asset its job loads but does not run, and on nothing else', () => {
    // Prepare: raw and the multi-asset split run in ingest; report (in its own job) loads raw and split's "right"
    const raw = asset({ key: 'warehouse/raw' }, async () => [1]);
    const split = multiAsset({ name: 'split', outs: { left: AssetOut(), right: AssetOut() } }, async () => ({
      left: 1,
      right: 2,
    }));
    const other = asset({ name: 'other' }, async () => 3);
    const report = asset(
      { name: 'report', ins: { rows: AssetIn('warehouse/raw'), right: AssetIn('right') } },
      async () => 4,
    );
    const definitions = new Definitions({
      assets: [raw, split, other, report],
      jobs: [
        defineAssetJob({ name: 'ingest', selection: ['warehouse/raw', 'left', 'right', 'other'] }),
        defineAssetJob({ name: 'reporting', selection: ['report'] }),
      ],
      resources: { io_manager: s3IoManager({ bucket: S3_IO_MANAGER_BUCKET, prefix: 'outputs' }) },
    });
    const { template } = synth(definitions);
    const id = bucketLogicalId(template);
    const objects = (key: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, `/${key}`]] });

    // Act
    const reportS3 = s3Statements(template, 'stepster-io-reporting-report');

    // Assess: the keys the upstreams' own steps wrote, in whichever run of ingest materialized them
    expect(reportS3).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: objects('outputs/*/report/result') },
      {
        Action: 's3:GetObject',
        Effect: 'Allow',
        Resource: [objects('outputs/*/warehouse__raw/result'), objects('outputs/*/split/right')],
      },
    ]);
  });

  it('is not made when no output uses the stage bucket', () => {
    // Act
    const { template } = synth(
      new Definitions({
        jobs: [unrelated],
        resources: { small_io: {}, io_manager: s3IoManager({ bucket: 'my-own-bucket' }) },
      }),
    );

    // Assess
    template.resourceCountIs('AWS::S3::Bucket', 0);
  });
});
