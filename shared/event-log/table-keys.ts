import { EventLogError } from './event-log-error.js';

/** Sort key of the run item. */
const RUN_SORT_KEY = 'RUN';

/**
 * Node and output names become parts of sort keys separated by `#`; a `#` inside a name
 * would make `O#a#b#c` ambiguous, so it is refused up front.
 */
function keyPart(value: string, field: string): string {
  if (value.length === 0) {
    throw new EventLogError(`${field} is empty: pass the op (node) or output name`);
  }
  if (value.includes('#')) {
    throw new EventLogError(`${field} '${value}' contains '#', which the event table uses as key separator: rename it`);
  }
  return value;
}

/** Builders for the `pk`/`sk` values of every item kind in the event table. */
export const TableKeys = {
  RUN_SORT_KEY,
  runPartition(runId: string): string {
    if (runId.length === 0) throw new EventLogError('runId is empty: pass the run (execution) id');
    return `RUN#${runId}`;
  },
  stepSort(node: string): string {
    return `S#${keyPart(node, 'node')}`;
  },
  STEP_PREFIX: 'S#',
  outputSort(node: string, output: string): string {
    return `O#${keyPart(node, 'node')}#${keyPart(output, 'output name')}`;
  },
  /** Chunk keys carry the content hash so chunks of two different writes never mix. */
  outputChunkSort(node: string, output: string, hash: string, index: number): string {
    return `${TableKeys.outputSort(node, output)}#${hash}#${String(index).padStart(4, '0')}`;
  },
  /** The claim of the attempt a delivery is running (see `AttemptClaim`). */
  claimSort(node: string): string {
    return `C#${keyPart(node, 'node')}`;
  },
  gateSort(node: string): string {
    return `G#${keyPart(node, 'node')}`;
  },
  onceSort(key: string): string {
    if (key.length === 0) throw new EventLogError('putOnce key is empty: pass e.g. `sensor#<name>#<status>`');
    return `X#${key}`;
  },
  jobPartition(jobName: string): string {
    return `JOB#${jobName}`;
  },
  statusPartition(status: string): string {
    return `STATUS#${status}`;
  },
  assetPartition(assetKey: string): string {
    return `ASSET#${assetKey}`;
  },
  /** The partition of the asset registry (one item per asset key with recorded events). */
  ASSET_REGISTRY_PARTITION: 'ASSETS',
  assetRegistrySort(assetKey: string): string {
    return `A#${assetKey}`;
  },
} as const;
