import type { AnyAssetCheckDefinition } from '../definitions/asset-check.js';
import type { AnyAssetDefinition } from '../definitions/asset-definition.js';
import { assetJob, IMPLICIT_ASSET_JOB_NAME } from '../definitions/asset-job.js';
import { assetStepName } from '../definitions/asset-spec.js';
import { assetOutputName, assetSpecsOf } from '../definitions/asset-specs-of.js';
import type { RunConfig } from '../definitions/run-config.js';
import type { EventLogStore } from '../event-log/event-log-store.js';
import { type ExecuteInProcessResult, executeInProcess } from './execute-in-process.js';

/** What {@link materialize} returns: the run's result and each asset's value. */
export interface MaterializeResult extends ExecuteInProcessResult {
  /** The value the run materialized for `key`; throws as `outputFor` does when there is none. */
  assetValue(key: string): unknown;
}

/**
 * Materializes `assets` in one local run through the compiled state machine, like Dagster's
 * `materialize`: for tests. The asset checks among `assets` run behind their assets (a check of
 * an asset not given is left out); an `AssetIn` naming an asset not in `assets` loads that
 * asset's last materialized value.
 *
 * @example
 * const result = await materialize([rawSales, salesTransform], { resources: { paths } });
 * expect(result.assetValue('sales_transform')).toHaveLength(3);
 */
export async function materialize(
  assets: readonly (AnyAssetDefinition | AnyAssetCheckDefinition)[],
  options: {
    runConfig?: RunConfig;
    resources?: Record<string, unknown>;
    tags?: Record<string, string>;
    /** @default true */
    raiseOnError?: boolean;
    /** @default a process-wide in-memory instance */
    instance?: EventLogStore;
    /** The partition to materialize: recorded as `data.partition` on each materialization. */
    partitionKey?: string;
  } = {},
): Promise<MaterializeResult> {
  const checks = assets.filter((a): a is AnyAssetCheckDefinition => 'assetCheck' in a);
  const definitions = assets.filter((a): a is AnyAssetDefinition => !('assetCheck' in a));
  const job = assetJob({ name: IMPLICIT_ASSET_JOB_NAME }, definitions, checks);
  const result = await executeInProcess(job, options);
  const stepOf = (key: string): [string, string?] => {
    for (const definition of definitions) {
      const spec = assetSpecsOf(definition).find((s) => s.key === key);
      if (spec) return [definition.name, assetOutputName(spec)];
    }
    return [assetStepName(key)];
  };
  return { ...result, assetValue: (key) => result.outputFor(...stepOf(key)) };
}
