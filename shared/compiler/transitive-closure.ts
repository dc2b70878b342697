/**
 * Reachability in a DAG as one bitset of descendants per node (32 nodes per word),
 * so an order of a few thousand nodes fits in a few megabytes and each query is a bit test.
 */
export class TransitiveClosure {
  readonly size: number;
  /** 32-bit words per node row. */
  readonly words: number;
  private readonly descendants: Uint32Array;
  private readonly children: number[][];

  /**
   * @param children per node, the indexes of its direct downstream nodes; nodes must be
   * numbered in a topological order (every child index above its parent's).
   * @example
   * const closure = new TransitiveClosure([[1], [2], []]); // 0 → 1 → 2
   * closure.isBefore(0, 2); // true
   */
  constructor(children: readonly (readonly number[])[]) {
    const size = children.length;
    this.size = size;
    this.words = (size + 31) >>> 5;
    this.descendants = new Uint32Array(size * this.words);
    this.children = children.map((list, node) => {
      for (const child of list) {
        if (child <= node) {
          throw new RangeError(`node ${child} is a child of node ${node}: nodes must be in topological order`);
        }
      }
      return [...list];
    });
    for (let node = size - 1; node >= 0; node--) this.fillRow(node);
  }

  private fillRow(node: number): void {
    const { words, descendants } = this;
    const row = node * words;
    descendants.fill(0, row, row + words);
    for (const child of this.children[node]!) {
      descendants[row + (child >>> 5)]! |= 1 << (child & 31);
      const childRow = child * words;
      // A child's descendants are all above it: skip the words below.
      for (let w = child >>> 5; w < words; w++) descendants[row + w]! |= descendants[childRow + w]!;
    }
  }

  /**
   * Removes the edges from `parents` into `node` and updates the reachability of every
   * former ancestor of `node` (the only rows that can change), which it returns, descending.
   * @example
   * const closure = new TransitiveClosure([[1], [2], []]);
   * closure.cutEdgesInto(2, [1]);
   * closure.isBefore(0, 2); // false
   */
  cutEdgesInto(node: number, parents: readonly number[]): number[] {
    for (const parent of parents) {
      const list = this.children[parent]!;
      const at = list.indexOf(node);
      if (at >= 0) list.splice(at, 1);
    }
    const ancestors: number[] = [];
    for (let x = node - 1; x >= 0; x--) if (this.isBefore(x, node)) ancestors.push(x);
    for (const x of ancestors) this.fillRow(x);
    return ancestors;
  }

  /** Whether `before` is a strict ancestor of `after`. */
  isBefore(before: number, after: number): boolean {
    return ((this.descendants[before * this.words + (after >>> 5)]! >>> (after & 31)) & 1) === 1;
  }

  /** Whether `a` and `b` are ordered one way or the other (or equal). */
  comparable(a: number, b: number): boolean {
    return a === b || this.isBefore(a, b) || this.isBefore(b, a);
  }

  /**
   * The members of `nodes` that are not strictly below another member.
   * @example
   * new TransitiveClosure([[1], [2], []]).maximal([0, 1]); // [1]
   */
  maximal(nodes: readonly number[]): number[] {
    if (nodes.length < 2) return [...nodes];
    if (nodes.length <= this.words) {
      return nodes.filter((p) => !nodes.some((q) => q !== p && this.isBefore(p, q)));
    }
    const { words, descendants } = this;
    const members = new Uint32Array(words);
    for (const p of nodes) members[p >>> 5]! |= 1 << (p & 31);
    return nodes.filter((p) => {
      const row = p * words;
      for (let w = 0; w < words; w++) if ((descendants[row + w]! & members[w]!) !== 0) return false;
      return true;
    });
  }

  /**
   * Whether `join`, whose covers (maximal strict ancestors among its parents) are `covers`,
   * is the bottom of an N: covers `a` ≠ `b` and a node `c` below `a` that is neither below
   * `b` nor comparable with `join`. Such a `c` is a descendant of `a` outside
   * `join`'s descendants, and some other cover misses it iff it is outside the descendants
   * common to all covers (`a` has it), so the test is linear in the covers.
   * @example
   * // A→C, A→D, B→D, B→E: D (covers A, B) is the bottom of an N, through C.
   * new TransitiveClosure([[2, 3], [3, 4], [], [], []]).isBottomOfN(3, [0, 1]); // true
   */
  isBottomOfN(join: number, covers: readonly number[]): boolean {
    if (covers.length < 2) return false;
    const { words, descendants } = this;
    const common = descendants.slice(covers[0]! * words, covers[0]! * words + words);
    for (const b of covers) {
      const row = b * words;
      for (let w = 0; w < words; w++) common[w]! &= descendants[row + w]!;
    }
    const joinRow = join * words;
    for (const a of covers) {
      const row = a * words;
      for (let w = 0; w < words; w++) {
        let escaping = descendants[row + w]! & ~descendants[joinRow + w]! & ~common[w]!;
        if (join >>> 5 === w) escaping &= ~(1 << (join & 31));
        if (escaping !== 0) return true;
      }
    }
    return false;
  }
}
