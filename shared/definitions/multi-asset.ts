import type { z } from 'zod';
import { DefinitionError } from '../errors/definition-error.js';
import { describeValue } from '../errors/describe-value.js';
import { errorMessage } from '../errors/error-message.js';
import { ASSET_KEY_HINT, type AssetKeyInput, assetKeyToUserString } from '../metadata/asset-key.js';
import { normalizeMetadata, type RawMetadata } from '../metadata/normalize-metadata.js';
import { checkSpecsByKey } from './asset-check-facts.js';
import { type AssetInsShape, type AssetOptions, depKey, type OpInsOf } from './asset-definition.js';
import type { AssetInDefinition } from './asset-in.js';
import type { AssetSpec } from './asset-spec.js';
import { assertValidDefinitionName } from './definition-name.js';
import { In, type InputDefinition } from './in.js';
import { op } from './op-definition.js';
import type { OpBody, OpDefinition } from './op-definition-type.js';
import { Out, type OutputDefinition } from './out.js';

/** One asset of a multi-asset: the facts of the asset its output holds. */
export interface AssetOutDefinition<S extends z.ZodType | undefined = z.ZodType | undefined> {
  readonly kind: 'asset-out';
  /** The asset's key. @default the out's name */
  readonly key?: AssetKeyInput;
  /** @default the multi-asset's group, else 'default' */
  readonly group?: string;
  /** @default the multi-asset's description */
  readonly description?: string;
  readonly kinds?: readonly string[];
  readonly owners?: readonly string[];
  readonly tags?: Record<string, string>;
  /** Facts about the asset itself (not about one materialization). */
  readonly metadata?: RawMetadata;
  /** The output's type check, as `Out({ schema })`. */
  readonly schema?: S;
  /**
   * When false the body may leave this asset out: it is then not materialized, and the assets
   * that load it are skipped.
   * @default true
   */
  readonly isRequired?: boolean;
}

/**
 * Declares one asset of a `multiAsset`, like Dagster's `AssetOut`.
 *
 * @example
 * outs: { sales: AssetOut(), costs: AssetOut({ key: 'finance/costs', group: 'finance' }) }
 */
export function AssetOut<S extends z.ZodType | undefined = undefined>(
  options: Omit<AssetOutDefinition<S>, 'kind'> = {},
): AssetOutDefinition<S> {
  return Object.freeze({ kind: 'asset-out' as const, ...options });
}

/** A multi-asset's outs: output name → `AssetOut(...)`. */
export type AssetOutsShape = Record<string, AssetOutDefinition>;

/** A multi-asset: one op, one output per asset, every asset's spec on `assetSpecs` (and the first on `asset`). */
export type MultiAssetDefinition<
  C extends z.ZodType | undefined = z.ZodType | undefined,
  AIns extends AssetInsShape = AssetInsShape,
  Outs extends AssetOutsShape = AssetOutsShape,
> = OpDefinition<C, OpInsOf<AIns>, Record<string, OutputDefinition>> & {
  /** The outs as declared, by output name. */
  readonly assetOuts: Outs;
  readonly asset: AssetSpec;
  readonly assetSpecs: readonly AssetSpec[];
};

/**
 * Options of {@link multiAsset}: an asset's step options, with `outs` for its assets. Each
 * check spec names the key of one out in `asset`.
 */
export interface MultiAssetOptions<
  C extends z.ZodType | undefined,
  AIns extends AssetInsShape,
  Outs extends AssetOutsShape,
> extends Pick<
    AssetOptions<C, AIns>,
    | 'ins'
    | 'deps'
    | 'description'
    | 'config'
    | 'requiredResourceKeys'
    | 'retryPolicy'
    | 'lambda'
    | 'checkSpecs'
    | 'partitionsDef'
  > {
  /** The step's name: letters, digits and underscores, ≤ 64 characters. */
  readonly name: string;
  /** The assets the step materializes, by output name. */
  readonly outs: Outs;
  /** Group of the outs that name none. @default 'default' */
  readonly group?: string;
}

/**
 * Defines several assets computed in one step, like Dagster's `@multi_asset`: one output per
 * asset, one ASSET_MATERIALIZATION per output the body produces. Selecting any of its keys
 * selects the step; an `AssetIn` of one of its keys loads that output. Beyond Dagster (its
 * issue 20659) a failed blocking check of one out blocks only that out's downstream assets.
 *
 * @example
 * const split = multiAsset({ name: 'split_sales', outs: { eu: AssetOut(), us: AssetOut({ key: 'sales/us' }) } },
 *   async () => ({ eu: euRows, us: usRows }));
 */
export function multiAsset<
  C extends z.ZodType | undefined = undefined,
  AIns extends AssetInsShape = Record<never, AssetInDefinition>,
  Outs extends AssetOutsShape = AssetOutsShape,
>(options: MultiAssetOptions<C, AIns, Outs>, body: OpBody<C, OpInsOf<AIns>>): MultiAssetDefinition<C, AIns, Outs> {
  assertValidDefinitionName(options?.name, 'multiAsset');
  const where = `multiAsset "${options.name}"`;
  const outEntries = Object.entries((options.outs ?? {}) as AssetOutsShape);
  if (outEntries.length === 0) {
    throw new DefinitionError(`${where} needs "outs": at least one AssetOut(), e.g. outs: { sales: AssetOut() }.`, {
      subject: options.name,
    });
  }
  const ins: Record<string, InputDefinition> = {};
  const inKeys: Record<string, string> = {};
  const ignoreBlockingChecks: string[] = [];
  for (const [name, assetIn] of Object.entries((options.ins ?? {}) as AssetInsShape)) {
    if (assetIn?.kind !== 'asset-in') {
      throw new DefinitionError(`${where} input "${name}" must be declared with AssetIn('upstream_key').`, {
        subject: options.name,
      });
    }
    ins[name] = In({
      ...(assetIn.description !== undefined ? { description: assetIn.description } : {}),
      ...(assetIn.schema !== undefined ? { schema: assetIn.schema } : {}),
    });
    inKeys[name] = assetIn.key;
    if (assetIn.ignoreBlockingChecks === true) ignoreBlockingChecks.push(name);
  }
  const deps = [...new Set((options.deps ?? []).map((dep, index) => depKey(options.name, dep, index)))];
  const keyed = outEntries.map(([outName, out]) => {
    assertValidDefinitionName(outName, `${where} out`);
    if (out?.kind !== 'asset-out') {
      throw new DefinitionError(
        `${where} out "${outName}" must be declared with AssetOut(...), got ${describeValue(out)}.`,
        {
          subject: options.name,
        },
      );
    }
    const key = out.key === undefined ? outName : assetKeyToUserString(out.key);
    if (key === undefined) {
      throw new DefinitionError(
        `${where} out "${outName}" key must be ${ASSET_KEY_HINT}, got ${describeValue(out.key)}.`,
        {
          subject: options.name,
        },
      );
    }
    return { outName, out, key };
  });
  const keys = keyed.map((k) => k.key);
  const duplicate = keys.find((key, index) => keys.indexOf(key) !== index);
  if (duplicate !== undefined) {
    throw new DefinitionError(`${where} has two outs with key "${duplicate}". Give each out its own key.`, {
      subject: options.name,
    });
  }
  const checks = checkSpecsByKey(where, keys, options.checkSpecs);
  const specs: AssetSpec[] = keyed.map(({ outName, out, key }) => {
    const description = out.description ?? options.description;
    const ownChecks = checks.get(key) ?? [];
    let metadata: AssetSpec['metadata'];
    try {
      metadata = normalizeMetadata(out.metadata, `${where} out "${outName}"`);
    } catch (error) {
      throw new DefinitionError(errorMessage(error), { subject: options.name, cause: error });
    }
    return Object.freeze({
      key,
      group: out.group ?? options.group ?? 'default',
      kinds: Object.freeze([...(out.kinds ?? [])]),
      owners: Object.freeze([...(out.owners ?? [])]),
      tags: Object.freeze({ ...(out.tags ?? {}) }),
      metadata,
      ...(description !== undefined ? { description } : {}),
      ins: Object.freeze({ ...inKeys }),
      deps: Object.freeze([...deps]),
      requiredResourceKeys: Object.freeze([...(options.requiredResourceKeys ?? [])]),
      ...(options.partitionsDef !== undefined ? { partitionsDef: options.partitionsDef } : {}),
      outputName: outName,
      ...(ownChecks.length > 0 ? { checkSpecs: Object.freeze(ownChecks) } : {}),
      ...(ignoreBlockingChecks.length > 0 ? { ignoreBlockingChecks: Object.freeze([...ignoreBlockingChecks]) } : {}),
    });
  });
  const outs = Object.fromEntries(
    keyed.map(({ outName, out }) => [
      outName,
      Out({
        isRequired: out.isRequired ?? true,
        ...(out.schema !== undefined ? { schema: out.schema } : {}),
        ...(out.description !== undefined ? { description: out.description } : {}),
      }),
    ]),
  );
  const definition = op(
    {
      name: options.name,
      ins,
      out: outs,
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(options.config !== undefined ? { config: options.config } : {}),
      ...(options.retryPolicy !== undefined ? { retryPolicy: options.retryPolicy } : {}),
      ...(options.lambda !== undefined ? { lambda: options.lambda } : {}),
      ...(options.requiredResourceKeys !== undefined ? { requiredResourceKeys: options.requiredResourceKeys } : {}),
    },
    body as OpBody<C, Record<string, InputDefinition>>,
  );
  Object.defineProperty(definition, 'asset', { value: specs[0], enumerable: true });
  Object.defineProperty(definition, 'assetSpecs', { value: Object.freeze(specs), enumerable: true });
  Object.defineProperty(definition, 'assetOuts', { value: Object.freeze({ ...options.outs }), enumerable: true });
  return definition as unknown as MultiAssetDefinition<C, AIns, Outs>;
}
