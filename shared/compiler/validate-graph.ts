import {
  DEFINITION_NAME_MAX_LENGTH,
  DEFINITION_NAME_PATTERN,
  isValidDefinitionName,
} from '../definitions/definition-name.js';
import { MAX_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS } from '../definitions/lambda-limits.js';
import { DefinitionError } from '../errors/definition-error.js';
import type { JobGraph } from './job-graph.js';

/**
 * A job graph that passed {@link validateGraph}, with nodes renumbered in a topological
 * order (ties broken by declaration order), so every upstream index is below its node's.
 */
export interface ValidatedGraph {
  readonly jobName: string;
  /** Node names, in topological order. */
  readonly names: readonly string[];
  /** Node name → position in `names`. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** Per node, the positions of its distinct upstream nodes, ascending. */
  readonly upstream: readonly (readonly number[])[];
  readonly timeoutSeconds: readonly number[];
}

function checkNames(graph: JobGraph): Map<string, number> {
  const job = graph.jobName;
  if (graph.nodes.length === 0) {
    throw new DefinitionError(`job "${job}" has no ops. Add at least one op to the job before compiling it.`, {
      subject: job,
    });
  }
  const declared = new Map<string, number>();
  graph.nodes.forEach((node, i) => {
    const name = node.name;
    if (!isValidDefinitionName(name)) {
      throw new DefinitionError(
        `op "${name}" in job "${job}" has an invalid name: node names must match ${DEFINITION_NAME_PATTERN} and be at most ` +
          `${DEFINITION_NAME_MAX_LENGTH} characters (so the state "${name}.retry" fits Step Functions' 80-character limit). ` +
          'Rename the op or give it an alias such as "load_sales_2".',
        { subject: name },
      );
    }
    if (declared.has(name)) {
      throw new DefinitionError(
        `op "${name}" appears twice in job "${job}": node names must be unique. ` +
          'Give one of the invocations an alias (e.g. "' +
          name +
          '_2").',
        { subject: name },
      );
    }
    declared.set(name, i);
    const timeout = node.timeoutSeconds;
    if (!Number.isInteger(timeout) || timeout < MIN_TIMEOUT_SECONDS || timeout > MAX_TIMEOUT_SECONDS) {
      throw new DefinitionError(
        `op "${name}" in job "${job}" has timeoutSeconds ${String(timeout)}: a Lambda timeout must be a whole number ` +
          `of seconds from ${MIN_TIMEOUT_SECONDS} to ${MAX_TIMEOUT_SECONDS}. Set the op's timeoutSeconds within that range.`,
        { subject: name },
      );
    }
  });
  return declared;
}

function checkUpstream(graph: JobGraph, declared: ReadonlyMap<string, number>): number[][] {
  const job = graph.jobName;
  return graph.nodes.map((node) => {
    const seen = new Set<number>();
    for (const up of node.upstream) {
      if (up === node.name) {
        throw new DefinitionError(
          `op "${node.name}" in job "${job}" depends on itself. Remove "${node.name}" from its own inputs.`,
          { subject: node.name },
        );
      }
      const at = declared.get(up);
      if (at === undefined) {
        throw new DefinitionError(
          `op "${node.name}" in job "${job}" reads from "${up}", which is not a node of the job. ` +
            `Add op "${up}" to the job or fix the input's source.`,
          { subject: node.name },
        );
      }
      seen.add(at);
    }
    return [...seen];
  });
}

/** Binary min-heap of declaration indexes: Kahn's algorithm takes the earliest-declared ready node. */
class MinHeap {
  private readonly items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(value: number): void {
    const items = this.items;
    items.push(value);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = value;
  }
  pop(): number {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child = right < items.length && items[right]! < items[left]! ? right : left;
        if (items[child]! >= last) break;
        items[i] = items[child]!;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}

function describeCycle(graph: JobGraph, upstream: readonly number[][], remaining: ReadonlySet<number>): string {
  // Every node left over by Kahn's algorithm has an upstream node that is also left over,
  // so walking upstream from any of them must revisit a node: that loop is a cycle.
  const start = Math.min(...remaining);
  const seenAt = new Map<number, number>();
  const walk: number[] = [];
  let current = start;
  while (!seenAt.has(current)) {
    seenAt.set(current, walk.length);
    walk.push(current);
    current = upstream[current]!.find((u) => remaining.has(u))!;
  }
  const loop = walk.slice(seenAt.get(current)!).reverse();
  const first = loop.indexOf(Math.min(...loop));
  const ordered = [...loop.slice(first), ...loop.slice(0, first)];
  return [...ordered, ordered[0]!].map((i) => graph.nodes[i]!.name).join(' → ');
}

/**
 * Checks a job graph for everything that would make it uncompilable, and indexes it.
 * Throws a `DefinitionError` naming the op and the fix for: an empty job, an invalid or
 * duplicate node name, an unknown upstream node, a node depending on itself, a
 * dependency cycle (printed as `a → b → c → a`), and a timeout outside 1..900 seconds.
 *
 * @example
 * validateGraph({ jobName: 'sales_job', nodes: [{ name: 'fetch', upstream: [], timeoutSeconds: 60 }] });
 */
export function validateGraph(graph: JobGraph): ValidatedGraph {
  const declared = checkNames(graph);
  const upstream = checkUpstream(graph, declared);
  const n = graph.nodes.length;
  const downstream: number[][] = Array.from({ length: n }, () => []);
  const pending = new Int32Array(n);
  upstream.forEach((ups, i) => {
    pending[i] = ups.length;
    for (const u of ups) downstream[u]!.push(i);
  });
  const ready = new MinHeap();
  for (let i = 0; i < n; i++) if (pending[i] === 0) ready.push(i);
  const order: number[] = [];
  while (ready.size > 0) {
    const i = ready.pop();
    order.push(i);
    for (const d of downstream[i]!) {
      pending[d]!--;
      if (pending[d] === 0) ready.push(d);
    }
  }
  if (order.length < n) {
    const placed = new Set(order);
    const remaining = new Set<number>();
    for (let i = 0; i < n; i++) if (!placed.has(i)) remaining.add(i);
    const cycle = describeCycle(graph, upstream, remaining);
    const culprit = cycle.split(' → ')[0]!;
    throw new DefinitionError(
      `job "${graph.jobName}" has a dependency cycle: ${cycle}. A job must be a DAG: remove one of these dependencies.`,
      { subject: culprit },
    );
  }
  const position = new Int32Array(n);
  order.forEach((declaredAt, at) => {
    position[declaredAt] = at;
  });
  const names = order.map((i) => graph.nodes[i]!.name);
  return {
    jobName: graph.jobName,
    names,
    indexOf: new Map(names.map((name, i) => [name, i])),
    upstream: order.map((i) => upstream[i]!.map((u) => position[u]!).sort((a, b) => a - b)),
    timeoutSeconds: order.map((i) => graph.nodes[i]!.timeoutSeconds),
  };
}
