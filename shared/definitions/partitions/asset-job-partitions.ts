import { DefinitionError } from '../../errors/definition-error.js';
import type { AnyAssetDefinition } from '../asset-definition.js';
import { assetSpecsOf } from '../asset-specs-of.js';
import type { PartitionsDefinition } from './partitions-definition.js';

/**
 * The partitions of an asset job: the one definition its partitioned assets share (unpartitioned
 * assets may ride along, as in Dagster), or the job's own `partitionsDef`, which must then be
 * that same one. Assets with different definitions cannot share a run's one partition key.
 * With `mixed: 'unpartitioned'` (the implicit job of every asset) a mix leaves the job
 * unpartitioned instead; `defineAssetJob` picks one definition's assets to run them.
 */
export function assetJobPartitionsDef(
  jobName: string,
  explicit: PartitionsDefinition | undefined,
  selected: readonly AnyAssetDefinition[],
  mixed: 'refuse' | 'unpartitioned' = 'refuse',
): PartitionsDefinition | undefined {
  const distinct: { def: PartitionsDefinition; keys: string[] }[] = [];
  for (const definition of selected) {
    for (const spec of assetSpecsOf(definition)) {
      const def = spec.partitionsDef;
      if (def === undefined) continue;
      const same = distinct.find((d) => d.def.equals(def));
      if (same) same.keys.push(spec.key);
      else distinct.push({ def, keys: [spec.key] });
    }
  }
  const conflicting = explicit === undefined ? distinct : distinct.filter((d) => !d.def.equals(explicit));
  if (explicit !== undefined && conflicting.length === 0) return explicit;
  if (explicit === undefined && distinct.length <= 1) return distinct[0]?.def;
  if (mixed === 'unpartitioned' && explicit === undefined) return undefined;
  const listed = [
    ...(explicit !== undefined ? [`the job's partitionsDef (${explicit.describe()})`] : []),
    ...conflicting.map((d) => `${d.keys.map((k) => `"${k}"`).join(', ')} (${d.def.describe()})`),
  ];
  throw new DefinitionError(
    `asset job "${jobName}" mixes partitions definitions: ${listed.join('; ')}. A run has one partition key: select assets that share one partitions definition, or make one job per definition.`,
    { subject: jobName },
  );
}
