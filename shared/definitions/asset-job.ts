import { DefinitionError } from '../errors/definition-error.js';
import type { LoggerDefinition } from '../loggers/logger-definition.js';
import type { RawMetadata } from '../metadata/normalize-metadata.js';
import type { AnyAssetCheckDefinition } from './asset-check.js';
import { CheckWiring } from './asset-check-wiring.js';
import type { AnyAssetDefinition } from './asset-definition.js';
import { AssetSelection, upstreamKeys } from './asset-selection.js';
import type { AssetSpec } from './asset-spec.js';
import { assetOutputName, assetSpecsOf } from './asset-specs-of.js';
import type { NodeSpec } from './graph-builder.js';
import { JobDefinition } from './job-definition.js';
import { loadedAssetSourcesOf } from './loaded-asset-source.js';
import { assertNotMixed } from './observation-job-rules.js';
import { assetJobPartitionsDef } from './partitions/asset-job-partitions.js';
import type { PartitionsDefinition } from './partitions/partitions-definition.js';

/** The name of the implicit job of every asset of a Definitions (Dagster's). */
export const IMPLICIT_ASSET_JOB_NAME = '__ASSET_JOB';

/** Options of {@link defineAssetJob}. */
export interface AssetJobOptions {
  /** Unique job name: letters, digits and underscores. */
  readonly name: string;
  /**
   * The assets the job materializes.
   * @default every asset ('*')
   */
  readonly selection?: AssetSelection | string | readonly (string | AnyAssetDefinition)[];
  readonly description?: string;
  readonly tags?: Record<string, unknown>;
  readonly metadata?: RawMetadata;
  readonly loggerDefs?: Record<string, LoggerDefinition>;
  /**
   * The job's partitions. @default the one partitions definition its selected assets share
   * (a selection mixing definitions is a DefinitionError naming the assets)
   */
  readonly partitionsDef?: PartitionsDefinition;
}

/**
 * An asset job before it knows the assets: `Definitions({ assets, jobs })` resolves it into a
 * {@link JobDefinition} (Dagster's `UnresolvedAssetJobDefinition`).
 */
export class UnresolvedAssetJob {
  readonly kind = 'unresolved-asset-job' as const;
  readonly selection: AssetSelection;

  constructor(readonly options: AssetJobOptions) {
    this.selection = AssetSelection.from(options.selection ?? '*');
    // Definitions given in the selection are known now: a mixed one is refused here already.
    if (Array.isArray(options.selection)) {
      assertNotMixed(
        options.name,
        options.selection.filter((item): item is AnyAssetDefinition => typeof item !== 'string'),
      );
    }
  }

  get name(): string {
    return this.options.name;
  }

  /** The job of the selected assets among `assets`, with the `checks` of those assets. */
  resolve(assets: readonly AnyAssetDefinition[], checks: readonly AnyAssetCheckDefinition[] = []): JobDefinition {
    return assetJob(this.options, this.selection.resolve(assets), checks, 'refuse', assets);
  }
}

/**
 * Defines a job that materializes a selection of assets, like Dagster's `define_asset_job`.
 * It becomes a normal job (one Task per asset step) once `Definitions({ assets })` resolves it.
 *
 * @example
 * const salesJob = defineAssetJob({ name: 'sales_assets', selection: AssetSelection.groups('sales') });
 * export default new Definitions({ assets: [rawSales, salesTransform], jobs: [salesJob] });
 */
export function defineAssetJob(options: AssetJobOptions): UnresolvedAssetJob {
  return new UnresolvedAssetJob(options);
}

/**
 * The job of exactly `selected`, wired by their `ins` (data) and `deps` (order only), with the
 * `checks` of selected assets (a check of an unselected asset is left out). A dep outside the
 * selection is dropped; an `AssetIn` whose upstream is not selected stays unwired, and the step
 * loads that upstream's last materialized value (DESIGN section 8). Wiring of checks: see
 * asset-check-wiring.ts.
 */
export function assetJob(
  options: Omit<AssetJobOptions, 'selection'>,
  selected: readonly AnyAssetDefinition[],
  checks: readonly AnyAssetCheckDefinition[] = [],
  /** What a selection mixing partitions definitions gives: an error, or (implicit job) no partitions. */
  mixedPartitions: 'refuse' | 'unpartitioned' = 'refuse',
  /** Every asset of the Definitions: where the upstreams the job loads without running live. */
  assets: readonly AnyAssetDefinition[] = selected,
): JobDefinition {
  if (selected.length === 0) {
    throw new DefinitionError(`asset job "${options.name}" selects no asset. Check its selection.`, {
      subject: options.name,
    });
  }
  assertNotMixed(options.name, selected);
  const partitionsDef = assetJobPartitionsDef(options.name, options.partitionsDef, selected, mixedPartitions);
  const byKey = new Map<string, { definition: AnyAssetDefinition; spec: AssetSpec }>();
  for (const definition of selected)
    for (const spec of assetSpecsOf(definition)) byKey.set(spec.key, { definition, spec });
  const wiring = new CheckWiring(checks, byKey);
  const nodes = new Map<string, NodeSpec>();
  const visiting = new Set<string>();
  const add = (node: NodeSpec) => {
    if (nodes.has(node.name)) {
      throw new DefinitionError(
        `asset job "${options.name}" has two steps named "${node.name}". Rename an asset or a check so their step names differ.`,
        { subject: node.name },
      );
    }
    nodes.set(node.name, node);
  };
  // Depth-first so every node follows its upstream, as a job body's calls do.
  const visit = (definition: AnyAssetDefinition): NodeSpec => {
    const key = definition.asset.key;
    const done = nodes.get(definition.name);
    if (done?.op === definition) return done;
    if (visiting.has(definition.name)) {
      throw new DefinitionError(`asset "${key}" depends on itself through its ins or deps. Break the cycle.`, {
        subject: key,
      });
    }
    visiting.add(definition.name);
    const inputs: Record<string, { node: string; output: string }> = {};
    for (const [inputName, upKey] of Object.entries(definition.asset.ins)) {
      const up = byKey.get(upKey);
      // Not selected: the op task loads the upstream's last materialization (asset-provenance.ts).
      if (!up) continue;
      inputs[inputName] = { node: visit(up.definition).name, output: assetOutputName(up.spec) };
    }
    const upstream = upstreamKeys(definition).flatMap((upKey) => {
      const up = byKey.get(upKey);
      return up ? [visit(up.definition).name] : [];
    });
    const node: NodeSpec = {
      name: definition.name,
      op: definition,
      inputs,
      ...wiring.downstreamOf(definition, upstream),
    };
    add(node);
    for (const check of wiring.checkNodesOf(definition)) add(check);
    visiting.delete(definition.name);
    return node;
  };
  for (const definition of selected) visit(definition);
  const { name, description, tags, metadata, loggerDefs } = options;
  return new JobDefinition(
    {
      name,
      ...(description !== undefined ? { description } : {}),
      ...(tags !== undefined ? { tags } : {}),
      ...(metadata !== undefined ? { metadata } : {}),
      ...(loggerDefs !== undefined ? { loggerDefs } : {}),
      ...(partitionsDef !== undefined ? { partitionsDef } : {}),
    },
    [...nodes.values()],
    loadedAssetSourcesOf(selected, assets),
  );
}
