import { describeValue } from '../errors/describe-value.js';
import { AssetObservation } from '../events/asset-observation.js';
import { DataVersion } from '../events/data-version.js';
import type { AssetKeyInput } from '../metadata/asset-key.js';
import type { RawMetadata } from '../metadata/normalize-metadata.js';
import type { RetryPolicy } from '../retry/retry-policy.js';
import { type AnyAssetDefinition, asset } from './asset-definition.js';
import type { AssetSpec } from './asset-spec.js';
import { ObservationError } from './observation-error.js';
import { op } from './op-definition.js';
import type { OpLambdaOptions } from './op-definition-type.js';
import type { OpExecutionContext } from './op-execution-context.js';
import { Out } from './out.js';

/** Options of {@link observableSourceAsset}. Give `name` (one segment) or `key` (a path), not both. */
export interface ObservableSourceAssetOptions {
  readonly name?: string;
  readonly key?: AssetKeyInput;
  /** @default 'default' */
  readonly group?: string;
  readonly description?: string;
  /** Facts about the source itself (not about one observation). */
  readonly metadata?: RawMetadata;
  readonly kinds?: readonly string[];
  readonly owners?: readonly string[];
  readonly tags?: Record<string, string>;
  /** Resources the observation reads: `context.resources` holds exactly these. */
  readonly requiredResourceKeys?: readonly string[];
  readonly retryPolicy?: RetryPolicy;
  readonly lambda?: OpLambdaOptions;
}

/** An observable source asset: a step that records observations (`asset.observable` is true), never materializations. */
export type ObservableSourceAssetDefinition = AnyAssetDefinition & {
  readonly asset: AssetSpec & { readonly observable: true };
};

/**
 * Defines a source asset whose data stepster does not produce but can observe, like Dagster's
 * `@observable_source_asset`: its step runs `observe` and records ASSET_OBSERVATION with the
 * returned `DataVersion`. Select it in an asset job of its own (an observation job; a job
 * mixing it with regular assets is a DefinitionError); regular assets list it in `deps`, and
 * are stale once it is observed with a version other than the one they were built from.
 *
 * @example
 * const fooSourceAsset = observableSourceAsset({ name: 'foo_source_asset' }, async () =>
 *   new DataVersion(createHash('sha256').update(await readFile('foo.csv')).digest('hex')));
 * const observationJob = defineAssetJob({ name: 'observation_job', selection: [fooSourceAsset] });
 * const daily = schedule({ name: 'observe_daily', job: observationJob, cronSchedule: '@daily' });
 */
export function observableSourceAsset(
  options: ObservableSourceAssetOptions,
  observe: (context: OpExecutionContext) => Promise<DataVersion> | DataVersion,
): ObservableSourceAssetDefinition {
  // asset() validates the key and builds the catalog facts; the step itself differs.
  const { retryPolicy, lambda, ...facts } = options;
  const base = asset(facts, async () => undefined);
  const spec: AssetSpec & { observable: true } = Object.freeze({ ...base.asset, observable: true as const });
  // An observation stores no value: its one output is optional and never produced.
  const definition = op(
    {
      name: base.name,
      out: { result: Out({ isRequired: false, description: 'An observation stores no value.' }) },
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(retryPolicy !== undefined ? { retryPolicy } : {}),
      ...(lambda !== undefined ? { lambda } : {}),
      ...(options.requiredResourceKeys !== undefined ? { requiredResourceKeys: options.requiredResourceKeys } : {}),
    },
    async function* (context) {
      const version: unknown = await observe(context);
      if (!(version instanceof DataVersion)) {
        throw new ObservationError(
          `observable source asset "${spec.key}" returned ${describeValue(version)}. Return a DataVersion: return new DataVersion(hashOfTheSource).`,
        );
      }
      yield new AssetObservation({ assetKey: spec.key, dataVersion: version });
    },
  );
  Object.defineProperty(definition, 'asset', { value: spec, enumerable: true });
  return definition as unknown as ObservableSourceAssetDefinition;
}

/** Whether an asset is an observable source (its step observes; it materializes nothing). */
export function isObservableSource(definition: AnyAssetDefinition): boolean {
  return (definition.asset as AssetSpec & { readonly observable?: boolean }).observable === true;
}
