import type { z } from 'zod';
import { DefinitionError } from '../errors/definition-error.js';
import { errorMessage } from '../errors/error-message.js';
import { ASSET_KEY_HINT, type AssetKeyInput, assetKeyToUserString } from '../metadata/asset-key.js';
import { normalizeMetadata, type RawMetadata } from '../metadata/normalize-metadata.js';
import type { RetryPolicy } from '../retry/retry-policy.js';
import { checkFacts } from './asset-check-facts.js';
import type { AssetCheckSpec } from './asset-check-spec.js';
import type { AssetInDefinition } from './asset-in.js';
import { type AssetSpec, assetStepName } from './asset-spec.js';
import { DEFINITION_NAME_MAX_LENGTH, isValidDefinitionName } from './definition-name.js';
import { In, type InputDefinition } from './in.js';
import { op } from './op-definition.js';
import type { AnyOpDefinition, OpBody, OpDefinition, OpLambdaOptions } from './op-definition-type.js';
import type { OutputDefinition } from './out.js';
import type { PartitionsDefinition } from './partitions/partitions-definition.js';

/** An asset's inputs: input name → `AssetIn(upstreamKey)`. */
export type AssetInsShape = Record<string, AssetInDefinition>;

/** The op inputs an asset's `ins` become (same names, same schemas). */
export type OpInsOf<AIns extends AssetInsShape> = {
  [K in keyof AIns]: AIns[K] extends AssetInDefinition<infer S> ? InputDefinition<S> : InputDefinition;
};

/** An asset: an op with one output whose value is the asset, and its {@link AssetSpec} on `asset`. */
export type AssetDefinition<
  C extends z.ZodType | undefined = z.ZodType | undefined,
  AIns extends AssetInsShape = AssetInsShape,
> = OpDefinition<C, OpInsOf<AIns>, { result: OutputDefinition }> & { readonly asset: AssetSpec };

/**
 * The erased form of any asset, for collections: an op of any shape that carries its asset facts.
 * A multi-asset also lists every asset it materializes in `assetSpecs` (its `asset` is the first
 * of them); read them with `assetSpecsOf`.
 */
export type AnyAssetDefinition = AnyOpDefinition & {
  readonly asset: AssetSpec;
  readonly assetSpecs?: readonly AssetSpec[];
};

/** Options of {@link asset}. Give `name` (one segment) or `key` (a path), not both. */
export interface AssetOptions<C extends z.ZodType | undefined, AIns extends AssetInsShape> {
  /** The asset's key when it has one segment: letters, digits and underscores. */
  readonly name?: string;
  /** The asset's key as a path: `'warehouse/sales'` or `['warehouse', 'sales']`. */
  readonly key?: AssetKeyInput;
  /** Upstream assets whose values this asset loads, by input name. */
  readonly ins?: AIns;
  /** Upstream assets this asset runs after without loading their values. */
  readonly deps?: readonly (AnyAssetDefinition | AssetKeyInput)[];
  /** @default 'default' */
  readonly group?: string;
  /** Technologies the asset lives in (`['s3', 'pandas']`), for the catalog. */
  readonly kinds?: readonly string[];
  readonly owners?: readonly string[];
  readonly tags?: Record<string, string>;
  /** Facts about the asset itself (not about one materialization). */
  readonly metadata?: RawMetadata;
  readonly description?: string;
  /** Run config schema (`runConfig.ops.<step name>.config`), as for ops. */
  readonly config?: C;
  /** Resources the body reads from `context.resources` (exactly these), checked against the Definitions. */
  readonly requiredResourceKeys?: readonly string[];
  readonly retryPolicy?: RetryPolicy;
  readonly lambda?: OpLambdaOptions;
  /**
   * The asset's partitions: each materialization is of one partition (`context.partitionKey`).
   * @default unpartitioned
   */
  readonly partitionsDef?: PartitionsDefinition;
  /**
   * Checks this asset's own step evaluates: its body logs or yields one `AssetCheckResult` per spec.
   * @default none
   */
  readonly checkSpecs?: readonly AssetCheckSpec[];
}

/**
 * Defines a software-defined asset, like Dagster's `@asset`: an op whose one output is the
 * asset's value. Its step is named after its key with `/` → `__`; every successful run of it
 * records an ASSET_MATERIALIZATION carrying the output metadata.
 *
 * @example
 * const rawSales = asset({ name: 'raw_sales', group: 'sales' }, async () => rows);
 * const salesTransform = asset({ name: 'sales_transform', ins: { raw: AssetIn('raw_sales') } },
 *   async (context, { raw }) => {
 *     context.addOutputMetadata({ record_count: raw.length });
 *     return transform(raw);
 *   });
 */
export function asset<
  C extends z.ZodType | undefined = undefined,
  AIns extends AssetInsShape = Record<never, AssetInDefinition>,
>(options: AssetOptions<C, AIns>, body: OpBody<C, OpInsOf<AIns>>): AssetDefinition<C, AIns> {
  const key = assetKeyOf(options);
  const stepName = assetStepName(key);
  if (!isValidDefinitionName(stepName)) {
    throw new DefinitionError(
      `asset "${key}" has the step name "${stepName}", which is not letters, digits and underscores of at most ${DEFINITION_NAME_MAX_LENGTH} characters. Use key path parts like 'warehouse/sales'.`,
      { subject: key },
    );
  }
  const assetIns = (options.ins ?? {}) as AssetInsShape;
  const ins: Record<string, InputDefinition> = {};
  const inKeys: Record<string, string> = {};
  const ignoreBlockingChecks: string[] = [];
  for (const [name, assetIn] of Object.entries(assetIns)) {
    if (assetIn?.kind !== 'asset-in') {
      throw new DefinitionError(`asset "${key}" input "${name}" must be declared with AssetIn('upstream_key').`, {
        subject: key,
      });
    }
    ins[name] = In({
      ...(assetIn.description !== undefined ? { description: assetIn.description } : {}),
      ...(assetIn.schema !== undefined ? { schema: assetIn.schema } : {}),
    });
    inKeys[name] = assetIn.key;
    if (assetIn.ignoreBlockingChecks === true) ignoreBlockingChecks.push(name);
  }
  const deps = (options.deps ?? []).map((dep, index) => depKey(key, dep, index));
  let metadata: AssetSpec['metadata'];
  try {
    metadata = normalizeMetadata(options.metadata, `asset "${key}"`);
  } catch (error) {
    throw new DefinitionError(errorMessage(error), { subject: key, cause: error });
  }
  const spec: AssetSpec = Object.freeze({
    key,
    group: options.group ?? 'default',
    kinds: Object.freeze([...(options.kinds ?? [])]),
    owners: Object.freeze([...(options.owners ?? [])]),
    tags: Object.freeze({ ...(options.tags ?? {}) }),
    metadata,
    ...(options.description !== undefined ? { description: options.description } : {}),
    ins: Object.freeze(inKeys),
    deps: Object.freeze([...new Set(deps)]),
    requiredResourceKeys: Object.freeze([...(options.requiredResourceKeys ?? [])]),
    ...(options.partitionsDef !== undefined ? { partitionsDef: options.partitionsDef } : {}),
    ...checkFacts(key, options.checkSpecs, ignoreBlockingChecks),
  });
  const definition = op(
    {
      name: stepName,
      ins,
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(options.config !== undefined ? { config: options.config } : {}),
      ...(options.retryPolicy !== undefined ? { retryPolicy: options.retryPolicy } : {}),
      ...(options.lambda !== undefined ? { lambda: options.lambda } : {}),
      ...(options.requiredResourceKeys !== undefined ? { requiredResourceKeys: options.requiredResourceKeys } : {}),
    },
    body as OpBody<C, Record<string, InputDefinition>>,
  );
  Object.defineProperty(definition, 'asset', { value: spec, enumerable: true });
  return definition as unknown as AssetDefinition<C, AIns>;
}

function assetKeyOf(options: { readonly name?: string; readonly key?: AssetKeyInput }): string {
  if (options?.name !== undefined && options.key !== undefined) {
    throw new DefinitionError(
      `asset "${options.name}" gives both "name" and "key". Give one: name for a one-part key, key for a path.`,
      { subject: options.name },
    );
  }
  if (options?.name !== undefined) {
    if (!isValidDefinitionName(options.name)) {
      throw new DefinitionError(
        `asset name ${JSON.stringify(options.name)} must be letters, digits and underscores (e.g. 'raw_sales'); use "key" for a path like 'warehouse/sales'.`,
        { subject: String(options.name) },
      );
    }
    return options.name;
  }
  const key = assetKeyToUserString(options?.key);
  if (key === undefined) {
    throw new DefinitionError(`asset needs "name" or "key": ${ASSET_KEY_HINT}, got ${JSON.stringify(options?.key)}.`, {
      subject: String(options?.key),
    });
  }
  return key;
}

/** The stored key of `deps[index]` of asset (or multi-asset) `assetKey`: an asset or a key. */
export function depKey(assetKey: string, dep: AnyAssetDefinition | AssetKeyInput, index: number): string {
  if (typeof dep !== 'string' && 'asset' in dep && dep.asset) return dep.asset.key;
  const key = assetKeyToUserString(dep);
  if (key === undefined) {
    throw new DefinitionError(
      `asset "${assetKey}" deps[${index}] must be an asset or an asset key: ${ASSET_KEY_HINT}, got ${JSON.stringify(dep)}.`,
      { subject: assetKey },
    );
  }
  return key;
}
