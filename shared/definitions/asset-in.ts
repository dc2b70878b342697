import type { z } from 'zod';
import { DefinitionError } from '../errors/definition-error.js';
import { ASSET_KEY_HINT, type AssetKeyInput, assetKeyToUserString } from '../metadata/asset-key.js';

/** An asset's input: the upstream asset whose value it loads. */
export interface AssetInDefinition<S extends z.ZodType | undefined = z.ZodType | undefined> {
  readonly kind: 'asset-in';
  /** The upstream asset's key, as stored (`'warehouse/sales'`). */
  readonly key: string;
  readonly description?: string;
  /** Checked when the input is loaded, as `In({ schema })`. */
  readonly schema?: S;
  /** True: a failed blocking check of the upstream asset does not keep this asset from running. */
  readonly ignoreBlockingChecks?: boolean;
}

/**
 * Declares that an asset loads the value of the upstream asset `key`, like Dagster's `AssetIn`.
 *
 * @example
 * const salesTransform = asset({ name: 'sales_transform', ins: { raw: AssetIn('raw_sales') } },
 *   async (_context, { raw }) => transform(raw));
 */
export function AssetIn<S extends z.ZodType | undefined = undefined>(
  key: AssetKeyInput,
  options: {
    description?: string;
    schema?: S;
    /**
     * Beyond Dagster (its issue 26854): run this asset even when a blocking check of the upstream
     * asset failed. Only this input of this asset; the run still fails.
     * @default false
     */
    ignoreBlockingChecks?: boolean;
  } = {},
): AssetInDefinition<S> {
  const stored = assetKeyToUserString(key);
  if (stored === undefined) {
    throw new DefinitionError(`AssetIn(key) needs an asset key: ${ASSET_KEY_HINT}, got ${JSON.stringify(key)}.`, {
      subject: String(key),
    });
  }
  return Object.freeze({ kind: 'asset-in' as const, key: stored, ...options });
}
