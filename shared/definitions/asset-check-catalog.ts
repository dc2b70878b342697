import { DefinitionError } from '../errors/definition-error.js';
import type { AnyAssetCheckDefinition } from './asset-check.js';
import type { AssetCheckSpec } from './asset-check-spec.js';
import type { AnyAssetDefinition } from './asset-definition.js';
import { assetSpecsOf } from './asset-specs-of.js';

/**
 * Every check of a Definitions, for the catalog (CLI, UI): the `checkSpecs` of its assets, then
 * its separate checks. A separate check of an asset the Definitions lacks, or two checks with
 * one name on one asset, are DefinitionErrors naming them.
 */
export function checkCatalog(
  assets: readonly AnyAssetDefinition[],
  checks: readonly AnyAssetCheckDefinition[],
): readonly AssetCheckSpec[] {
  const keys = new Set(assets.flatMap((a) => assetSpecsOf(a).map((spec) => spec.key)));
  const catalog = assets.flatMap((a) => assetSpecsOf(a).flatMap((spec) => spec.checkSpecs ?? []));
  checks.forEach((check, index) => {
    const spec = check?.assetCheck;
    if (spec === undefined) {
      throw new DefinitionError(
        `assetChecks[${index}] is not an asset check. Define it with assetCheck({ name, asset }, body).`,
        {
          subject: `assetChecks[${index}]`,
        },
      );
    }
    if (spec.assetKey === undefined || !keys.has(spec.assetKey)) {
      throw new DefinitionError(
        `asset check "${spec.name}" checks asset "${spec.assetKey}", which is not in assets. Add the asset to Definitions({ assets }).`,
        { subject: spec.name },
      );
    }
    catalog.push(spec);
  });
  const seen = new Set<string>();
  for (const spec of catalog) {
    const id = `${spec.assetKey}:${spec.name}`;
    if (seen.has(id)) {
      throw new DefinitionError(
        `asset "${spec.assetKey}" has two checks named "${spec.name}". Give each check of an asset a unique name.`,
        { subject: spec.name },
      );
    }
    seen.add(id);
  }
  return Object.freeze(catalog);
}
