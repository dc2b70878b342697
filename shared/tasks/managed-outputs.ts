import type { NodeSpec } from '../definitions/graph-builder.js';
import type { OutputReference } from '../event-log/output-reference.js';
import { outputOfItem } from '../definitions/mapped-step-key.js';
import { findUnstorableValue } from '../event-log/output-value-codec.js';
import { DEFAULT_IO_MANAGER_KEY, ioManagerOf } from '../resources/io-manager.js';
import type { ResourceOverrides, ResourceSet } from '../resources/resource-set.js';
import type { JournalEntry } from './op-journal.js';
import type { LoadedInput } from './read-attempt.js';

/** What storing and loading through IO managers needs: the run's resources and their run-config overrides. */
export interface ManagedOutputDeps {
  readonly resources: ResourceSet;
  readonly overrides?: ResourceOverrides;
}

/**
 * The resource key of the IO manager of an op's output: its `Out({ ioManagerKey })`, else
 * `io_manager`. One item of a dynamic output (`items[a]`) goes where its output goes.
 */
export function ioManagerKeyOf(node: NodeSpec, output: string): string {
  return node.op.outs[outputOfItem(output)]?.ioManagerKey ?? DEFAULT_IO_MANAGER_KEY;
}

/**
 * Hands each output of a successful body to its IO manager before the commit: a manager that
 * stores it elsewhere (S3) returns a URI, and the commit then writes only `{ manager, uri }`
 * in the output item. Values the log cannot store exactly are left to `findUnstorable`, which
 * fails the step naming the path. A manager's error fails the attempt (and may be retried).
 *
 * @returns output name → reference, for the outputs stored outside the event log
 */
export async function storeManagedOutputs(
  deps: ManagedOutputDeps,
  runId: string,
  node: NodeSpec,
  journal: readonly JournalEntry[],
): Promise<Map<string, OutputReference>> {
  const references = new Map<string, OutputReference>();
  for (const entry of journal) {
    // A dynamic output's key list stays in the event log: the Map state and collects read it there.
    if (entry.kind !== 'output' || entry.silent || findUnstorableValue(entry.value) !== undefined) continue;
    const key = ioManagerKeyOf(node, entry.name);
    const resource = (await deps.resources.forKeys([key], deps.overrides))[key];
    const manager = ioManagerOf(key, resource, `output "${entry.name}" of op "${node.name}"`);
    const uri = await manager.handleOutput({ runId, step: node.name, output: entry.name }, entry.value);
    if (uri !== undefined) references.set(entry.name, { manager: key, uri });
  }
  return references;
}

/**
 * The inputs with every value another IO manager holds loaded from it, by the manager under
 * the resource key its reference names (so a re-execution reads a parent run's S3 object
 * with the manager of today's Definitions).
 */
export async function loadManagedInputs(
  deps: ManagedOutputDeps,
  node: NodeSpec,
  inputs: readonly LoadedInput[],
): Promise<LoadedInput[]> {
  return Promise.all(
    inputs.map(async (input) => {
      if (input.reference === undefined) return input;
      const key = input.reference.manager;
      const resource = (await deps.resources.forKeys([key], deps.overrides))[key];
      const manager = ioManagerOf(key, resource, `input "${input.name}" of op "${node.name}"`);
      return { ...input, value: await manager.loadInput(input.reference.uri) };
    }),
  );
}
