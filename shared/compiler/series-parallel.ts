import { TransitiveClosure } from './transitive-closure.js';
import type { ValidatedGraph } from './validate-graph.js';

/**
 * How a job's ops are arranged in the state machine:
 * `seq` runs its items one after the other, `par` runs its branches at the same time
 * (a `Parallel` state), and a `gated` op first waits, in a gate task, for all of its
 * upstream nodes that the structure alone does not make it wait for.
 */
export type SeriesParallelTree =
  | { readonly kind: 'op'; readonly node: string; readonly gated: boolean }
  | { readonly kind: 'seq'; readonly items: readonly SeriesParallelTree[] }
  | { readonly kind: 'par'; readonly branches: readonly SeriesParallelTree[] };

export interface SeriesParallelDecomposition {
  readonly tree: SeriesParallelTree;
  /** Ops that keep a gate, in topological order. */
  readonly gatedOps: readonly string[];
  /** Ops that were gated while decomposing but whose gate turned out redundant. */
  readonly droppedGates: readonly string[];
}

/**
 * Parallel states are nested at most this deep: a set that would open the deepest level is
 * laid out flat instead (one branch per chain of ops, gates where a chain joins another),
 * which keeps every op exact and the definition shallow enough for JSON tools (V8's
 * JSON.stringify fails near 5,000 levels, 4 per Parallel) and the console's graph view.
 */
export const MAX_PARALLEL_NESTING = 50;

type Work = { kind: 'op'; node: number } | { kind: 'seq' | 'par'; children: Work[] };

interface Task {
  readonly set: readonly number[];
  /** Parallel states around the set, once nested pars are merged. */
  readonly depth: number;
  /** Where the result goes: `parent.children[slot]`. */
  readonly parent: { readonly kind: 'seq' | 'par'; readonly children: Work[] };
  readonly slot: number;
}

/** The decomposition, on node indexes; the structural DAG loses the in-edges of gated nodes. */
class Decomposer {
  private readonly parents: number[][];
  private readonly children: number[][];
  readonly gated: Uint8Array;
  private readonly member: Int32Array;
  private readonly local: Int32Array;
  private stamp = 0;

  constructor(graph: ValidatedGraph) {
    const n = graph.names.length;
    this.parents = graph.upstream.map((ups) => [...ups]);
    this.children = Array.from({ length: n }, () => []);
    this.parents.forEach((ups, v) => {
      for (const u of ups) this.children[u]!.push(v);
    });
    this.gated = new Uint8Array(n);
    this.member = new Int32Array(n);
    this.local = new Int32Array(n);
  }

  run(all: readonly number[]): Work {
    this.breakNs(all);
    const root: { kind: 'seq'; children: Work[] } = { kind: 'seq', children: [{ kind: 'op', node: -1 }] };
    const stack: Task[] = [{ set: all, depth: 0, parent: root, slot: 0 }];
    for (let task = stack.pop(); task !== undefined; task = stack.pop()) {
      const { set, depth, parent } = task;
      let result: Work;
      if (set.length === 1) {
        result = { kind: 'op', node: set[0]! };
      } else {
        // A par inside a par branch list is merged into it later: no new Parallel state.
        const opensParallel = parent.kind !== 'par';
        const split = this.split(set, opensParallel && depth + 1 >= MAX_PARALLEL_NESTING);
        const children: Work[] = split.parts.map(() => ({ kind: 'op', node: -1 }));
        result = { kind: split.kind, children };
        const childDepth = split.kind === 'par' && opensParallel ? depth + 1 : depth;
        split.parts.forEach((part, slot) => {
          stack.push({ set: part, depth: childDepth, parent: { kind: split.kind, children }, slot });
        });
      }
      parent.children[task.slot] = result;
    }
    return root.children[0]!;
  }

  private enter(set: readonly number[]): number {
    this.stamp++;
    set.forEach((v, i) => {
      this.member[v] = this.stamp;
      this.local[v] = i;
    });
    return this.stamp;
  }

  private split(set: readonly number[], flat: boolean): { kind: 'seq' | 'par'; parts: number[][] } {
    // Built at the first N, then updated as joins are gated.
    let closure: TransitiveClosure | undefined;
    for (;;) {
      const components = this.parallelParts(set);
      if (components.length > 1) {
        if (flat) return { kind: 'par', parts: this.chainCover(set) };
        return { kind: 'par', parts: components };
      }
      const intervals = this.seriesParts(set);
      if (intervals.length > 1) return { kind: 'seq', parts: intervals };
      closure ??= this.localClosure(set);
      const join = this.pickJoin(set, closure);
      this.enter(set);
      const cut = this.localParents(set, join);
      this.gate(set[join]!);
      closure.cutEdgesInto(join, cut);
    }
  }

  private localClosure(set: readonly number[]): TransitiveClosure {
    const stamp = this.enter(set);
    const { children, member, local } = this;
    return new TransitiveClosure(
      set.map((v) => {
        const inside: number[] = [];
        for (const c of children[v]!) if (member[c] === stamp) inside.push(local[c]!);
        return inside;
      }),
    );
  }

  /** Local indexes of the structural parents of `set[at]` inside `set`. */
  private localParents(set: readonly number[], at: number): number[] {
    // Callers enter(set) first: stamping per call would make scans quadratic.
    const ups: number[] = [];
    for (const p of this.parents[set[at]!]!) if (this.member[p] === this.stamp) ups.push(this.local[p]!);
    return ups;
  }

  /** Components of the comparability graph: for a convex set, those of its edges. */
  private parallelParts(set: readonly number[]): number[][] {
    const stamp = this.enter(set);
    const m = set.length;
    const root = new Int32Array(m);
    for (let i = 0; i < m; i++) root[i] = i;
    const find = (i: number): number => {
      let r = i;
      while (root[r] !== r) r = root[r]!;
      let x = i;
      while (root[x] !== r) {
        const next = root[x]!;
        root[x] = r;
        x = next;
      }
      return r;
    };
    for (let i = 0; i < m; i++) {
      for (const p of this.parents[set[i]!]!) {
        if (this.member[p] !== stamp) continue;
        const a = find(i);
        const b = find(this.local[p]!);
        if (a !== b) root[Math.max(a, b)] = Math.min(a, b);
      }
    }
    const parts = new Map<number, number[]>();
    for (let i = 0; i < m; i++) {
      const r = find(i);
      const part = parts.get(r);
      if (part) part.push(set[i]!);
      else parts.set(r, [set[i]!]);
    }
    return [...parts.values()];
  }

  /**
   * Components of the incomparability graph, which are totally ordered: cuts of the
   * topological order where every node before the cut precedes every node after it.
   * A cut is valid iff every maximal node of the prefix has a direct edge to every minimal
   * node of the suffix (in a convex set nothing lies between them); the count of such
   * edges is maintained incrementally, so the whole scan is linear in nodes plus edges.
   */
  private seriesParts(set: readonly number[]): number[][] {
    const stamp = this.enter(set);
    const m = set.length;
    const { parents, children, member, local } = this;
    const parentsInSuffix = new Int32Array(m);
    const inMax = new Uint8Array(m);
    const inMin = new Uint8Array(m);
    const hasChildInPrefix = new Uint8Array(m);
    let sizeMin = 0;
    for (let i = 0; i < m; i++) {
      let count = 0;
      for (const p of parents[set[i]!]!) if (member[p] === stamp) count++;
      parentsInSuffix[i] = count;
      if (count === 0) {
        inMin[i] = 1;
        sizeMin++;
      }
    }
    let sizeMax = 0;
    let cross = 0;
    const parts: number[][] = [];
    let start = 0;
    for (let i = 0; i < m - 1; i++) {
      const v = set[i]!;
      inMin[i] = 0;
      sizeMin--;
      for (const p of parents[v]!) if (member[p] === stamp && inMax[local[p]!]) cross--;
      for (const c of children[v]!) {
        if (member[c] !== stamp) continue;
        const lc = local[c]!;
        parentsInSuffix[lc]!--;
        if (parentsInSuffix[lc] === 0) {
          inMin[lc] = 1;
          sizeMin++;
          for (const q of parents[c]!) if (member[q] === stamp && inMax[local[q]!]) cross++;
        }
      }
      for (const p of parents[v]!) {
        if (member[p] !== stamp) continue;
        const lp = local[p]!;
        if (hasChildInPrefix[lp]) continue;
        hasChildInPrefix[lp] = 1;
        inMax[lp] = 0;
        sizeMax--;
        for (const c of children[p]!) if (member[c] === stamp && inMin[local[c]!]) cross--;
      }
      inMax[i] = 1;
      sizeMax++;
      for (const c of children[v]!) if (member[c] === stamp && inMin[local[c]!]) cross++;
      if (cross === sizeMax * sizeMin) {
        parts.push(set.slice(start, i + 1));
        start = i + 1;
      }
    }
    parts.push(set.slice(start));
    return parts;
  }

  /**
   * The topologically earliest node of `set`, from index `from` on, that is the bottom of
   * an N: it has two covers (maximal upstream nodes in the set) `a` and `b`, and some `c`
   * below `a` is unordered with `b` and with the node. Gating such a join breaks that N;
   * gating a join that is in no N would not help. Returns its index in `set`, or -1.
   */
  private findNBottom(set: readonly number[], closure: TransitiveClosure, from: number): number {
    this.enter(set);
    for (let i = from; i < set.length; i++) {
      if (closure.isBottomOfN(i, this.covers(set, closure, i))) return i;
    }
    return -1;
  }

  /** The maximal structural upstream nodes of `set[at]` inside `set`, as indexes in `set`. */
  private covers(set: readonly number[], closure: TransitiveClosure, at: number): number[] {
    if (this.parents[set[at]!]!.length < 2) return [];
    const ups = this.localParents(set, at);
    if (ups.length < 2) return [];
    return closure.maximal(ups);
  }

  /**
   * The join to gate in a set that is neither parallel nor series: the earliest bottom of
   * an N, else the earliest node with two covers (a set with no such node is a forest,
   * hence series-parallel). Returns its index in `set`.
   */
  private pickJoin(set: readonly number[], closure: TransitiveClosure): number {
    const bottom = this.findNBottom(set, closure, 0);
    if (bottom >= 0) return bottom;
    this.enter(set);
    for (let i = 0; i < set.length; i++) if (this.covers(set, closure, i).length >= 2) return i;
    throw new Error('internal compiler error: a set that is neither series nor parallel has no join node');
  }

  /**
   * Gates, across the whole graph, the earliest bottom of an N until none is left. It picks
   * the same joins the per-set loop would (an N never spans two parts of a split), but
   * keeps one closure up to date instead of re-splitting the set after every gate.
   */
  private breakNs(all: readonly number[]): void {
    const closure = this.localClosure(all);
    let from = 0;
    for (;;) {
      const join = this.findNBottom(all, closure, from);
      if (join < 0) return;
      this.enter(all);
      const cut = this.localParents(all, join);
      this.gate(all[join]!);
      const changed = closure.cutEdgesInto(join, cut);
      // Only joins with a changed cover (or that changed themselves) can become bottoms of an N.
      from = Math.min(join + 1, changed.length > 0 ? changed[changed.length - 1]! : join + 1);
    }
  }

  /** Gates `v`: removes its in-edges from the structure. */
  private gate(v: number): void {
    this.gated[v] = 1;
    for (const p of this.parents[v]!) {
      const siblings = this.children[p]!;
      siblings.splice(siblings.indexOf(v), 1);
    }
    this.parents[v] = [];
  }

  /**
   * A flat layout for a set at the nesting limit: chains in topological order. A node with
   * one upstream node in the set continues that node's chain if it is still the chain's end;
   * any other node starts a chain and is gated (a join would need a gate anyway, so it never
   * takes a chain end that a single-parent node could use).
   */
  private chainCover(set: readonly number[]): number[][] {
    const stamp = this.enter(set);
    const chainOf = new Int32Array(set.length);
    const isTail = new Uint8Array(set.length);
    const chains: number[][] = [];
    set.forEach((v, i) => {
      const ups = this.parents[v]!.filter((p) => this.member[p] === stamp);
      const parent = ups.length === 1 ? this.local[ups[0]!]! : -1;
      if (parent >= 0 && isTail[parent]) {
        isTail[parent] = 0;
        chainOf[i] = chainOf[parent]!;
        chains[chainOf[i]!]!.push(v);
      } else {
        chainOf[i] = chains.length;
        chains.push([v]);
        if (ups.length > 0) this.gate(v);
      }
      isTail[i] = 1;
    });
    // Each chain is now a path, linked to no other chain: its own component.
    return chains;
  }
}

function flatten(root: Work): Work {
  const order: Work[] = [];
  const stack: Work[] = [root];
  for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
    order.push(w);
    if (w.kind !== 'op') stack.push(...w.children);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const w = order[i]!;
    if (w.kind === 'op') continue;
    w.children = w.children.flatMap((c) => (c.kind === w.kind ? c.children : [c]));
  }
  return root;
}

/** Rebuilds a tree bottom-up without recursion (trees can be thousands of levels deep). */
function rebuild<T>(root: Work, leaf: (node: number) => T, group: (kind: 'seq' | 'par', children: T[]) => T): T {
  const order: Work[] = [];
  const stack: Work[] = [root];
  for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
    order.push(w);
    if (w.kind !== 'op') stack.push(...w.children);
  }
  const built = new Map<Work, T>();
  for (let i = order.length - 1; i >= 0; i--) {
    const w = order[i]!;
    built.set(
      w,
      w.kind === 'op'
        ? leaf(w.node)
        : group(
            w.kind,
            w.children.map((c) => built.get(c)!),
          ),
    );
  }
  return built.get(root)!;
}

/**
 * Whether, in `tree`, node `before` always finishes before node `after` starts: their lowest
 * common ancestor is a `seq` and `before` sits in an earlier item.
 */
function precedenceChecker(tree: SeriesParallelTree): (before: string, after: string) => boolean {
  interface Place {
    readonly parent: SeriesParallelTree | null;
    readonly index: number;
    readonly depth: number;
  }
  const places = new Map<SeriesParallelTree, Place>();
  const leaves = new Map<string, SeriesParallelTree>();
  const stack: SeriesParallelTree[] = [tree];
  places.set(tree, { parent: null, index: 0, depth: 0 });
  for (let t = stack.pop(); t !== undefined; t = stack.pop()) {
    const depth = places.get(t)!.depth + 1;
    if (t.kind === 'op') {
      leaves.set(t.node, t);
      continue;
    }
    const kids = t.kind === 'seq' ? t.items : t.branches;
    kids.forEach((k, index) => {
      places.set(k, { parent: t, index, depth });
      stack.push(k);
    });
  }
  return (before, after) => {
    let a = leaves.get(before)!;
    let b = leaves.get(after)!;
    let pa = places.get(a)!;
    let pb = places.get(b)!;
    while (pa.depth > pb.depth) {
      a = pa.parent!;
      pa = places.get(a)!;
    }
    while (pb.depth > pa.depth) {
      b = pb.parent!;
      pb = places.get(b)!;
    }
    while (pa.parent !== pb.parent) {
      a = pa.parent!;
      pa = places.get(a)!;
      b = pb.parent!;
      pb = places.get(b)!;
    }
    return pa.parent !== null && pa.parent.kind === 'seq' && pa.index < pb.index;
  };
}

function mapLeaves(tree: SeriesParallelTree, leaf: (op: { node: string; gated: boolean }) => SeriesParallelTree) {
  const order: SeriesParallelTree[] = [];
  const stack: SeriesParallelTree[] = [tree];
  for (let t = stack.pop(); t !== undefined; t = stack.pop()) {
    order.push(t);
    if (t.kind === 'seq') stack.push(...t.items);
    else if (t.kind === 'par') stack.push(...t.branches);
  }
  const built = new Map<SeriesParallelTree, SeriesParallelTree>();
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i]!;
    let next: SeriesParallelTree;
    if (t.kind === 'op') next = leaf(t);
    else if (t.kind === 'seq') next = { kind: 'seq', items: t.items.map((k) => built.get(k)!) };
    else next = { kind: 'par', branches: t.branches.map((k) => built.get(k)!) };
    built.set(t, next);
  }
  return built.get(tree)!;
}

/**
 * Removes the gate of every gated op whose upstream nodes all precede it in the tree anyway
 * (it would cost a Lambda call and a transition for nothing).
 *
 * @param upstreamOf the op's real upstream node names.
 * @example
 * // a; b.gate; b  →  a; b  (a already precedes b)
 * dropRedundantGates(
 *   { kind: 'seq', items: [{ kind: 'op', node: 'a', gated: false }, { kind: 'op', node: 'b', gated: true }] },
 *   (node) => (node === 'b' ? ['a'] : []),
 * ).dropped; // ['b']
 */
export function dropRedundantGates(
  tree: SeriesParallelTree,
  upstreamOf: (node: string) => readonly string[],
): { readonly tree: SeriesParallelTree; readonly dropped: readonly string[] } {
  const precedes = precedenceChecker(tree);
  const dropped: string[] = [];
  const next = mapLeaves(tree, (op) => {
    if (op.gated && upstreamOf(op.node).every((u) => precedes(u, op.node))) {
      dropped.push(op.node);
      return { kind: 'op', node: op.node, gated: false };
    }
    return { kind: 'op', node: op.node, gated: op.gated };
  });
  return { tree: next, dropped };
}

/**
 * Decomposes a validated job graph into a series-parallel tree under which every op starts
 * exactly when all of its upstream nodes have finished: nested `seq`/`par` express the
 * series-parallel part of the order, and each "N" (A→C, A→D, B→D, B→E) is broken by gating
 * one join node and removing its in-edges from the structure.
 *
 * @example
 * decomposeSeriesParallel(validateGraph(graph)).tree;
 * // for A→C, A→D, B→D, B→E: par[ seq[A, C], seq[B, E], D (gated) ]
 */
export function decomposeSeriesParallel(graph: ValidatedGraph): SeriesParallelDecomposition {
  const decomposer = new Decomposer(graph);
  const work = flatten(decomposer.run(graph.names.map((_, i) => i)));
  const { names } = graph;
  const gated = decomposer.gated;
  const raw = rebuild<SeriesParallelTree>(
    work,
    (node) => ({ kind: 'op', node: names[node]!, gated: gated[node] === 1 }),
    (kind, children) => (kind === 'seq' ? { kind, items: children } : { kind, branches: children }),
  );
  const upstreamNames = graph.upstream.map((ups) => ups.map((u) => names[u]!));
  const { tree, dropped } = dropRedundantGates(raw, (node) => upstreamNames[graph.indexOf.get(node)!]!);
  const droppedSet = new Set(dropped);
  const gatedOps = names.filter((name, i) => gated[i] === 1 && !droppedSet.has(name));
  const droppedGates = names.filter((name) => droppedSet.has(name));
  return { tree, gatedOps, droppedGates };
}
