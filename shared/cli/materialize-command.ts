import type { AnyAssetDefinition } from '../definitions/asset-definition.js';
import { assetJob, IMPLICIT_ASSET_JOB_NAME } from '../definitions/asset-job.js';
import { AssetSelection } from '../definitions/asset-selection.js';
import { assetSpecsOf } from '../definitions/asset-specs-of.js';
import type { Definitions } from '../definitions/definitions.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import { DefinitionError } from '../errors/definition-error.js';
import { CliError } from './cli-error.js';

const GROUP_PREFIX = 'group:';
const SELECTION_HELP =
  "asset keys (raw_sales, warehouse/sales), group:<name>, 'key+' / '+key' (one layer down / up), 'key*' / '*key' (all down / up), '*' (every asset)";

/**
 * The selection the arguments of `stepster materialize` name: their union. `group:<name>`
 * selects a group; every other argument is a selection string (`key`, `key+`, `+key`, `key*`,
 * `*key`, `*`).
 *
 * @example
 * selectionFromArgs(['group:sales', 'validation_warnings_report'])
 */
export function selectionFromArgs(args: readonly string[]): AssetSelection {
  if (args.length === 0) throw new CliError(`"materialize" needs a selection: ${SELECTION_HELP}.`);
  const parts = args.map((arg) => {
    if (!arg.startsWith(GROUP_PREFIX)) return AssetSelection.from(arg);
    const group = arg.slice(GROUP_PREFIX.length);
    if (group === '') throw new CliError(`"${arg}" names no group: write group:<name>, e.g. group:sales.`);
    return AssetSelection.groups(group);
  });
  return parts.slice(1).reduce((union, part) => union.or(part), parts[0] ?? AssetSelection.all());
}

/**
 * What `stepster materialize <selection...>` runs (through `runCommand`, as `stepster run`):
 * the implicit asset job (`__ASSET_JOB`) narrowed to the assets `args` select, as Dagster's
 * `dagster asset materialize --select` runs it. A selection that matches nothing, or names
 * no asset, is a CliError listing the known keys and groups; it is found before the local
 * store opens.
 */
export function selectedAssetJob(definitions: Definitions, args: readonly string[]): JobDefinition {
  const assets = definitions.assets;
  if (assets.length === 0) {
    throw new CliError('these Definitions have no assets. Pass them as new Definitions({ assets: [...] }).');
  }
  // Every key, a multi-asset's included: assetSpecsOf lists one spec per key.
  const keys = assets.flatMap((a) => assetSpecsOf(a).map((spec) => spec.key));
  const known = `Known asset keys: ${keys.join(', ')}; groups: ${groupsOf(assets)}.`;
  let selected: AnyAssetDefinition[];
  try {
    selected = selectionFromArgs(args).resolve(assets);
  } catch (error) {
    // The selection's own message already lists the keys; the groups help too.
    if (error instanceof DefinitionError) throw new CliError(`${error.message} Groups: ${groupsOf(assets)}.`);
    throw error;
  }
  if (selected.length === 0) throw new CliError(`the selection ${args.join(' ')} matches no asset. ${known}`);
  try {
    // The checks of the selected assets run too, as in the implicit job.
    return assetJob({ name: IMPLICIT_ASSET_JOB_NAME }, selected, definitions.assetChecks);
  } catch (error) {
    if (error instanceof DefinitionError) throw new CliError(error.message);
    throw error;
  }
}

function groupsOf(assets: readonly AnyAssetDefinition[]): string {
  return [...new Set(assets.flatMap((a) => assetSpecsOf(a).map((spec) => spec.group)))].join(', ');
}

/**
 * How `stepster materialize` runs a selection: the Definitions' implicit asset job with the
 * selected steps (the assets and their checks) as its op selection, the same path as
 * `stepster run --select` and the deployed `__ASSET_JOB` state machine take; the run is tagged
 * `stepster/op_selection`. When the implicit job lacks a selected step (an observable source has
 * its own job), the job of exactly the selection runs instead, as before.
 *
 * @example
 * const { job, selection } = selectedAssetRun(definitions, ['raw_sales+']);
 */
export function selectedAssetRun(
  definitions: Definitions,
  args: readonly string[],
): { readonly job: JobDefinition; readonly selection?: readonly string[] } {
  const subset = selectedAssetJob(definitions, args);
  const implicit = definitions.jobs.find((job) => job.name === IMPLICIT_ASSET_JOB_NAME);
  const steps = subset.nodes.map((node) => node.name);
  if (implicit === undefined || !steps.every((step) => implicit.hasNode(step))) return { job: subset };
  return { job: implicit, selection: steps };
}
