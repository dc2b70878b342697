import type { JobDefinition } from '../definitions/job-definition.js';
import type { PartitionKeysOptions } from '../definitions/partitions/partitions-definition.js';
import { BackfillError } from './backfill-error.js';

/** Which partitions a backfill runs: a range (`from` to `to`, both included) or a list, not both. */
export interface BackfillSelection {
  readonly from?: string;
  readonly to?: string;
  readonly partitionKeys?: readonly string[];
}

/**
 * The keys a backfill of `job` runs, in partition order for a range and as given for a list,
 * each checked against the job's partitions definition (at `currentTime`) before any run
 * starts. A repeated key runs once.
 * @throws BackfillError for an unpartitioned job or a selection that is neither a range nor a list
 * @throws PartitionKeyError naming a key that is not a partition
 */
export function backfillKeys(
  job: JobDefinition,
  selection: BackfillSelection,
  options?: PartitionKeysOptions,
): string[] {
  const def = job.partitionsDef;
  if (def === undefined) {
    throw new BackfillError(
      `job "${job.name}" is not partitioned, so it cannot be backfilled: give it a partitionsDef, or run it with stepster run.`,
    );
  }
  const { from, to, partitionKeys } = selection;
  const range = from !== undefined || to !== undefined;
  if (range && partitionKeys !== undefined) {
    throw new BackfillError('backfill: give either { from, to } or { partitionKeys }, not both.');
  }
  if (range) {
    if (from === undefined || to === undefined) {
      throw new BackfillError(
        `backfill of job "${job.name}": a range needs both "from" and "to" (to included), e.g. { from: '${def.firstKey()}', to: '${def.exampleKey(options)}' }.`,
      );
    }
    return def.getPartitionKeysInRange(from, to, options);
  }
  if (partitionKeys === undefined || partitionKeys.length === 0) {
    throw new BackfillError(
      `backfill of job "${job.name}" selects no partition: give { from, to } or a non-empty { partitionKeys }, e.g. ['${def.exampleKey(options)}'].`,
    );
  }
  for (const key of partitionKeys) def.assertKey(key, 'partitionKeys', options);
  return [...new Set(partitionKeys)];
}
