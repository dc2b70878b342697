import { DefinitionError } from '../errors/definition-error.js';
import type { InputWiring } from './dynamic-output-handle.js';
import type { OutsShape } from './op-definition-type.js';

/** What the check needs of a node recorded earlier (a `NodeSpec`, without importing the builder). */
interface EarlierNode {
  readonly name: string;
  readonly op: { readonly outs: OutsShape };
  readonly mappedInput?: string;
}

/**
 * Checks one op call's inputs against the fan-outs of the nodes recorded before it, and
 * returns the input that receives the item when the call is mapped (inside `.map`).
 * Invariants it keeps for the compiler and the op task: a mapped node reads exactly one
 * item; only `.collect()` reads a mapped node or a dynamic output as a whole; maps do not
 * nest or chain (one Map state per mapped node, fed by its emitter's keys).
 */
export function mappedInputOf(
  graphName: string,
  nodeName: string,
  inputs: Readonly<Record<string, InputWiring>>,
  earlier: readonly EarlierNode[],
): string | undefined {
  const byName = new Map(earlier.map((n) => [n.name, n]));
  const where = `op "${nodeName}" in "${graphName}"`;
  const fail = (message: string): never => {
    throw new DefinitionError(`${where}: ${message}`, { subject: nodeName });
  };
  const items = Object.entries(inputs).filter(([, ref]) => ref.item);
  if (items.length > 1) {
    fail(
      `inputs ${items.map(([name]) => `"${name}"`).join(' and ')} each take an item of a fan-out; a mapped op takes one item. Pass the others with .collect()`,
    );
  }
  const mapped = items[0]?.[0];
  for (const [name, ref] of Object.entries(inputs)) {
    const upstream = byName.get(ref.node);
    const upstreamMapped = upstream?.mappedInput !== undefined;
    const dynamic = upstream?.op.outs[ref.output]?.dynamic === true;
    if (ref.collect !== undefined) {
      if (mapped !== undefined)
        fail(
          `input "${name}" collects a fan-out inside .map(...): nested fan-outs are not supported yet. Collect outside the map`,
        );
      continue;
    }
    if (ref.item) continue;
    if (upstreamMapped) {
      fail(
        mapped !== undefined
          ? `input "${name}" reads mapped op "${ref.node}" inside .map(...): chaining mapped ops is not supported yet. Do both in one mapped op`
          : `input "${name}" reads mapped op "${ref.node}", which runs once per item. Pass its results as a list: ${ref.node}'s handle .collect()`,
      );
    }
    if (dynamic) {
      fail(
        `input "${name}" reads dynamic output "${ref.output}" of "${ref.node}" directly. Use .map((item) => op(item)) for one step per item, or .collect() for the list`,
      );
    }
  }
  return mapped;
}
