import type { AnyAssetDefinition } from './asset-definition.js';
import { assetOutputName, assetSpecsOf } from './asset-specs-of.js';

/**
 * Where an upstream asset that an asset job loads but does not run keeps its value: the step
 * and output of the asset's own step (in whichever job materialized it), and the IO manager
 * key of that output. What the CDK app needs to grant the reading function that object.
 */
export interface LoadedAssetSource {
  readonly step: string;
  readonly output: string;
  /** The output's `Out({ ioManagerKey })`; absent for the default `io_manager`. */
  readonly ioManagerKey?: string;
}

/**
 * Upstream asset key → its source, for every `ins` of the `selected` assets whose upstream is
 * not selected but is among `assets` (the Definitions'). An upstream no definition materializes
 * (an external asset) has no source here: nothing of ours stored it.
 *
 * @example
 * loadedAssetSourcesOf([salesReport], [rawSales, salesReport]);
 * // { raw_sales: { step: 'raw_sales', output: 'result' } }
 */
export function loadedAssetSourcesOf(
  selected: readonly AnyAssetDefinition[],
  assets: readonly AnyAssetDefinition[],
): Record<string, LoadedAssetSource> {
  const selectedKeys = new Set(selected.flatMap((definition) => assetSpecsOf(definition).map((spec) => spec.key)));
  const sources: Record<string, LoadedAssetSource> = {};
  for (const definition of selected) {
    for (const upKey of Object.values(definition.asset.ins)) {
      if (selectedKeys.has(upKey) || upKey in sources) continue;
      for (const upstream of assets) {
        const spec = assetSpecsOf(upstream).find((candidate) => candidate.key === upKey);
        if (spec === undefined) continue;
        const output = assetOutputName(spec);
        const ioManagerKey = upstream.outs[output]?.ioManagerKey;
        sources[upKey] = { step: upstream.name, output, ...(ioManagerKey !== undefined ? { ioManagerKey } : {}) };
        break;
      }
    }
  }
  return sources;
}
