import type { JobDefinition } from '../definitions/job-definition.js';
import type { NodeSpec } from '../definitions/graph-builder.js';
import { dynamicItemOutputName, mappedStepKey } from '../definitions/mapped-step-key.js';
import type { StepAttemptStore } from '../event-log/step-attempt-store.js';
import { StepStatus } from '../event-log/step-state.js';
import { OpContractError } from './op-contract-error.js';
import type { OpTaskResult } from './task-payloads.js';

/** The dynamic output a mapped node's item input reads: the emitter node and its output. */
export function fanOutSourceOf(node: NodeSpec): { readonly node: string; readonly output: string } {
  const ref = node.mappedInput === undefined ? undefined : node.inputs[node.mappedInput];
  if (ref === undefined) {
    throw new OpContractError(`op "${node.name}" is not mapped: it has no input inside .map(...)`);
  }
  return { node: ref.node, output: ref.output };
}

/**
 * Reads the mapping keys of the dynamic output `source`, as the emitter stored them (in a
 * re-execution, from the run that produced them). `undefined` when the emitter stored no keys:
 * it failed, was blocked or skipped, which its downstream steps report themselves.
 */
export async function readMappingKeys(
  steps: Pick<StepAttemptStore, 'readStepContext' | 'readOutputs'>,
  runId: string,
  source: { readonly node: string; readonly output: string },
): Promise<{ readonly keys: readonly string[] | undefined; readonly status?: StepStatus; readonly attempt: number }> {
  const read = await steps.readStepContext(runId, source.node, { upstream: [source.node], inputs: [source] });
  const state = read.upstream[source.node];
  let lookup = read.outputs.get(`${source.node}.${source.output}`);
  if (state?.status === StepStatus.NOT_SELECTED && state.reusedFrom !== undefined) {
    lookup = (await steps.readOutputs(state.reusedFrom, [source])).get(`${source.node}.${source.output}`);
  }
  const value = lookup?.found ? lookup.value : undefined;
  const keys = Array.isArray(value) && value.every((k) => typeof k === 'string') ? (value as string[]) : undefined;
  return { keys, ...(state ? { status: state.status } : {}), attempt: state?.attempt ?? 0 };
}

/**
 * The `X.keys` state of a mapped node: the list its Map state iterates over. Only keys cross
 * the state machine (the items stay in the event log), and an emitter that stored none maps
 * nothing, so the steps behind the Map find it failed or skipped and report that themselves.
 */
export async function handleMappingKeysTask(
  deps: { readonly job: JobDefinition; readonly steps: StepAttemptStore },
  nodeName: string,
  runId: string,
): Promise<OpTaskResult> {
  const source = fanOutSourceOf(deps.job.node(nodeName));
  const { keys, status, attempt } = await readMappingKeys(deps.steps, runId, source);
  return { op: source.node, status: status ?? StepStatus.BLOCKED, attempt, mappingKeys: keys ?? [] };
}

/**
 * The node as one mapped step runs it: named by its step key (`process[a]`, which keys its
 * state, claim, events and outputs), its item input reading that item's stored output.
 */
export function mappedStepSpec(node: NodeSpec, mappingKey: string): NodeSpec {
  const source = fanOutSourceOf(node);
  const input = node.mappedInput as string;
  return {
    ...node,
    name: mappedStepKey(node.name, mappingKey),
    inputs: {
      ...node.inputs,
      [input]: { node: source.node, output: dynamicItemOutputName(source.output, mappingKey) },
    },
  };
}
