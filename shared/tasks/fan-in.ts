import { FanInKind } from '../definitions/dynamic-output-handle.js';
import type { NodeSpec } from '../definitions/graph-builder.js';
import { dynamicItemOutputName, mappedStepKey } from '../definitions/mapped-step-key.js';
import type { StepAttemptStore } from '../event-log/step-attempt-store.js';
import { readMappingKeys } from './mapping-keys.js';

/** One input ref of a read: a name, the upstream step and output. */
interface ReadRef {
  readonly name: string;
  readonly node: string;
  readonly output: string;
}

/** A ref with its loaded value (and anything else the caller carries, passed through). */
type LoadedRef = ReadRef & { readonly value: unknown };

/** What an attempt reads once its `.collect()` inputs are expanded, and how to fold them back. */
export interface FanInPlan {
  /** Upstream step keys whose states decide blocked / skipped: mapped steps by their own keys. */
  readonly upstream: readonly string[];
  /** Every output to load; a collected input has one ref per item, in emission order. */
  readonly refs: readonly ReadRef[];
  /** Folds the loaded refs of each collected input into one list value, in emission order. */
  gather<T extends LoadedRef>(loaded: readonly T[]): (T | LoadedRef)[];
}

/**
 * Expands a node's `.collect()` inputs into the step keys and outputs they stand for, read
 * first from the emitter's key list (one more read, for collecting steps only). An emitter
 * that stored no keys (failed, blocked, skipped) leaves one ref to its key list, so the read
 * phase reports the step blocked or skipped by the emitter, as for every missing input.
 */
export async function planFanIn(steps: StepAttemptStore, runId: string, node: NodeSpec): Promise<FanInPlan> {
  const entries = Object.entries(node.inputs);
  const collected = entries.filter(([, wiring]) => wiring.collect !== undefined);
  const plain = entries.map(([name, w]) => ({ name, node: w.node, output: w.output }));
  if (collected.length === 0)
    return { upstream: node.upstream, refs: plain, gather: <T extends LoadedRef>(loaded: readonly T[]) => [...loaded] };

  const upstream = new Set(node.upstream);
  const refs: ReadRef[] = [];
  for (const [name, wiring] of entries) {
    const fanOut = wiring.fanOut;
    if (wiring.collect === undefined || fanOut === undefined) {
      refs.push({ name, node: wiring.node, output: wiring.output });
      continue;
    }
    const { keys } = await readMappingKeys(steps, runId, fanOut);
    upstream.add(fanOut.node);
    if (wiring.collect === FanInKind.MAPPED) upstream.delete(wiring.node);
    if (keys === undefined) {
      refs.push({ name, ...fanOut });
      continue;
    }
    for (const key of keys) {
      if (wiring.collect === FanInKind.MAPPED) {
        const step = mappedStepKey(wiring.node, key);
        upstream.add(step);
        refs.push({ name, node: step, output: wiring.output });
      } else {
        refs.push({ name, node: fanOut.node, output: dynamicItemOutputName(fanOut.output, key) });
      }
    }
  }
  const collectedNames = new Set(collected.map(([name]) => name));
  return {
    upstream: [...upstream],
    refs,
    gather: <T extends LoadedRef>(loaded: readonly T[]) => {
      const out: (T | LoadedRef)[] = loaded.filter((ref) => !collectedNames.has(ref.name));
      for (const [name, wiring] of collected) {
        const values = loaded.filter((ref) => ref.name === name).map((ref) => ref.value);
        // LOADED_INPUT names the mapped node (or the emitter), not each item; `[]` for an empty fan-out.
        out.push({ name, node: wiring.node, output: wiring.output, value: values });
      }
      return out;
    },
  };
}
