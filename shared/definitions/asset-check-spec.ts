import { DefinitionError } from '../errors/definition-error.js';
import { describeValue } from '../errors/describe-value.js';
import { ASSET_KEY_HINT, type AssetKeyInput, assetKeyToUserString } from '../metadata/asset-key.js';
import { isValidDefinitionName } from './definition-name.js';

/** Options of {@link AssetCheckSpec}. */
export interface AssetCheckSpecOptions {
  /** The check's name: letters, digits and underscores, unique per asset. */
  readonly name: string;
  /**
   * The checked asset's key. On `asset({ checkSpecs })` it defaults to that asset; on a
   * `multiAsset` it names one of its outputs' keys.
   * @default the asset that declares the spec
   */
  readonly asset?: AssetKeyInput | { readonly asset: { readonly key: string } };
  /**
   * When true, a failed evaluation of severity ERROR keeps the asset's downstream assets from
   * materializing and fails the run.
   * @default false
   */
  readonly blocking?: boolean;
  readonly description?: string;
}

/**
 * A check an asset declares and evaluates in its own step, like Dagster's `AssetCheckSpec`:
 * the body logs (or yields) one `AssetCheckResult` per spec. Also the catalog entry of every
 * check (`defs.assetCheckSpecs`), whether it runs in its asset's step or as an `assetCheck`.
 *
 * @example
 * const orders = asset({ name: 'orders', checkSpecs: [new AssetCheckSpec({ name: 'has_rows', blocking: true })] },
 *   async (context) => {
 *     const rows = await load();
 *     context.logEvent(new AssetCheckResult({ checkName: 'has_rows', passed: rows.length > 0 }));
 *     return rows;
 *   });
 */
export class AssetCheckSpec {
  readonly kind = 'asset-check-spec' as const;
  readonly name: string;
  /** The checked asset's key as stored (`'warehouse/sales'`); undefined until its asset is known. */
  readonly assetKey: string | undefined;
  /** @default false */
  readonly blocking: boolean;
  readonly description: string | undefined;

  constructor(options: AssetCheckSpecOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new DefinitionError(
        `AssetCheckSpec expects { name, asset?, blocking?, description? }, got ${describeValue(options)}.`,
        {
          subject: String(options),
        },
      );
    }
    if (!isValidDefinitionName(options.name)) {
      throw new DefinitionError(
        `AssetCheckSpec name ${JSON.stringify(options.name)} must be letters, digits and underscores of at most 64 characters, e.g. 'has_rows'.`,
        { subject: String(options.name) },
      );
    }
    if (options.blocking !== undefined && typeof options.blocking !== 'boolean') {
      throw new DefinitionError(
        `AssetCheckSpec "${options.name}" blocking must be true or false, got ${describeValue(options.blocking)}.`,
        { subject: options.name },
      );
    }
    this.name = options.name;
    this.assetKey =
      options.asset === undefined ? undefined : checkedAssetKey(options.asset, `AssetCheckSpec "${options.name}"`);
    this.blocking = options.blocking ?? false;
    this.description = options.description;
    Object.freeze(this);
  }

  /** This spec for the asset `assetKey` (the spec's own asset when it names one). */
  forAsset(assetKey: string): AssetCheckSpec {
    if (this.assetKey === assetKey) return this;
    return new AssetCheckSpec({
      name: this.name,
      asset: assetKey,
      blocking: this.blocking,
      ...(this.description !== undefined ? { description: this.description } : {}),
    });
  }
}

/**
 * The stored key of the asset a check names: an asset definition (anything carrying
 * `asset.key`) or a key. `where` names the check in the error.
 */
export function checkedAssetKey(asset: unknown, where: string): string {
  if ((typeof asset === 'function' || typeof asset === 'object') && asset !== null && !Array.isArray(asset)) {
    const key = (asset as { asset?: { key?: unknown } }).asset?.key;
    if (typeof key === 'string') return key;
  }
  const key = assetKeyToUserString(asset);
  if (key === undefined) {
    throw new DefinitionError(
      `${where} "asset" must be an asset definition or ${ASSET_KEY_HINT}, got ${describeValue(asset)}.`,
      {
        subject: where,
      },
    );
  }
  return key;
}
