import type { TypedMetadata } from '../metadata/typed-metadata.js';

/**
 * What makes an op an asset: the key it materializes and the catalog facts about it. It rides
 * on the op definition (`op.asset`), so the op task, the asset job and the catalog read one
 * record; an op without it is a plain op.
 */
export interface AssetSpec {
  /** The stored key (`'warehouse/sales'`): the event log indexes materializations by it. */
  readonly key: string;
  /** @default 'default' (Dagster's default group) */
  readonly group: string;
  readonly kinds: readonly string[];
  readonly owners: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly metadata: TypedMetadata;
  readonly description?: string;
  /** input name → the upstream asset key it loads */
  readonly ins: Readonly<Record<string, string>>;
  /** Upstream asset keys this asset only runs after: no value is loaded. */
  readonly deps: readonly string[];
  /** Resources the body reads: `context.resources` holds exactly these. */
  readonly requiredResourceKeys: readonly string[];
}

/**
 * An asset's node (step) name: its key with `/` → `__`, as Dagster names an asset's op
 * (`warehouse/sales` → `warehouse__sales`).
 *
 * @example
 * assetStepName('warehouse/sales') // → 'warehouse__sales'
 */
export function assetStepName(key: string): string {
  return key.replaceAll('/', '__');
}
