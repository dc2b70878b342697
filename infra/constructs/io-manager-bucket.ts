import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StageBucketAccess } from '../../shared/definitions/stage-bucket-access.js';
import { StepsterEnv } from '../../shared/environment/environment-variable.js';
import { acknowledge, policyHolder } from './nag-reasons.js';

/** Properties of {@link IoManagerBucket}. */
export interface IoManagerBucketProps {
  /** Days after which stored outputs expire (re-execution can reuse them until then). @default 30 */
  readonly expirationDays?: number;
  /** @default the stack's (DESTROY outside prod; a bucket still holding objects is then left behind by CloudFormation) */
  readonly removalPolicy?: RemovalPolicy;
}

/** How long outputs are kept when the stack does not say. */
export const DEFAULT_IO_OUTPUT_EXPIRATION_DAYS = 30;

/**
 * The stage's bucket for `s3IoManager({ bucket: S3_IO_MANAGER_BUCKET })`: S3-managed
 * encryption, TLS only, no public access, no versioning (an output is written once per run and
 * step), objects expiring after `expirationDays`. Each op function gets `s3:PutObject` on its
 * own outputs' keys and `s3:GetObject` on its inputs' keys, nothing else.
 *
 * @example
 * const outputs = new IoManagerBucket(stack, 'IoOutputs', { expirationDays: 7 });
 * outputs.grantStepAccess(opFunction, { writes: ['stepster/*\/extract/result'], reads: [] });
 */
export class IoManagerBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: IoManagerBucketProps = {}) {
    super(scope, id);
    const expirationDays = props.expirationDays ?? DEFAULT_IO_OUTPUT_EXPIRATION_DAYS;
    if (!Number.isInteger(expirationDays) || expirationDays < 1) {
      throw new Error(
        `ioOutputExpirationDays must be a whole number of days, at least 1 (got ${expirationDays}): e.g. -c ioOutputExpirationDays=30`,
      );
    }
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: false,
      lifecycleRules: [
        {
          id: 'expire-outputs',
          expiration: Duration.days(expirationDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      ...(props.removalPolicy !== undefined ? { removalPolicy: props.removalPolicy } : {}),
    });
    acknowledge(
      this.bucket,
      'AwsSolutions-S1',
      "The bucket holds op outputs only, written and read by this stage's op functions under per-step grants; every write and read is already recorded in the event log (HANDLED_OUTPUT and LOADED_INPUT events carry the object URI), and objects expire with the lifecycle rule. Enable CloudTrail S3 data events when an audit trail of other access is required.",
    );
  }

  /** Lets an op function write and read exactly its keys, and names the bucket in its environment. */
  grantStepAccess(
    fn: iam.IGrantable & { addEnvironment(key: string, value: string): unknown },
    access: StageBucketAccess,
  ): void {
    fn.addEnvironment(StepsterEnv.IO_BUCKET, this.bucket.bucketName);
    const grant = (action: string, keys: readonly string[]) => {
      if (keys.length === 0) return;
      iam.Grant.addToPrincipal({
        grantee: fn,
        actions: [action],
        resourceArns: keys.map((key) => this.bucket.arnForObjects(key)),
      });
    };
    grant('s3:PutObject', access.writes);
    grant('s3:GetObject', access.reads);
    const holder = policyHolder(fn);
    if (holder === undefined) return;
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    for (const key of [...access.writes, ...access.reads]) {
      acknowledge(
        holder,
        `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${key}]`,
        'The one wildcard stands for the run id, known only at run time; the key pattern names the step and the output, so a function reaches only its own outputs and its inputs.',
      );
    }
  }
}
