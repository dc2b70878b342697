import { DEFAULT_IO_MANAGER_KEY } from '../resources/io-manager.js';
import { S3IoManager } from '../resources/s3-io-manager.js';
import type { JobDefinition } from './job-definition.js';

/** The object keys (IAM resource patterns inside one S3 IO manager's bucket) one op function writes and reads. */
export interface S3ObjectAccess {
  /** The IO manager's resource key. */
  readonly resourceKey: string;
  readonly manager: S3IoManager;
  /** `<prefix>/*\/<its step>/<output>`, one per output it stores through this manager. */
  readonly writes: readonly string[];
  /**
   * `<prefix>/*\/<upstream step>/<output>`, one per input it loads through this manager: from a
   * step of its run, or (an asset step) from the last materialization of an upstream asset its
   * job does not run, stored by that asset's step in another run.
   */
  readonly reads: readonly string[];
}

/**
 * Node → the objects its function stores and loads through each S3 IO manager of `resources`:
 * what the CDK app grants, and nothing more. Run ids are not known at deploy time, so each key
 * pattern has one `*` for them; a re-execution reads its parent run's objects under the same
 * patterns. Nodes that touch no S3 IO manager are absent.
 *
 * @example
 * s3ObjectAccessOf(etl, { io_manager: s3IoManager({ bucket: EnvVar('DATA_BUCKET') }) });
 * // Map { 'load' => [{ resourceKey: 'io_manager', writes: ['stepster/*\/load/result'], reads: ['stepster/*\/extract/result'] }] }
 */
export function s3ObjectAccessOf(
  job: JobDefinition,
  resources: Readonly<Record<string, unknown>>,
): Map<string, S3ObjectAccess[]> {
  // A mapped node's steps are `process[<key>]`, a dynamic output's items `items[<key>]`: the
  // mapping key is a run-time value too, so it takes a wildcard like the run id.
  const stepOf = (node: string) => (job.node(node).mappedInput === undefined ? node : `${node}[*]`);
  const storedOf = (node: string, output: string) =>
    job.node(node).op.outs[output]?.dynamic === true ? `${output}[*]` : output;
  type Key = { readonly resourceKey: string; readonly manager: S3IoManager; readonly key: string };
  const s3Key = (ioManagerKey: string | undefined, step: string, output: string): Key[] => {
    const resourceKey = ioManagerKey ?? DEFAULT_IO_MANAGER_KEY;
    const manager = resources[resourceKey];
    if (!(manager instanceof S3IoManager)) return [];
    return [{ resourceKey, manager, key: [manager.prefix, '*', step, output].filter((p) => p !== '').join('/') }];
  };
  const keyOf = (node: string, output: string) =>
    s3Key(job.node(node).op.outs[output]?.ioManagerKey, stepOf(node), storedOf(node, output));
  // An upstream asset the job loads without running it: its own step's key, in the run that materialized it.
  const loadedKeyOf = (assetKey: string) => {
    const source = job.loadedAssetSources[assetKey];
    return source ? s3Key(source.ioManagerKey, source.step, source.output) : [];
  };
  const access = new Map<string, S3ObjectAccess[]>();
  for (const node of job.nodes) {
    const writes = Object.keys(node.op.outs).flatMap((output) => keyOf(node.name, output));
    const loaded = Object.entries(node.op.asset?.ins ?? {}).filter(([input]) => node.inputs[input] === undefined);
    const reads = [
      ...Object.values(node.inputs).flatMap((input) => keyOf(input.node, input.output)),
      ...loaded.flatMap(([, assetKey]) => loadedKeyOf(assetKey)),
    ];
    const byManager = new Map<
      string,
      { resourceKey: string; manager: S3IoManager; writes: string[]; reads: string[] }
    >();
    const add = (kind: 'writes' | 'reads', keys: readonly Key[]) => {
      for (const { resourceKey, manager, key } of keys) {
        let entry = byManager.get(resourceKey);
        if (entry === undefined) {
          entry = { resourceKey, manager, writes: [], reads: [] };
          byManager.set(resourceKey, entry);
        }
        if (!entry[kind].includes(key)) entry[kind].push(key);
      }
    };
    add('writes', writes);
    add('reads', reads);
    if (byManager.size > 0) access.set(node.name, [...byManager.values()]);
  }
  return access;
}
