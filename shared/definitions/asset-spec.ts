import type { TypedMetadata } from '../metadata/typed-metadata.js';
import type { AssetCheckSpec } from './asset-check-spec.js';
import type { PartitionsDefinition } from './partitions/partitions-definition.js';

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
  /** The asset's partitions; a job of it takes them. @default unpartitioned */
  readonly partitionsDef?: PartitionsDefinition;
  // --- asset checks and multi-assets (see asset-check.ts, multi-asset.ts)
  /**
   * The step output that holds this asset's value: a multi-asset's out name.
   * @default 'result' (the one output of `asset(...)`)
   */
  readonly outputName?: string;
  /** Checks the asset's own step evaluates (`checkSpecs`), each with this asset's key. @default none */
  readonly checkSpecs?: readonly AssetCheckSpec[];
  /** Input names declared `AssetIn(key, { ignoreBlockingChecks: true })`. @default none */
  readonly ignoreBlockingChecks?: readonly string[];
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
