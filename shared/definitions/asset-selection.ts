import { DefinitionError } from '../errors/definition-error.js';
import type { AnyAssetDefinition } from './asset-definition.js';
import type { AssetSpec } from './asset-spec.js';
import { assetSpecsOf } from './asset-specs-of.js';
import { isObservableSource } from './observable-source-asset.js';

type Term =
  | { readonly kind: 'all' }
  | { readonly kind: 'groups'; readonly groups: readonly string[] }
  | { readonly kind: 'key'; readonly key: string; readonly up: number; readonly down: number };

// `*` on a side means every layer that way; each `+` one more layer.
const ALL_LAYERS = Number.POSITIVE_INFINITY;
const SELECTION_STRING = /^(\*|\+*)(.*?)(\*|\+*)$/;

/**
 * Which assets a job runs, like Dagster's `AssetSelection`: by key, by group, every asset, or
 * a selection string (`'*'` every asset; `'x'`; `'x+'` / `'+x'` x and one layer down / up;
 * `'x*'` / `'*x'` x and everything down / up). Resolved against the assets of a Definitions.
 *
 * @example
 * AssetSelection.groups('sales')
 * AssetSelection.from('raw_sales*') // raw_sales and everything downstream of it
 */
export class AssetSelection {
  private constructor(private readonly terms: readonly Term[]) {}

  /** Every asset. */
  static all(): AssetSelection {
    return new AssetSelection([{ kind: 'all' }]);
  }

  /** The assets with these keys (`'warehouse/sales'`). */
  static keys(...keys: string[]): AssetSelection {
    return new AssetSelection(keys.map((key) => ({ kind: 'key', key, up: 0, down: 0 })));
  }

  /** The assets in these groups. */
  static groups(...groups: string[]): AssetSelection {
    return new AssetSelection([{ kind: 'groups', groups }]);
  }

  /** A selection from selection strings; several strings select their union. */
  static from(selection: AssetSelection | string | readonly (string | AnyAssetDefinition)[]): AssetSelection {
    if (selection instanceof AssetSelection) return selection;
    const items = typeof selection === 'string' ? [selection] : selection;
    // An asset definition selects its key, as Dagster's `define_asset_job(selection=[asset])`.
    return new AssetSelection(
      items.map((item) =>
        typeof item === 'string' ? parseSelectionString(item) : { kind: 'key', key: item.asset.key, up: 0, down: 0 },
      ),
    );
  }

  /** The union of this selection and `other`. */
  or(other: AssetSelection): AssetSelection {
    return new AssetSelection([...this.terms, ...other.terms]);
  }

  /**
   * The selected assets, in the order of `assets`. A key no asset has is a DefinitionError
   * naming it and the known keys.
   */
  resolve(assets: readonly AnyAssetDefinition[]): AnyAssetDefinition[] {
    // By key, not by step: a multi-asset is selected by any of its keys.
    const byKey = new Map(assets.flatMap((a) => assetSpecsOf(a).map((spec) => [spec.key, a] as const)));
    const downstream = new Map<string, string[]>();
    for (const a of assets) {
      for (const spec of assetSpecsOf(a)) {
        for (const up of upstreamKeys(a)) downstream.set(up, [...(downstream.get(up) ?? []), spec.key]);
      }
    }
    const selected = new Set<string>();
    for (const term of this.terms) {
      if (term.kind === 'all') for (const key of byKey.keys()) selected.add(key);
      else if (term.kind === 'groups') {
        for (const [key, a] of byKey) if (term.groups.includes(specOf(a, key).group)) selected.add(key);
      } else {
        if (!byKey.has(term.key)) {
          throw new DefinitionError(
            `asset selection names "${term.key}", which is no asset. Known asset keys: ${[...byKey.keys()].join(', ') || '(none)'}.`,
            { subject: term.key },
          );
        }
        walk(term.key, term.up, (key) => upstreamKeys(byKey.get(key)).filter((k) => byKey.has(k)), selected);
        walk(term.key, term.down, (key) => downstream.get(key) ?? [], selected);
      }
    }
    // As Dagster's selections (include_sources=False), an observable source is selected only
    // by its own key: '*', groups and up/downstream walks leave it out, so they never mix it
    // into a materializing job.
    const named = new Set(this.terms.flatMap((term) => (term.kind === 'key' ? [term.key] : [])));
    return assets.filter(
      (a) =>
        assetSpecsOf(a).some((spec) => selected.has(spec.key)) && (!isObservableSource(a) || named.has(a.asset.key)),
    );
  }
}

/** The keys an asset's step loads (`ins`) or runs after (`deps`), for every asset it materializes. */
export function upstreamKeys(definition: AnyAssetDefinition | undefined): string[] {
  if (!definition) return [];
  return [...new Set(assetSpecsOf(definition).flatMap((spec) => [...Object.values(spec.ins), ...spec.deps]))];
}

function parseSelectionString(text: string): Term {
  if (text === '*') return { kind: 'all' };
  const match = SELECTION_STRING.exec(text);
  const key = match?.[2];
  if (!match || !key) {
    throw new DefinitionError(
      `asset selection ${JSON.stringify(text)} names no asset. Write '*', 'key', 'key+', '+key', 'key*' or '*key'.`,
      { subject: String(text) },
    );
  }
  const layers = (side: string | undefined): number => (side === '*' ? ALL_LAYERS : (side ?? '').length);
  return { kind: 'key', key, up: layers(match[1]), down: layers(match[3]) };
}

// Breadth-first from `start`, `layers` steps along `next`; `selected` gains every key reached.
// Its own `seen` set: keys other terms selected must not stop this walk.
function walk(start: string, layers: number, next: (key: string) => string[], selected: Set<string>): void {
  const seen = new Set([start]);
  let frontier = [start];
  for (let layer = 0; layer < layers && frontier.length > 0; layer++) {
    frontier = frontier.flatMap(next).filter((key) => !seen.has(key) && seen.add(key));
  }
  for (const key of seen) selected.add(key);
}

function specOf(definition: AnyAssetDefinition, key: string): AssetSpec {
  return assetSpecsOf(definition).find((spec) => spec.key === key) ?? definition.asset;
}
