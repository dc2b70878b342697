import type { z } from 'zod';
import { type AssetCheckDefinition, type AssetKeyOrDefinition, assetCheck } from '../definitions/asset-check.js';
import { checkedAssetKey } from '../definitions/asset-check-spec.js';
import { assetStepName } from '../definitions/asset-spec.js';
import { AssetCheckResult } from '../events/asset-check-result.js';
import { MetadataValue } from '../metadata/metadata-value.js';
import { validateLazy } from './validate-lazy.js';

/** Errors listed on the evaluation; the counts cover them all. */
const LISTED_ERRORS = 50;

/** Options of {@link zodAssetCheck}. */
export interface ZodAssetCheckOptions {
  /** The checked asset (its definition or key); its value must be an array of rows. */
  readonly asset: AssetKeyOrDefinition;
  /** What every row must satisfy. */
  readonly schema: z.ZodType;
  /** @default false */
  readonly blocking?: boolean;
  /** @default `check_<asset step name>_schema` */
  readonly name?: string;
  readonly description?: string;
}

/**
 * An asset check that validates every row of an asset against a zod row schema, collecting all
 * errors (seed 001's `pandera_asset_check` factory). It passes when every row is valid; else it
 * fails with the error and invalid-row counts and the first errors as metadata. Blocking, it
 * keeps the asset's downstreams from materializing.
 *
 * @example
 * export const checkSalesSchema = zodAssetCheck({ asset: salesTransform, schema: SalesRow, blocking: true });
 * new Definitions({ assets, assetChecks: [checkSalesSchema] });
 */
export function zodAssetCheck(options: ZodAssetCheckOptions): AssetCheckDefinition {
  const key = checkedAssetKey(options.asset, 'zodAssetCheck');
  return assetCheck(
    {
      name: options.name ?? `check_${assetStepName(key)}_schema`,
      asset: options.asset,
      blocking: options.blocking ?? false,
      description: options.description ?? `Every row of ${key} matches its schema`,
    },
    (_context, value) => {
      if (!Array.isArray(value)) {
        return new AssetCheckResult({
          passed: false,
          description: `the value of ${key} is not an array of rows, so it cannot be validated row by row`,
        });
      }
      const result = validateLazy(value, options.schema);
      return new AssetCheckResult({
        passed: result.valid,
        metadata: {
          row_count: value.length,
          error_count: result.errorCount,
          invalid_row_count: result.invalidIndices.length,
          ...(result.valid ? {} : { errors: MetadataValue.json(result.errors.slice(0, LISTED_ERRORS)) }),
        },
      });
    },
  );
}
