import { DefinitionError } from '../errors/definition-error.js';
import type { JobGraph } from './job-graph.js';

/**
 * Refuses a gate that waits on a mapped op. A gate opens when its upstream steps are all
 * done, but a mapped op has no step of its own (its steps are `op[key]`, known at run
 * time), so such a gate would never open. A mapped op may itself be gated: its upstream
 * steps are ordinary ones.
 */
export function checkFanOutGates(graph: JobGraph, gatedOps: readonly string[], mapped: ReadonlySet<string>): void {
  if (mapped.size === 0) return;
  for (const name of gatedOps) {
    const node = graph.nodes.find((candidate) => candidate.name === name);
    const waitsOn = node?.upstream.find((upstream) => mapped.has(upstream));
    if (waitsOn !== undefined) {
      throw new DefinitionError(
        `op "${name}" in job "${graph.jobName}" collects mapped op "${waitsOn}" in a graph that is not series-parallel, which fan-outs do not support yet. ` +
          `Make "${name}" depend only on ops that finish with or before "${waitsOn}" (e.g. collect in its own op first).`,
        { subject: name },
      );
    }
  }
}
