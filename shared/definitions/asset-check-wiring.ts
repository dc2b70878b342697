import type { AnyAssetCheckDefinition } from './asset-check.js';
import { ASSET_CHECK_INPUT } from './asset-check.js';
import type { AnyAssetDefinition } from './asset-definition.js';
import { upstreamKeys } from './asset-selection.js';
import type { AssetSpec } from './asset-spec.js';
import { assetOutputName, assetSpecsOf } from './asset-specs-of.js';
import type { NodeSpec } from './graph-builder.js';

/**
 * How an asset job wires checks. A separate check is a node behind the asset's step, reading
 * the checked output. A blocking check also sits between the asset and its downstream assets:
 * each of them gets an order-only `upstream` on the check's node, so it never starts when the
 * check failed (the existing "dependencies failed" path). A non-blocking check is off that path.
 * An input declared `ignoreBlockingChecks` gets no such edge, and leaves its output out of the
 * node's `checkedOutputs` (which scopes the blocking of checks evaluated in the asset's own step).
 */
export class CheckWiring {
  private readonly checksByKey = new Map<string, AnyAssetCheckDefinition[]>();

  constructor(
    checks: readonly AnyAssetCheckDefinition[],
    private readonly assets: ReadonlyMap<string, { readonly definition: AnyAssetDefinition; readonly spec: AssetSpec }>,
  ) {
    for (const check of new Set(checks)) {
      const key = check.assetCheck.assetKey;
      if (key === undefined || !assets.has(key)) continue;
      this.checksByKey.set(key, [...(this.checksByKey.get(key) ?? []), check]);
    }
  }

  /** The nodes of the checks of every asset `definition`'s step materializes. */
  checkNodesOf(definition: AnyAssetDefinition): NodeSpec[] {
    return assetSpecsOf(definition).flatMap((spec) =>
      (this.checksByKey.get(spec.key) ?? []).map((check) => ({
        name: check.name,
        op: check,
        inputs: { [ASSET_CHECK_INPUT]: { node: definition.name, output: assetOutputName(spec) } },
        upstream: [definition.name],
        // A check reads a stored value: it runs even when its asset's own step failed a blocking check.
        checkedOutputs: { [definition.name]: [] },
      })),
    );
  }

  /** The `upstream` (asset steps, then blocking check steps) and `checkedOutputs` of an asset's node. */
  downstreamOf(
    definition: AnyAssetDefinition,
    upstreamNodes: readonly string[],
  ): Pick<NodeSpec, 'upstream' | 'checkedOutputs'> {
    const spec = definition.asset;
    const ignoring = new Set(spec.ignoreBlockingChecks ?? []);
    // A key is watched unless every reference to it is an input that ignores blocking checks.
    const watched = new Set([
      ...Object.entries(spec.ins)
        .filter(([input]) => !ignoring.has(input))
        .map(([, key]) => key),
      ...spec.deps,
    ]);
    const upstream = [...upstreamNodes];
    const checkedOutputs: Record<string, string[]> = {};
    for (const key of upstreamKeys(definition)) {
      const up = this.assets.get(key);
      if (!up) continue;
      const outputs = checkedOutputs[up.definition.name] ?? [];
      checkedOutputs[up.definition.name] = outputs;
      if (!watched.has(key)) continue;
      outputs.push(assetOutputName(up.spec));
      for (const check of this.checksByKey.get(key) ?? []) if (check.assetCheck.blocking) upstream.push(check.name);
    }
    return { upstream: [...new Set(upstream)], checkedOutputs };
  }
}
