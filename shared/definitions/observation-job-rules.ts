import { DefinitionError } from '../errors/definition-error.js';
import type { AnyAssetDefinition } from './asset-definition.js';
import { isObservableSource } from './observable-source-asset.js';

/**
 * As in Dagster, a job either observes sources or materializes assets: a selection of both is
 * a DefinitionError naming them (an observation records versions, a materialization values,
 * and one run does not mix the two).
 */
export function assertNotMixed(jobName: string, selected: readonly AnyAssetDefinition[]): void {
  const sources = selected.filter(isObservableSource).map((a) => a.asset.key);
  if (sources.length === 0 || sources.length === selected.length) return;
  const regular = selected.filter((a) => !isObservableSource(a)).map((a) => a.asset.key);
  throw new DefinitionError(
    `asset job "${jobName}" selects observable source assets (${sources.join(', ')}) and regular assets (${regular.join(', ')}). A job observes sources or materializes assets, not both: define an observation job selecting only the sources.`,
    { subject: jobName },
  );
}

/**
 * An observable source has no stored value to load: an `AssetIn` on one is a DefinitionError
 * naming the fix (list it in `deps`, which records its version without loading anything).
 */
export function assertNoAssetInOnSources(assets: readonly AnyAssetDefinition[]): void {
  const sources = new Set(assets.filter(isObservableSource).map((a) => a.asset.key));
  for (const definition of assets) {
    for (const [inputName, upKey] of Object.entries(definition.asset.ins)) {
      if (sources.has(upKey)) {
        throw new DefinitionError(
          `asset "${definition.asset.key}" input "${inputName}" loads observable source asset "${upKey}", which stores no value (only observed versions). Use deps: [${JSON.stringify(upKey)}] instead of AssetIn.`,
          { subject: definition.asset.key },
        );
      }
    }
  }
}
