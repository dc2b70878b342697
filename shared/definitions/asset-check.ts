import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { DefinitionError } from '../errors/definition-error.js';
import { AssetCheckError } from '../errors/asset-check-error.js';
import { describeValue } from '../errors/describe-value.js';
import { AssetCheckResult } from '../events/asset-check-result.js';
import type { RetryPolicy } from '../retry/retry-policy.js';
import { AssetCheckSpec, checkedAssetKey } from './asset-check-spec.js';
import { assetStepName } from './asset-spec.js';
import { DEFINITION_NAME_MAX_LENGTH, isValidDefinitionName } from './definition-name.js';
import { In, type InputDefinition } from './in.js';
import { op } from './op-definition.js';
import type { AnyOpDefinition, OpBody, OpDefinition, OpLambdaOptions } from './op-definition-type.js';
import type { OutputDefinition } from './out.js';

/** The one input of a check's step: the checked asset's value. */
export const ASSET_CHECK_INPUT = 'asset_value';

/** An asset check: an op whose one input is the checked asset's value, and its spec on `assetCheck`. */
export type AssetCheckDefinition<C extends z.ZodType | undefined = z.ZodType | undefined> = OpDefinition<
  C,
  { asset_value: InputDefinition },
  { result: OutputDefinition }
> & { readonly assetCheck: AssetCheckSpec; readonly requiredResourceKeys: readonly string[] };

/** The erased form of any asset check, for collections. */
export type AnyAssetCheckDefinition = AnyOpDefinition & { readonly assetCheck: AssetCheckSpec };

type CheckContext<C extends z.ZodType | undefined> = Parameters<OpBody<C, Record<never, InputDefinition>>>[0];

/** What an asset check's body returns. */
export type AssetCheckBody<C extends z.ZodType | undefined> = (
  context: CheckContext<C>,
  value: unknown,
) => Promise<AssetCheckResult> | AssetCheckResult;

/** Options of {@link assetCheck}. */
export interface AssetCheckOptions<C extends z.ZodType | undefined> {
  /** The check's name: letters, digits and underscores, unique per asset. */
  readonly name: string;
  /** The checked asset: its definition or its key (`'warehouse/sales'`). */
  readonly asset: AssetKeyOrDefinition;
  /**
   * A failed evaluation of severity ERROR fails the check's step and keeps every downstream
   * asset of the checked asset from starting; the run fails.
   * @default false
   */
  readonly blocking?: boolean;
  readonly description?: string;
  /** Run config schema (`runConfig.ops.<check step name>.config`). */
  readonly config?: C;
  /** Resources the body reads from `context.resources`. */
  readonly requiredResourceKeys?: readonly string[];
  readonly retryPolicy?: RetryPolicy;
  readonly lambda?: OpLambdaOptions;
}

/** An asset definition (anything carrying `asset.key`) or an asset key. */
export type AssetKeyOrDefinition = string | readonly string[] | { readonly asset: { readonly key: string } };

/**
 * The step name of check `checkName` on asset `assetKey`: the asset's step name, `__`, the
 * check's name (`sales_transform__check_sales_schema`). Past 64 characters it keeps the first
 * 55 and ends in `_` and 8 hex characters of the full name's SHA-256, so it stays unique and
 * fits state names. Two steps of one job with the same name are a DefinitionError there.
 *
 * @example
 * checkStepName('warehouse/sales', 'has_rows') // → 'warehouse__sales__has_rows'
 */
export function checkStepName(assetKey: string, checkName: string): string {
  const full = `${assetStepName(assetKey)}__${checkName}`;
  if (full.length <= DEFINITION_NAME_MAX_LENGTH) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, DEFINITION_NAME_MAX_LENGTH - 9)}_${hash}`;
}

/**
 * Defines an asset check, like Dagster's `@asset_check`: its own step behind the asset, whose
 * body gets the asset's value and returns an `AssetCheckResult`. The result's `checkName` and
 * `assetKey` are filled in from the definition and recorded as ASSET_CHECK_EVALUATION. A failed
 * blocking check (severity ERROR) fails its step and keeps the asset's downstream assets from
 * running; any other failed check is recorded and the run goes on.
 *
 * @example
 * const checkSchema = assetCheck({ name: 'check_sales_schema', asset: salesTransform, blocking: true },
 *   async (_context, rows) => new AssetCheckResult({ passed: Array.isArray(rows), metadata: { rows: rows.length } }));
 */
export function assetCheck<C extends z.ZodType | undefined = undefined>(
  options: AssetCheckOptions<C>,
  body: AssetCheckBody<C>,
): AssetCheckDefinition<C> {
  const where = `assetCheck "${String(options?.name)}"`;
  if (options?.asset === undefined) {
    throw new DefinitionError(`${where} needs "asset": the asset definition or its key.`, { subject: where });
  }
  const spec = new AssetCheckSpec({
    name: options.name,
    asset: checkedAssetKey(options.asset, where),
    ...(options.blocking !== undefined ? { blocking: options.blocking } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
  });
  const assetKey = spec.assetKey ?? '';
  if (typeof body !== 'function') {
    throw new DefinitionError(`${where} has no body: pass (context, value) => new AssetCheckResult({ passed }).`, {
      subject: spec.name,
    });
  }
  const stepName = checkStepName(assetKey, spec.name);
  if (!isValidDefinitionName(stepName)) {
    throw new DefinitionError(`${where} on asset "${assetKey}" has the invalid step name "${stepName}".`, {
      subject: spec.name,
    });
  }
  const wrapped: OpBody<C, { asset_value: InputDefinition }> = async (context, inputs) => {
    const result: unknown = await body(context as CheckContext<C>, inputs.asset_value);
    context.logEvent(evaluationOf(spec, result));
    return (result as AssetCheckResult).passed;
  };
  const definition = op(
    {
      name: stepName,
      ins: { [ASSET_CHECK_INPUT]: In({ description: `the value of asset "${assetKey}"` }) } as {
        asset_value: InputDefinition;
      },
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(options.config !== undefined ? { config: options.config } : {}),
      ...(options.retryPolicy !== undefined ? { retryPolicy: options.retryPolicy } : {}),
      ...(options.lambda !== undefined ? { lambda: options.lambda } : {}),
      ...(options.requiredResourceKeys !== undefined ? { requiredResourceKeys: options.requiredResourceKeys } : {}),
    },
    wrapped,
  );
  Object.defineProperty(definition, 'assetCheck', { value: spec, enumerable: true });
  return definition as AssetCheckDefinition<C>;
}

/**
 * The evaluation a check body's result records: its own fields, with `checkName` and `assetKey`
 * from the definition. A result that is no AssetCheckResult, or that names another check or
 * asset, is the body's error (it fails the step like a throw).
 */
function evaluationOf(spec: AssetCheckSpec, result: unknown): AssetCheckResult {
  const where = `asset check "${spec.name}" on asset "${spec.assetKey}"`;
  if (!(result instanceof AssetCheckResult)) {
    throw new AssetCheckError(
      `${where} returned ${describeValue(result)}. Return new AssetCheckResult({ passed, metadata? }).`,
    );
  }
  if (result.checkName !== undefined && result.checkName !== spec.name) {
    throw new AssetCheckError(
      `${where} returned AssetCheckResult.checkName "${result.checkName}". Leave checkName out or set it to "${spec.name}".`,
    );
  }
  if (result.assetKey !== undefined && result.assetKey !== spec.assetKey) {
    throw new AssetCheckError(
      `${where} returned AssetCheckResult.assetKey "${result.assetKey}". Leave assetKey out or set it to "${spec.assetKey}".`,
    );
  }
  return new AssetCheckResult({
    passed: result.passed,
    checkName: spec.name,
    ...(spec.assetKey !== undefined ? { assetKey: spec.assetKey } : {}),
    ...(result.description !== undefined ? { description: result.description } : {}),
    ...(result.metadata !== undefined ? { metadata: result.metadata } : {}),
    severity: result.severity,
  });
}
