import { DEFAULT_IO_MANAGER_KEY } from '../resources/io-manager.js';
import { S3IoManager } from '../resources/s3-io-manager.js';
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
  // A mapped node's steps are `process[<key>]`, a dynamic output's items `items[<key>]`: the
  // mapping key is a run-time value too, so it takes a wildcard like the run id.
  const stepOf = (node: string) => (job.node(node).mappedInput === undefined ? node : `${node}[*]`);
  const storedOf = (node: string, output: string) =>
    job.node(node).op.outs[output]?.dynamic === true ? `${output}[*]` : output;
  const stageKey = (ioManagerKey: string | undefined, step: string, output: string): string | undefined => {
    const manager = resources[ioManagerKey ?? DEFAULT_IO_MANAGER_KEY];
    if (!(manager instanceof S3IoManager) || !manager.usesStageBucket) return undefined;
    return [manager.prefix, '*', step, output].filter((part) => part !== '').join('/');
  };
  const keyOf = (node: string, output: string) =>
    stageKey(job.node(node).op.outs[output]?.ioManagerKey, stepOf(node), storedOf(node, output));
  // An upstream asset the job loads without running it: its own step's key, in the run that materialized it.
  const loadedKeyOf = (assetKey: string) => {
    const source = job.loadedAssetSources[assetKey];
    return source && stageKey(source.ioManagerKey, source.step, source.output);
  };
  const access = new Map<string, StageBucketAccess>();
  for (const node of job.nodes) {
    const writes = Object.keys(node.op.outs).flatMap((output) => keyOf(node.name, output) ?? []);
    const loaded = Object.entries(node.op.asset?.ins ?? {}).filter(([input]) => node.inputs[input] === undefined);
    const reads = [
      ...Object.values(node.inputs).flatMap((input) => keyOf(input.node, input.output) ?? []),
      ...loaded.flatMap(([, assetKey]) => loadedKeyOf(assetKey) ?? []),
    ];
    if (writes.length > 0 || reads.length > 0) access.set(node.name, { writes, reads: [...new Set(reads)] });
  }
  return access;
}
