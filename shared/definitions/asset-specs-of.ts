import type { AnyAssetDefinition } from './asset-definition.js';
import type { AssetSpec } from './asset-spec.js';
import { DEFAULT_OUTPUT_NAME } from './out.js';

/**
 * Every asset a step materializes: one for `asset(...)`, one per out for `multiAsset(...)`.
 * Selection, wiring and the catalog read assets through this, so a multi-asset's second key
 * is as selectable as its first.
 *
 * @example
 * assetSpecsOf(salesAndCosts).map((spec) => spec.key) // → ['sales', 'finance/costs']
 */
export function assetSpecsOf(definition: AnyAssetDefinition): readonly AssetSpec[] {
  return definition.assetSpecs ?? [definition.asset];
}

/** The step output that holds `spec`'s value. */
export function assetOutputName(spec: AssetSpec): string {
  return spec.outputName ?? DEFAULT_OUTPUT_NAME;
}

/** Output name → asset key, for every asset the step materializes. */
export function assetKeysByOutput(definition: AnyAssetDefinition): Record<string, string> {
  return Object.fromEntries(assetSpecsOf(definition).map((spec) => [assetOutputName(spec), spec.key]));
}

/**
 * Whether a node's step may read the asset index (the latest version or stored value of an
 * upstream): an asset step with any `ins` or `deps`. The CDK app grants its function Query on
 * that index only; the op task reads it for upstreams outside the run.
 *
 * @example
 * readsAssetIndex(salesTransform); // true: it loads raw_sales
 */
export function readsAssetIndex(op: { readonly asset?: unknown }): boolean {
  if (!op.asset) return false;
  return assetSpecsOf(op as AnyAssetDefinition).some(
    (spec) => Object.keys(spec.ins).length > 0 || spec.deps.length > 0,
  );
}
