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
