import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { JobDefinition } from '../../shared/definitions/job-definition.js';
import { s3ObjectAccessOf } from '../../shared/definitions/s3-object-access.js';
import { acknowledge, policyHolder } from './nag-reasons.js';

/**
 * Grants each op function of `job` its objects in the buckets of `s3IoManager({ bucket:
 * EnvVar('DATA_BUCKET') })` managers, as for the stage bucket: `s3:PutObject` on its own
 * outputs' keys, `s3:GetObject` on its inputs' keys, in the bucket the variable names when
 * `cdk synth` runs (`values`; the function gets the same value in its environment). The bucket
 * itself is the user's: it is neither made nor changed here.
 *
 * @throws Error naming the op, the resource and the fix when the variable has no value
 * @example
 * grantEnvVarBuckets(salesJob, stepsterJob.opFunctions, definitions.resources, resourceEnvironment);
 */
export function grantEnvVarBuckets(
  job: JobDefinition,
  functions: ReadonlyMap<string, iam.IGrantable>,
  resources: Readonly<Record<string, unknown>>,
  values: Readonly<Record<string, string>>,
): void {
  for (const [node, accesses] of s3ObjectAccessOf(job, resources)) {
    const fn = functions.get(node);
    if (fn === undefined) continue;
    for (const { resourceKey, manager, writes, reads } of accesses) {
      const envVar = manager.bucketEnvVar;
      if (envVar === undefined) continue;
      const bucket = values[envVar.name];
      if (bucket === undefined || bucket === '') {
        throw new Error(
          `op "${node}" of job "${job.name}" stores or loads outputs through resource "${resourceKey}", whose bucket reads ${envVar.name}, which is not set: export ${envVar.name}=<bucket> before cdk synth/deploy or pass -c env.${envVar.name}=<bucket>.`,
        );
      }
      const objects = (keys: readonly string[]) => keys.map((key) => `arn:${Aws.PARTITION}:s3:::${bucket}/${key}`);
      if (writes.length > 0) {
        iam.Grant.addToPrincipal({ grantee: fn, actions: ['s3:PutObject'], resourceArns: objects(writes) });
      }
      if (reads.length > 0) {
        iam.Grant.addToPrincipal({ grantee: fn, actions: ['s3:GetObject'], resourceArns: objects(reads) });
      }
      const holder = policyHolder(fn);
      if (holder === undefined) continue;
      for (const key of [...writes, ...reads]) {
        acknowledge(
          holder,
          `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${bucket}/${key}]`,
          'The one wildcard stands for the run id (and a mapping key), known only at run time; the key pattern names the step and the output, so a function reaches only its own outputs and its inputs.',
        );
      }
    }
  }
}
