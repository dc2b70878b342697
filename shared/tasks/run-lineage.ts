import type { JobDefinition } from '../definitions/job-definition.js';
import { nodeOfStepKey } from '../definitions/mapped-step-key.js';
import { SystemTag } from '../definitions/run-tags.js';
import type { ValidationIssue } from '../errors/validation-issue.js';
import { isTerminalRunStatus } from '../event-log/run-record.js';
import type { RunStore } from '../event-log/run-store.js';
import type { StepAttemptStore } from '../event-log/step-attempt-store.js';
import { type StepState, StepStatus } from '../event-log/step-state.js';
import { fanOutSourceOf } from './mapping-keys.js';

/** What run start checks a run's selection and lineage against. */
export interface RunLineageDeps {
  readonly job: JobDefinition;
  readonly runs: Pick<RunStore, 'getRun'>;
  readonly steps: Pick<StepAttemptStore, 'getStepStates'>;
}

/** The run being started: its id, its system tags, and the steps it selected (undefined: all). */
export interface RunLineageClaim {
  readonly runId: string;
  readonly systemTags: Readonly<Record<string, string>>;
  readonly selection?: readonly string[];
  /** System tags the in-process launcher vouches for (they need no parent). */
  readonly vouchedTags?: Readonly<Record<string, string>>;
}

/**
 * Run start's checks that need the event log, before any op runs. A re-execution's lineage
 * tags must describe a real run: the parent exists, ran this job, has ended, and the root is
 * the parent's root (or the parent). Its partition is the parent's. And every selected step
 * must have each input's value somewhere: from a selected upstream, from the step the parent
 * run (or an ancestor) succeeded, or, for an asset reading an asset, from its last
 * materialization (loaded when the step runs, as for an upstream outside the job).
 *
 * @example
 * const issues = await checkRunLineage({ job, runs: store, steps: store }, { runId, systemTags, selection: ['c'] });
 */
export async function checkRunLineage(deps: RunLineageDeps, claim: RunLineageClaim): Promise<ValidationIssue[]> {
  const issues: ValidationIssue[] = [];
  const parentId = claim.systemTags[SystemTag.PARENT_RUN_ID];
  const rootId = claim.systemTags[SystemTag.ROOT_RUN_ID];
  const tagPath = (tag: string) => `stepster.tags.${tag}`;
  if (parentId === undefined && rootId !== undefined) {
    issues.push({
      path: tagPath(SystemTag.ROOT_RUN_ID),
      message: `a run without "${SystemTag.PARENT_RUN_ID}" is its own root`,
    });
    return issues;
  }
  let parentStates: Record<string, StepState> | undefined;
  if (parentId !== undefined) {
    const parent = await deps.runs.getRun(parentId);
    const path = tagPath(SystemTag.PARENT_RUN_ID);
    if (parent === undefined || parentId === claim.runId) {
      issues.push({ path, message: `no run "${parentId}" to re-execute in this event log` });
    } else if (parent.jobName !== deps.job.name) {
      issues.push({ path, message: `run "${parentId}" ran job "${parent.jobName}", not "${deps.job.name}"` });
    } else if (!isTerminalRunStatus(parent.status)) {
      issues.push({ path, message: `run "${parentId}" is ${parent.status}: re-execute it once it has ended` });
    } else {
      const expectedRoot = parent.rootRunId ?? parent.runId;
      if (rootId !== expectedRoot) {
        issues.push({
          path: tagPath(SystemTag.ROOT_RUN_ID),
          message:
            rootId === undefined
              ? `missing: a re-execution of run "${parentId}" carries its chain's root, "${expectedRoot}"`
              : `the root of run "${parentId}"'s chain is "${expectedRoot}", not "${rootId}"`,
        });
      }
      const partition = claim.systemTags[SystemTag.PARTITION];
      if (partition !== undefined && claim.vouchedTags?.[SystemTag.PARTITION] !== partition) {
        if (parent.tags[SystemTag.PARTITION] !== partition) {
          issues.push({
            path: tagPath(SystemTag.PARTITION),
            message: `a re-execution runs its parent's partition ("${parent.tags[SystemTag.PARTITION] ?? 'none'}")`,
          });
        }
      }
      parentStates = await deps.steps.getStepStates(parentId);
    }
  }
  if (issues.length > 0 || claim.selection === undefined) return issues;
  issues.push(...unsuppliedInputs(deps.job, new Set(claim.selection), parentId, parentStates));
  return issues;
}

/** Whether a step state holds outputs a re-execution can read (it ran them, or reused them itself). */
export function reusableState(state: StepState | undefined): boolean {
  if (state?.status === StepStatus.SUCCESS) return true;
  return state?.status === StepStatus.NOT_SELECTED && state.reusedFrom !== undefined;
}

/** The run whose output items hold a reusable step's outputs. */
export function reuseSource(parentRunId: string, state: StepState): string {
  return state.reusedFrom ?? parentRunId;
}

function unsuppliedInputs(
  job: JobDefinition,
  selected: ReadonlySet<string>,
  parentId: string | undefined,
  parentStates: Readonly<Record<string, StepState>> | undefined,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const node of job.nodes) {
    const items = [...selected].filter((step) => step !== node.name && nodeOfStepKey(step) === node.name);
    if (!selected.has(node.name) && items.length === 0) continue;
    for (const [inputName, ref] of Object.entries(node.inputs)) {
      if (supplied(job, ref.node, selected, parentStates)) continue;
      // An asset reading an asset loads its last materialization when the step runs (asset-provenance.ts).
      if (node.op.asset && job.node(ref.node).op.asset) continue;
      issues.push({
        path: 'selection',
        message:
          `step "${node.name}" input "${inputName}" reads output "${ref.output}" of step "${ref.node}", which the selection leaves out` +
          (parentId === undefined
            ? `: select "${ref.node}" too (e.g. "+${node.name}"), or re-execute a run in which "${ref.node}" succeeded`
            : ` and run "${parentId}" did not succeed it: select "${ref.node}" too (e.g. "+${node.name}")`),
      });
    }
    const emitter = node.mappedInput === undefined ? undefined : fanOutSourceOf(node).node;
    if (items.length > 0 && !selected.has(node.name) && emitter !== undefined && selected.has(emitter)) {
      issues.push({
        path: 'selection',
        message: `step "${items[0]}" is one item of op "${node.name}", whose emitter "${emitter}" the selection runs again and may emit other items: select "${node.name}" whole, or leave "${emitter}" out to reuse its items`,
      });
    }
  }
  return issues;
}

/**
 * Whether the run has the outputs of step `upstream`: it runs it, or an ancestor produced them.
 * A mapped op left out, or run only for some items, has them when its emitter is reused (the
 * same key list) and each item the parent ran is reused or runs again. An item the parent never
 * ran is not seen here (that needs the key list); the collect then fails naming its input.
 */
function supplied(
  job: JobDefinition,
  upstream: string,
  selected: ReadonlySet<string>,
  parentStates: Readonly<Record<string, StepState>> | undefined,
): boolean {
  if (selected.has(upstream) || reusableState(parentStates?.[upstream])) return true;
  const node = job.node(upstream);
  if (node.mappedInput === undefined || parentStates === undefined) return false;
  const emitter = fanOutSourceOf(node).node;
  if (selected.has(emitter) || !reusableState(parentStates[emitter])) return false;
  return Object.entries(parentStates).every(
    ([step, state]) =>
      step === upstream || nodeOfStepKey(step) !== upstream || selected.has(step) || reusableState(state),
  );
}
