import { DefinitionError } from '../errors/definition-error.js';
import { describeValue } from '../errors/describe-value.js';
import { AssetCheckSpec } from './asset-check-spec.js';
import type { AssetSpec } from './asset-spec.js';

/**
 * Sorts the `checkSpecs` of an asset step onto the assets it materializes (`keys`): a spec
 * without `asset` belongs to the only key, else it must name one of them. A check name is
 * unique per asset, as in Dagster (a check is keyed by asset key and name).
 *
 * @param where the step, for errors: `asset "orders"` or `multiAsset "split"`
 */
export function checkSpecsByKey(
  where: string,
  keys: readonly string[],
  specs: readonly AssetCheckSpec[] | undefined,
): Map<string, AssetCheckSpec[]> {
  const byKey = new Map<string, AssetCheckSpec[]>(keys.map((key) => [key, []]));
  if (specs === undefined) return byKey;
  if (!Array.isArray(specs)) {
    throw new DefinitionError(
      `${where} checkSpecs must be an array of new AssetCheckSpec({ name }), got ${describeValue(specs)}.`,
      {
        subject: where,
      },
    );
  }
  specs.forEach((spec: unknown, index) => {
    if (!(spec instanceof AssetCheckSpec)) {
      throw new DefinitionError(
        `${where} checkSpecs[${index}] must be new AssetCheckSpec({ name, blocking? }), got ${describeValue(spec)}.`,
        { subject: where },
      );
    }
    const key = spec.assetKey ?? (keys.length === 1 ? keys[0] : undefined);
    const list = key === undefined ? undefined : byKey.get(key);
    if (key === undefined || list === undefined) {
      throw new DefinitionError(
        spec.assetKey === undefined
          ? `${where} checkSpecs[${index}] "${spec.name}" names no asset, and the step materializes several (${keys.join(', ')}). Give it asset: '<one of them>'.`
          : `${where} checkSpecs[${index}] "${spec.name}" checks asset "${spec.assetKey}", which this step does not materialize (${keys.join(', ')}). Name one of its keys in "asset".`,
        { subject: where },
      );
    }
    if (list.some((other) => other.name === spec.name)) {
      throw new DefinitionError(
        `${where} declares check "${spec.name}" on asset "${key}" twice. Give each check a unique name.`,
        {
          subject: where,
        },
      );
    }
    list.push(spec.forAsset(key));
  });
  return byKey;
}

/** The check facts of one asset's spec: its check specs and the inputs that ignore blocking checks. */
export function checkFacts(
  key: string,
  specs: readonly AssetCheckSpec[] | undefined,
  ignoreBlockingChecks: readonly string[],
): Pick<AssetSpec, 'checkSpecs' | 'ignoreBlockingChecks'> {
  const own = checkSpecsByKey(`asset "${key}"`, [key], specs).get(key) ?? [];
  return {
    ...(own.length > 0 ? { checkSpecs: Object.freeze(own) } : {}),
    ...(ignoreBlockingChecks.length > 0 ? { ignoreBlockingChecks: Object.freeze([...ignoreBlockingChecks]) } : {}),
  };
}
