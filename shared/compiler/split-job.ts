import type { SeriesParallelTree } from './series-parallel.js';

/**
 * A decomposed job after splitting: the series-parallel tree, where a `child` leaf stands for
 * a subtree that runs as its own state machine, started by the parent and waited for
 * (`states:startExecution.sync`). A child's tree may hold `child` leaves of its own.
 */
export type SplitTree =
  | { readonly kind: 'op'; readonly node: string; readonly gated: boolean }
  | { readonly kind: 'child'; readonly index: number }
  | { readonly kind: 'seq'; readonly items: readonly SplitTree[] }
  | { readonly kind: 'par'; readonly branches: readonly SplitTree[] };

/** What one subtree costs its state machine: definition bytes and history events of a clean run. */
export interface MachineCost {
  readonly bytes: number;
  readonly historyEvents: number;
}

/** The most one state machine may cost before the job is split; the caller derives it from the quotas. */
export type MachineBudget = MachineCost;

export interface SplitCosts {
  /** An op leaf's states (gate, Task, crash report, retry, wait; a mapped op's keys Task and Map). */
  readonly op: (node: string, gated: boolean) => MachineCost;
  /** A `child` leaf's one Task. */
  readonly child: MachineCost;
  /** A Parallel state around its branches, for `branches` of them. */
  readonly par: (branches: number) => MachineCost;
}

export interface SplitJob {
  /** The parent's tree: the whole job when it fits one state machine. */
  readonly tree: SplitTree;
  /** Child `i`'s tree is `children[i]`; each fits the budget. Empty when nothing was split. */
  readonly children: readonly SplitTree[];
}

const add = (a: MachineCost, b: MachineCost): MachineCost => ({
  bytes: a.bytes + b.bytes,
  historyEvents: a.historyEvents + b.historyEvents,
});
const ZERO: MachineCost = { bytes: 0, historyEvents: 0 };
const fits = (cost: MachineCost, budget: MachineBudget): boolean =>
  cost.bytes <= budget.bytes && cost.historyEvents <= budget.historyEvents;
/** How many budgets `cost` fills, by its tighter quota. */
const share = (cost: MachineCost, budget: MachineBudget): number =>
  Math.max(cost.bytes / budget.bytes, cost.historyEvents / budget.historyEvents);

/**
 * Splits a decomposed job so that the parent and every child state machine cost at most
 * `budget`. Pure.
 *
 * Invariants, and why they keep the run the same run:
 * - Splitting only cuts along the tree: a child is a run of consecutive items of one `seq`, or
 *   a group of branches of one `par` (wrapped in a `par` of its own). Ordering between ops is
 *   the tree's ordering, so every op still waits for exactly what it waited for before, and
 *   a gated op's gate (which waits on the event log, not on states) works across machines.
 * - Only what does not fit is cut, bottom-up: a job that fits is returned whole (no child),
 *   and a subtree that fits stays in its parent. A cut `seq` is cut into the fewest children
 *   its cost needs, of even size, so no child is a small remainder.
 * - A single op always fits (a few KB, a few events), so the recursion ends; when the child
 *   leaves of a cut node still do not fit their parent (millions of ops), they are split
 *   again, into children that start children.
 *
 * @example
 * const { tree, children } = splitJob(decomposeSeriesParallel(validated).tree, costs, budget);
 * children.length; // 0 for a job that fits one state machine
 */
export function splitJob(tree: SeriesParallelTree, costs: SplitCosts, budget: MachineBudget): SplitJob {
  const children: SplitTree[] = [];
  const costOf = new Map<SplitTree, MachineCost>();

  const cost = (t: SplitTree): MachineCost => {
    const known = costOf.get(t);
    if (known !== undefined) return known;
    let total: MachineCost;
    if (t.kind === 'op') total = costs.op(t.node, t.gated);
    else if (t.kind === 'child') total = costs.child;
    else if (t.kind === 'seq') total = t.items.reduce((sum, item) => add(sum, cost(item)), ZERO);
    else total = t.branches.reduce((sum, branch) => add(sum, cost(branch)), costs.par(t.branches.length));
    costOf.set(t, total);
    return total;
  };

  const spawn = (t: SplitTree): SplitTree => {
    children.push(t);
    return { kind: 'child', index: children.length - 1 };
  };

  /**
   * Groups consecutive parts into the fewest groups the whole needs, of about even cost, each
   * within the budget: a part goes to the group its midpoint falls in when the whole is cut
   * into even shares, so no group ends up a small remainder.
   */
  const groups = (parts: readonly SplitTree[], overhead: (size: number) => MachineCost): SplitTree[][] => {
    const whole = parts.reduce((sum, part) => add(sum, cost(part)), overhead(parts.length));
    const count = Math.ceil(share(whole, budget));
    const weights = parts.map((part) => share(cost(part), budget));
    const segment = weights.reduce((sum, w) => sum + w, 0) / count;
    const out: SplitTree[][] = [];
    let group: SplitTree[] = [];
    let used = ZERO;
    let before = 0;
    let index = 0;
    parts.forEach((part, i) => {
      const weight = weights[i]!;
      const home = Math.min(count - 1, Math.floor((before + weight / 2) / segment));
      const withPart = add(add(used, cost(part)), overhead(group.length + 1));
      if (group.length > 0 && (home > index || !fits(withPart, budget))) {
        out.push(group);
        group = [];
        used = ZERO;
        index = Math.max(home, index + 1);
      }
      group.push(part);
      used = add(used, cost(part));
      before += weight;
    });
    if (group.length > 0) out.push(group);
    return out;
  };

  const shrink = (t: SplitTree): SplitTree => {
    if (fits(cost(t), budget) || t.kind === 'op' || t.kind === 'child') return t;
    if (t.kind === 'seq') {
      const items = t.items.map(shrink);
      const fitted: SplitTree = { kind: 'seq', items };
      if (fits(cost(fitted), budget)) return fitted;
      const cut = groups(items, () => ZERO).map((group) =>
        spawn(group.length === 1 ? group[0]! : { kind: 'seq', items: group }),
      );
      return shrink({ kind: 'seq', items: cut });
    }
    const branches = t.branches.map(shrink);
    const fitted: SplitTree = { kind: 'par', branches };
    if (fits(cost(fitted), budget)) return fitted;
    const cut = groups(branches, (size) => (size > 1 ? costs.par(size) : ZERO)).map((group) =>
      spawn(group.length === 1 ? group[0]! : { kind: 'par', branches: group }),
    );
    return cut.length === 1 ? cut[0]! : shrink({ kind: 'par', branches: cut });
  };

  return { tree: shrink(tree), children };
}
