import type { JobGraph } from './job-graph.js';
import type { SeriesParallelTree } from './series-parallel.js';
import { validateGraph } from './validate-graph.js';

export interface ScheduleInput {
  /** How long the op runs (any unit; the results use the same one). */
  readonly duration: (node: string) => number;
  /** The op's real upstream nodes: what its gate, if any, waits for. */
  readonly upstreamOf: (node: string) => readonly string[];
}

export interface SimulatedSchedule {
  readonly start: ReadonlyMap<string, number>;
  readonly finish: ReadonlyMap<string, number>;
  /** When the last op finishes (the run starts at 0). */
  readonly makespan: number;
}

/**
 * Runs a series-parallel tree on paper, with fork/join semantics and no overheads: an item
 * of a `seq` starts when the previous item has finished, every branch of a `par` starts with
 * the `par`, which finishes with its last branch, and a gated op also waits until all of its
 * upstream nodes have finished. Throws if gates wait on each other in a circle (a deadlock).
 *
 * @example
 * simulateSchedule(
 *   { kind: 'seq', items: [{ kind: 'op', node: 'a', gated: false }, { kind: 'op', node: 'b', gated: false }] },
 *   { duration: () => 10, upstreamOf: () => [] },
 * ).makespan; // 20
 */
export function simulateSchedule(tree: SeriesParallelTree, input: ScheduleInput): SimulatedSchedule {
  // For each op: the ops whose finish it waits for.
  const waitsFor = new Map<string, readonly string[]>();
  const place = (t: SeriesParallelTree, after: readonly string[]): readonly string[] => {
    if (t.kind === 'op') {
      waitsFor.set(t.node, t.gated ? [...after, ...input.upstreamOf(t.node)] : after);
      return [t.node];
    }
    if (t.kind === 'seq') return t.items.reduce<readonly string[]>((prev, item) => place(item, prev), after);
    return t.branches.flatMap((branch) => place(branch, after));
  };
  place(tree, []);

  const dependents = new Map<string, string[]>();
  const pending = new Map<string, number>();
  for (const [node, deps] of waitsFor) {
    const unique = new Set(deps);
    pending.set(node, unique.size);
    for (const d of unique) {
      const list = dependents.get(d);
      if (list) list.push(node);
      else dependents.set(d, [node]);
    }
  }
  const start = new Map<string, number>();
  const finish = new Map<string, number>();
  const ready = [...pending].filter(([, count]) => count === 0).map(([node]) => node);
  for (let node = ready.pop(); node !== undefined; node = ready.pop()) {
    const begin = Math.max(0, ...(waitsFor.get(node) ?? []).map((d) => finish.get(d)!));
    start.set(node, begin);
    finish.set(node, begin + input.duration(node));
    for (const d of dependents.get(node) ?? []) {
      const left = pending.get(d)! - 1;
      pending.set(d, left);
      if (left === 0) ready.push(d);
    }
  }
  if (finish.size < waitsFor.size) {
    const stuck = [...waitsFor.keys()].filter((node) => !finish.has(node));
    throw new Error(`schedule deadlocks: ${stuck.join(', ')} wait for each other`);
  }
  return { start, finish, makespan: Math.max(0, ...finish.values()) };
}

/**
 * The longest chain of upstream → downstream ops, weighted by duration: no schedule can
 * finish a run sooner than `length`.
 *
 * @example
 * criticalPath(graph, (node) => (node === 'slow' ? 300 : 100)); // { length: 400, path: ['slow', 'report'] }
 */
export function criticalPath(
  graph: JobGraph,
  duration: (node: string) => number,
): { readonly length: number; readonly path: readonly string[] } {
  const { names, upstream } = validateGraph(graph);
  const finish = new Float64Array(names.length);
  const via = new Int32Array(names.length).fill(-1);
  let last = 0;
  names.forEach((name, i) => {
    let begin = 0;
    for (const u of upstream[i]!) {
      if (via[i]! < 0 || finish[u]! > begin) {
        begin = finish[u]!;
        via[i] = u;
      }
    }
    finish[i] = begin + duration(name);
    if (finish[i]! > finish[last]!) last = i;
  });
  const path: string[] = [];
  for (let i = last; i >= 0; i = via[i]!) path.push(names[i]!);
  return { length: finish[last]!, path: path.reverse() };
}
