import type { NodeSpec } from '../definitions/graph-builder.js';
import { type FailedCheck, isStepFinal, type StepState, StepStatus } from '../event-log/step-state.js';
import type { StepAttemptStore } from '../event-log/step-attempt-store.js';
import type { OutputReference } from '../event-log/output-reference.js';
import type { OutputLookup } from '../event-log/step-context.js';
import { upstreamBlocks } from './upstream-blocks.js';
import { planFanIn } from './fan-in.js';

/** One input of a node: its name and the upstream output it reads. */
export interface InputRef {
  readonly name: string;
  readonly node: string;
  readonly output: string;
}

/** An input with the value its upstream stored, or (until loaded) where another IO manager keeps it. */
export interface LoadedInput extends InputRef {
  readonly value: unknown;
  readonly reference?: OutputReference;
}

/** What the read phase decided about an attempt, before any user code runs. */
export type AttemptReading =
  /** A re-delivered invocation of a finished attempt: it changes nothing. */
  | { readonly kind: 'replayed'; readonly own: StepState }
  /** An upstream step failed, is blocked or never finished: the step does not run. */
  | { readonly kind: 'blocked'; readonly blockedBy: readonly string[]; readonly failedChecks: readonly FailedCheck[] }
  /** An upstream did not produce an (optional) output this step reads: the step is skipped. */
  | {
      readonly kind: 'skipped';
      readonly attempt: number;
      readonly skippedDependencies: readonly string[];
      readonly missingInputs: readonly string[];
    }
  | {
      readonly kind: 'ready';
      readonly attempt: number;
      /** Every input ref, a `.collect()` input as one ref per item, each with its value or reference. */
      readonly inputs: readonly LoadedInput[];
      /** Folds each `.collect()` input's loaded items into one list, in emission order; passes the rest. */
      readonly gather: (loaded: readonly LoadedInput[]) => LoadedInput[];
      /** The upstream steps' states (an asset step reads its upstreams' data versions there). */
      readonly upstream: Readonly<Record<string, StepState | undefined>>;
      /**
       * Inputs whose upstream the run's selection leaves out and no ancestor run produced: an
       * asset step loads them from the upstream asset's last materialization.
       */
      readonly unselectedInputs: readonly string[];
    };

/**
 * The attempt number a step runs next: the one its retry scheduled, else 1.
 * A crash report of a step that never recorded a state is attempt 1 too.
 */
export function scheduledAttempt(own: StepState | undefined): number {
  return own?.status === StepStatus.UP_FOR_RETRY ? (own.nextAttempt ?? own.attempt + 1) : 1;
}

/** The node's inputs in declaration order. */
export function inputRefs(node: NodeSpec): InputRef[] {
  return Object.entries(node.inputs).map(([name, ref]) => ({ name, node: ref.node, output: ref.output }));
}

/**
 * Phase 1 of an op attempt: one strongly consistent read of the step's own state, its
 * upstream steps' states and its input values, and the decision it implies. Order matters:
 * a finished attempt is replayed before anything else, and a blocked step is reported
 * before a skipped one because a failure upstream outranks a missing optional output.
 */
export async function readAttempt(steps: StepAttemptStore, runId: string, node: NodeSpec): Promise<AttemptReading> {
  // `.collect()` inputs stand for one ref per item: expanded here, folded back into lists below.
  const fanIn = await planFanIn(steps, runId, node);
  const refs = fanIn.refs;
  const read = await steps.readStepContext(runId, node.name, {
    upstream: [...fanIn.upstream],
    inputs: refs.map(({ node: upstream, output }) => ({ node: upstream, output })),
  });
  if (read.own && isStepFinal(read.own.status)) return { kind: 'replayed', own: read.own };

  const blockedBy = fanIn.upstream.filter((upstream) => upstreamBlocks(node, upstream, read.upstream[upstream]));
  if (blockedBy.length > 0) {
    const failedChecks = blockedBy.flatMap((upstream) => read.upstream[upstream]?.failedChecks ?? []);
    return { kind: 'blocked', blockedBy, failedChecks };
  }

  const attempt = scheduledAttempt(read.own);
  const { outputs, unselected } = await withReusedOutputs(steps, refs, read.upstream, read.outputs);
  const loadable = refs.filter((ref) => !unselected.includes(ref));
  const missing = loadable.filter((ref) => !outputs.get(`${ref.node}.${ref.output}`)?.found);
  if (missing.length > 0) {
    return {
      kind: 'skipped',
      attempt,
      skippedDependencies: [...new Set(missing.map((m) => m.node))],
      missingInputs: missing.map((m) => m.name),
    };
  }
  // Collected inputs stay one ref per item here: an item another IO manager holds is loaded
  // by its reference first, and `gather` then folds the items into the input's list.
  const inputs = loadable.map((ref) => {
    const lookup = outputs.get(`${ref.node}.${ref.output}`);
    return { ...ref, value: lookup?.value, ...(lookup?.reference ? { reference: lookup.reference } : {}) };
  });
  return {
    kind: 'ready',
    attempt,
    inputs,
    gather: fanIn.gather,
    upstream: read.upstream,
    unselectedInputs: unselected.map((ref) => ref.name),
  };
}

/**
 * Inputs from upstream steps the selection left out: a reused upstream's outputs are read from
 * the run that produced them (one more read per such run, in re-executions only); the others
 * are returned as `unselected`.
 */
async function withReusedOutputs(
  steps: StepAttemptStore,
  refs: readonly InputRef[],
  upstream: Readonly<Record<string, StepState | undefined>>,
  own: ReadonlyMap<string, OutputLookup>,
): Promise<{ outputs: ReadonlyMap<string, OutputLookup>; unselected: InputRef[] }> {
  const unselected: InputRef[] = [];
  const bySource = new Map<string, InputRef[]>();
  for (const ref of refs) {
    const state = upstream[ref.node];
    if (state?.status !== StepStatus.NOT_SELECTED) continue;
    if (state.reusedFrom === undefined) unselected.push(ref);
    else bySource.set(state.reusedFrom, [...(bySource.get(state.reusedFrom) ?? []), ref]);
  }
  if (bySource.size === 0) return { outputs: own, unselected };
  const outputs = new Map(own);
  await Promise.all(
    [...bySource].map(async ([source, sourceRefs]) => {
      const read = await steps.readOutputs(
        source,
        sourceRefs.map(({ node, output }) => ({ node, output })),
      );
      for (const [key, lookup] of read) outputs.set(key, lookup);
    }),
  );
  return { outputs, unselected };
}
