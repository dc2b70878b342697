import { RunConfigError } from '../errors/run-config-error.js';
import type { ValidationIssue } from '../errors/validation-issue.js';
import type { AnyAssetDefinition } from './asset-definition.js';
import { assetSpecsOf } from './asset-specs-of.js';
import type { JobDefinition } from './job-definition.js';
import { SystemTag } from './run-tags.js';
import { MAPPING_KEY_PATTERN } from '../events/dynamic-output.js';
import { nodeOfStepKey } from './mapped-step-key.js';

/** One parsed selection query: a step and how many layers up and down it reaches. */
interface SelectionQuery {
  readonly name: string;
  readonly up: number;
  readonly down: number;
}

// `*` on a side reaches every layer that way; each `+` one more layer.
const ALL_LAYERS = Number.POSITIVE_INFINITY;
const QUERY = /^(\*|\+*)([^*+\s]+)(\*|\+*)$/;

/**
 * The steps of `job` a selection names, in the job's step order, with Dagster's op selection
 * syntax: `name`, `name*` (and everything downstream), `*name` (and everything upstream),
 * `+name` / `name+` (one layer up / down; `++name`, `name++` two, and so on), combined freely
 * (`+name*`). Several queries select their union. A name is a step name (an op's alias, an
 * asset's step `warehouse__sales`), an asset key (`warehouse/sales`), or one item of a mapped
 * op, `process[a]` (as Dagster's step keys): the op's other items are then left out.
 *
 * `path` names the field in errors (`selection` in an execution input, `--select` on the CLI).
 *
 * @throws RunConfigError naming each query that is malformed or names no step, listing the steps
 * @example
 * resolveOpSelection(salesJob, ['fetch_sales*']); // ['fetch_sales', 'transform', 'summary_report']
 * resolveOpSelection(salesJob, ['+summary_report']); // ['transform', 'summary_report']
 */
export function resolveOpSelection(job: JobDefinition, queries: readonly string[], path = 'selection'): string[] {
  if (queries.length === 0) {
    throw new RunConfigError([
      { path, message: 'selects no step: name at least one (e.g. ["a*"]), or leave the selection out to run them all' },
    ]);
  }
  const stepOf = stepNamesByQueryName(job);
  const issues: ValidationIssue[] = [];
  const selected = new Set<string>();
  queries.forEach((text, index) => {
    const query = parseQuery(text);
    const step = query === undefined ? undefined : (stepOf.get(query.name) ?? mappedItemStep(job, query.name));
    if (query === undefined || step === undefined) {
      issues.push({
        path: `${path}[${index}]`,
        message:
          query === undefined
            ? `${JSON.stringify(text)} is not a selection: write "name", "name*", "*name", "+name", "name+" (repeat + for more layers)`
            : `job "${job.name}" has no step "${query.name}"; its steps are: ${job.nodes.map((n) => n.name).join(', ')}`,
      });
      return;
    }
    walk(step, query.up, (name) => [...job.node(name).upstream], selected);
    walk(step, query.down, (name) => job.downstreamOf(nodeOfStepKey(name)).map((n) => n.name), selected);
  });
  if (issues.length > 0) throw new RunConfigError(issues);
  // Job order; a mapped op's selected items stand where the op does, dropped when it is selected whole.
  return job.nodes.flatMap((n) =>
    selected.has(n.name) ? [n.name] : [...selected].filter((step) => step !== n.name && nodeOfStepKey(step) === n.name),
  );
}

/**
 * Whether a run with `selected` steps (undefined: all) runs step `stepKey`: its own key, or for
 * an item `process[a]`, its op `process` selected whole.
 *
 * @example
 * isStepSelected(new Set(['process[b]']), 'process[a]'); // false
 * isStepSelected(new Set(['process']), 'process[a]'); // true
 */
export function isStepSelected(selected: ReadonlySet<string> | undefined, stepKey: string): boolean {
  return selected === undefined || selected.has(stepKey) || selected.has(nodeOfStepKey(stepKey));
}

/**
 * Splits CLI `--select` values: each may be repeated or hold a comma-separated list.
 *
 * @example
 * splitSelectionArgs(['a*,+c', 'd']); // ['a*', '+c', 'd']
 */
export function splitSelectionArgs(values: readonly string[]): string[] {
  return values
    .flatMap((value) => value.split(','))
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/**
 * The steps a run selected, from its `stepster/op_selection` tag (run start sets it to the JSON
 * list of selected step names); undefined when the run runs every step.
 *
 * @example
 * selectedStepsOf({ 'stepster/op_selection': '["b","c"]' }); // Set { 'b', 'c' }
 */
export function selectedStepsOf(tags: Readonly<Record<string, string>>): ReadonlySet<string> | undefined {
  const raw = tags[SystemTag.OP_SELECTION];
  if (raw === undefined) return undefined;
  const parsed: unknown = JSON.parse(raw);
  if (!Array.isArray(parsed) || !parsed.every((name) => typeof name === 'string')) {
    throw new RunConfigError([
      { path: `tags.${SystemTag.OP_SELECTION}`, message: 'must be a JSON list of step names' },
    ]);
  }
  return new Set(parsed);
}

function parseQuery(text: string): SelectionQuery | undefined {
  const match = QUERY.exec(text.trim());
  const name = match?.[2];
  if (!match || !name) return undefined;
  const layers = (side: string | undefined): number => (side === '*' ? ALL_LAYERS : (side ?? '').length);
  return { name, up: layers(match[1]), down: layers(match[3]) };
}

/** Step name and, for asset steps, every asset key they materialize → the step. */
function stepNamesByQueryName(job: JobDefinition): Map<string, string> {
  const names = new Map<string, string>();
  for (const node of job.nodes) {
    if (node.op.asset) for (const spec of assetSpecsOf(node.op as AnyAssetDefinition)) names.set(spec.key, node.name);
  }
  // A step's own name wins over an asset key spelled the same.
  for (const node of job.nodes) names.set(node.name, node.name);
  return names;
}

/** `process[a]` when `process` is a mapped op of the job and `a` a well-formed mapping key. */
function mappedItemStep(job: JobDefinition, name: string): string | undefined {
  const node = job.nodes.find((n) => n.name === nodeOfStepKey(name));
  const key = name.slice(nodeOfStepKey(name).length + 1, -1);
  const wellFormed = name === `${nodeOfStepKey(name)}[${key}]` && MAPPING_KEY_PATTERN.test(key);
  return node?.mappedInput !== undefined && wellFormed ? name : undefined;
}

// Breadth-first from `start`, `layers` steps along `next`; `selected` gains every step reached.
function walk(start: string, layers: number, next: (name: string) => string[], selected: Set<string>): void {
  const seen = new Set([start]);
  let frontier = [start];
  for (let layer = 0; layer < layers && frontier.length > 0; layer++) {
    frontier = frontier.flatMap(next).filter((name) => !seen.has(name) && seen.add(name));
  }
  for (const name of seen) selected.add(name);
}
