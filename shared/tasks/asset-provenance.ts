import type { AnyAssetDefinition } from '../definitions/asset-definition.js';
import { assetSpecsOf } from '../definitions/asset-specs-of.js';
import type { NodeSpec } from '../definitions/graph-builder.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import { SystemTag } from '../definitions/run-tags.js';
import type { AssetRecordStore } from '../event-log/asset-record-store.js';
import type { EventRecord } from '../event-log/event-record.js';
import { outputDataVersion } from '../event-log/output-data-version.js';
import type { StepAttemptStore } from '../event-log/step-attempt-store.js';
import type { StepState } from '../event-log/step-state.js';
import { EventType } from '../events/event-type.js';
import type { MaterializationFacts, StoredOutputRef } from '../events/materialization-facts.js';
import { MissingAssetValueError } from './missing-asset-value-error.js';
import type { LoadedInput } from './read-attempt.js';

/** What every materialization of one asset step attempt shares. */
export interface AssetProvenance {
  readonly runId: string;
  readonly stepKey: string;
  readonly partition: string | null;
  /** Upstream asset key → the data version the step computes from. */
  readonly inputDataVersions: Readonly<Record<string, string>>;
}

/** What an asset step reads before its body runs: its provenance and the upstream values its job does not run. */
export interface AssetStepPreparation {
  readonly provenance: AssetProvenance;
  /** Inputs loaded from the upstream's last materialization (upstreams outside this job). */
  readonly storedInputs: readonly LoadedInput[];
}

/** The ports the preparation reads: latest asset events, and stored outputs of earlier runs. */
export interface AssetPreparationDeps {
  readonly job: JobDefinition;
  readonly assets: AssetRecordStore;
  readonly steps: Pick<StepAttemptStore, 'readOutputs'>;
}

/**
 * Before an asset step's body runs: loads each `ins` upstream its job does not run from that
 * upstream's last materialization (through the same output codec), and finds the data version
 * of every upstream (`ins` and `deps`). An upstream in this run gives its version through its
 * step state (already read, strongly consistent: no request); one outside the run gives the
 * version of its latest materialization or observation (one index Query). A partitioned run
 * reads an upstream's events of its partition, or unpartitioned ones.
 *
 * @throws MissingAssetValueError when an upstream to load has no stored value
 */
export async function prepareAssetStep(
  deps: AssetPreparationDeps,
  node: NodeSpec,
  run: { readonly runId: string; readonly tags: Readonly<Record<string, string>> },
  upstreamStates: Readonly<Record<string, StepState | undefined>>,
  /** Inputs wired to steps the run's selection left out, with no reused value: loaded like unwired ones. */
  unselectedInputs: readonly string[] = [],
): Promise<AssetStepPreparation | undefined> {
  const spec = node.op.asset;
  if (spec === undefined) return undefined;
  const partition = run.tags[SystemTag.PARTITION] ?? null;
  const partitionQuery = partition === null ? {} : { partition, orUnpartitioned: true };
  const versions: Record<string, string> = {};
  const storedInputs: LoadedInput[] = [];
  const unselected = Object.entries(spec.ins).filter(
    ([inputName]) => node.inputs[inputName] === undefined || unselectedInputs.includes(inputName),
  );
  await Promise.all(
    unselected.map(async ([inputName, upKey]) => {
      const latest = await deps.assets.latestAssetEvent({
        assetKey: upKey,
        ofType: [EventType.ASSET_MATERIALIZATION],
        versioned: true,
        ...partitionQuery,
      });
      const ref = storedOutputOf(latest);
      if (latest === undefined || ref === undefined) {
        throw new MissingAssetValueError(
          `asset "${spec.key}" input "${inputName}" loads asset "${upKey}", which job "${deps.job.name}" does not run and which has no stored materialization${partition === null ? '' : ` for partition "${partition}"`}. Materialize "${upKey}" first, or add it to the job's selection.`,
        );
      }
      const lookup = (await deps.steps.readOutputs(ref.runId, [{ node: ref.stepKey, output: ref.outputName }])).get(
        `${ref.stepKey}.${ref.outputName}`,
      );
      if (!lookup?.found) {
        throw new MissingAssetValueError(
          `asset "${spec.key}" input "${inputName}": the stored value of asset "${upKey}" (output "${ref.outputName}" of step "${ref.stepKey}" in run ${ref.runId}) is gone. Materialize "${upKey}" again.`,
        );
      }
      storedInputs.push({
        name: inputName,
        node: ref.stepKey,
        output: ref.outputName,
        value: lookup.value,
        ...(lookup.reference ? { reference: lookup.reference } : {}),
      });
      const version = latest.data?.dataVersion;
      if (typeof version === 'string') versions[upKey] = version;
    }),
  );
  const upstreamKeys = [...new Set([...Object.values(spec.ins), ...spec.deps])].filter((key) => !(key in versions));
  await Promise.all(
    upstreamKeys.map(async (upKey) => {
      // A multi-asset upstream materializes several keys in one step.
      const inRun = deps.job.nodes.find((candidate) =>
        candidate.op.asset ? assetSpecsOf(candidate.op as AnyAssetDefinition).some((s) => s.key === upKey) : false,
      );
      const fromState = inRun === undefined ? undefined : upstreamStates[inRun.name]?.assetVersions?.[upKey];
      if (fromState !== undefined) {
        versions[upKey] = fromState;
        return;
      }
      const latest = await deps.assets.latestAssetEvent({
        assetKey: upKey,
        ofType: [EventType.ASSET_MATERIALIZATION, EventType.ASSET_OBSERVATION],
        versioned: true,
        ...partitionQuery,
      });
      const version = latest?.data?.dataVersion;
      // An upstream never recorded has no version yet: it is left out, not invented.
      if (typeof version === 'string') versions[upKey] = version;
    }),
  );
  // Inputs in declaration order, whatever order their reads finished in.
  const order = Object.keys(spec.ins);
  storedInputs.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  return {
    provenance: { runId: run.runId, stepKey: node.name, partition, inputDataVersions: sortKeys(versions) },
    storedInputs,
  };
}

/**
 * The facts of one output's materialization: the version the body set, else the hash of the
 * stored output; undefined for a value the codec cannot store (the step fails on it).
 */
export function materializationFacts(
  provenance: AssetProvenance,
  entry: { readonly name: string; readonly value: unknown; readonly dataVersion?: string },
): MaterializationFacts | undefined {
  const dataVersion = entry.dataVersion ?? outputDataVersion(entry.value);
  if (dataVersion === undefined) return undefined;
  return {
    partition: provenance.partition,
    dataVersion,
    inputDataVersions: provenance.inputDataVersions,
    storedOutput: { runId: provenance.runId, stepKey: provenance.stepKey, outputName: entry.name },
  };
}

function storedOutputOf(record: EventRecord | undefined): StoredOutputRef | undefined {
  const ref = record?.data?.storedOutput;
  if (typeof ref !== 'object' || ref === null) return undefined;
  const { runId, stepKey, outputName } = ref as Record<string, unknown>;
  if (typeof runId !== 'string' || typeof stepKey !== 'string' || typeof outputName !== 'string') return undefined;
  return { runId, stepKey, outputName };
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
