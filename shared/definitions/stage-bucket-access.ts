import { s3ObjectAccessOf } from './s3-object-access.js';
import type { JobDefinition } from './job-definition.js';

/** The object keys (IAM resource patterns inside the stage bucket) one op function writes and reads. */
export interface StageBucketAccess {
  /** `<prefix>/*\/<its step>/<output>`, one per output it stores in the stage bucket. */
  readonly writes: readonly string[];
  /**
   * `<prefix>/*\/<upstream step>/<output>`, one per input it loads from the stage bucket: from a
   * step of its run, or (an asset step) from the last materialization of an upstream asset its
   * job does not run, stored by that asset's step in another run.
   */
  readonly reads: readonly string[];
}

/**
 * Which op functions of `job` touch the stage's IO manager bucket (`s3IoManager({ bucket:
 * S3_IO_MANAGER_BUCKET })`) and on which keys: what the CDK app grants, and nothing more. Run
 * ids are not known at deploy time, so each key pattern has one `*` for them; a re-execution
 * reads its parent run's objects under the same patterns.
 *
 * @example
 * stageBucketAccessOf(etl, { io_manager: s3IoManager({ bucket: S3_IO_MANAGER_BUCKET }) });
 * // Map { 'extract' => { writes: ['stepster/*\/extract/result'], reads: [] }, 'load' => { writes: [...], reads: ['stepster/*\/extract/result'] } }
 */
export function stageBucketAccessOf(
  job: JobDefinition,
  resources: Readonly<Record<string, unknown>>,
): Map<string, StageBucketAccess> {
  const access = new Map<string, StageBucketAccess>();
  for (const [node, managers] of s3ObjectAccessOf(job, resources)) {
    // Several resource keys may name the stage bucket (with other prefixes): one grant set.
    const stage = managers.filter((entry) => entry.manager.usesStageBucket);
    if (stage.length === 0) continue;
    const writes = [...new Set(stage.flatMap((entry) => entry.writes))];
    const reads = [...new Set(stage.flatMap((entry) => entry.reads))];
    access.set(node, { writes, reads });
  }
  return access;
}
