// Issue 12, item 6: a job past one state machine's quotas is split into child executions
// (states:startExecution.sync:2) instead of refused. The compiled definitions are checked with
// asl-validator; the pure splitter is checked on small budgets.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { AslBranch, AslDefinition, AslState, AslTaskState } from '../../shared/compiler/asl-types.js';
import { compileGraph, SPLIT_BUDGET, STEP_FUNCTIONS_LIMITS } from '../../shared/compiler/compile-graph.js';
import { childStateName, RUN_END_STATE, RUN_START_STATE } from '../../shared/compiler/emit-states.js';
import type { GraphNode, JobGraph } from '../../shared/compiler/job-graph.js';
import type { SeriesParallelTree } from '../../shared/compiler/series-parallel.js';
import { type SplitCosts, type SplitTree, splitJob } from '../../shared/compiler/split-job.js';

// asl-validator is CommonJS without type declarations: `module.exports = validator`.
type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

const name = (i: number) => `op_${String(i).padStart(4, '0')}`;
const node = (n: string, upstream: string[] = []): GraphNode => ({ name: n, upstream, timeoutSeconds: 300 });
const chain = (length: number): JobGraph => ({
  jobName: 'big_job',
  nodes: Array.from({ length }, (_, i) => node(name(i), i > 0 ? [name(i - 1)] : [])),
});

/** Every state of a definition, nested branches and Map iterations included. */
function allStates(definition: AslBranch): Map<string, AslState> {
  const found = new Map<string, AslState>();
  const visit = (branch: AslBranch): void => {
    for (const [stateName, state] of Object.entries(branch.States)) {
      found.set(stateName, state);
      if (state.Type === 'Parallel') state.Branches.forEach(visit);
      if (state.Type === 'Map') visit(state.ItemProcessor);
    }
  };
  visit(definition);
  return found;
}

/** The op Tasks of a definition: Tasks named after a node (no dot in the name). */
const opTasks = (definition: AslDefinition) => [...allStates(definition).keys()].filter((s) => !s.includes('.'));

const bytes = (definition: AslDefinition) => Buffer.byteLength(JSON.stringify(definition));

describe('compileGraph: a job past one state machine is split into child executions', () => {
  it('splits a 3,000-op chain into a parent and even children, each valid ASL under the quotas, every op once, in order', () => {
    // Prepare
    const graph = chain(3000);

    // Act
    const { definition, children, stats } = compileGraph(graph);

    // Assess: the parent is run start, one Task per child in order, run end
    // (sizes first: asl-validator fills in defaults on the objects it checks)
    const sizes = [definition, ...children].map(bytes);
    expect(stats.definitionBytes).toBe(Math.max(...sizes));
    for (const size of sizes) expect(size).toBeLessThanOrEqual(SPLIT_BUDGET.bytes);
    expect(children.length).toBeGreaterThanOrEqual(4);
    expect(stats.stateMachines).toBe(children.length + 1);
    const parentStates = Object.keys(definition.States);
    expect(parentStates).toEqual([RUN_START_STATE, ...children.map((_, i) => childStateName(i)), RUN_END_STATE]);
    const first = definition.States[childStateName(0)] as AslTaskState;
    expect(first).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: {
        StateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:stepster-big_job--part-1',
        Input: {
          'runId.$': '$.runId',
          'jobName.$': '$.jobName',
          'runConfig.$': '$.runConfig',
          'tags.$': '$.tags',
          'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id',
        },
      },
      ResultPath: null,
      Next: childStateName(1),
    });
    for (const machine of [definition, ...children]) {
      const validation = aslValidator(machine, { checkPaths: true, checkArn: true });
      expect(validation.isValid, validation.errorsText('\n')).toBe(true);
    }
    const inOrder = children.flatMap(opTasks);
    expect(inOrder).toEqual(graph.nodes.map((n) => n.name));
    const opsPerChild = children.map((child) => opTasks(child).length);
    expect(Math.max(...opsPerChild) - Math.min(...opsPerChild)).toBeLessThan(Math.max(...opsPerChild) * 0.05);
    // One transition per op, plus start, end and one per child Task.
    expect(stats.transitionsPerRun).toBe(3000 + 2 + children.length);
  });

  it('splits a chain whose history would pass 25,000 events, each execution well under it', () => {
    // Prepare
    const graph = chain(6000);

    // Act
    const { children, stats } = compileGraph(graph);

    // Assess
    expect(stats.historyEventsEstimate).toBeLessThanOrEqual(SPLIT_BUDGET.historyEvents);
    expect(stats.historyEventsEstimate).toBeLessThan(STEP_FUNCTIONS_LIMITS.historyEvents);
    expect(children.flatMap(opTasks)).toHaveLength(6000);
  });

  it('splits a wide fan-in by groups of branches: the join waits for every group', () => {
    // Prepare: root → 1,500 independent ops → join
    const middle = Array.from({ length: 1500 }, (_, i) => node(name(i + 1), ['root']));
    const graph: JobGraph = {
      jobName: 'wide_job',
      nodes: [
        node('root'),
        ...middle,
        node(
          'join',
          middle.map((n) => n.name),
        ),
      ],
    };

    // Act
    const { definition, children } = compileGraph(graph);

    // Assess: root, then a Parallel of child Tasks, then join, all in the parent
    const parent = definition.States;
    expect(Object.keys(parent)).toContain('root');
    expect(Object.keys(parent)).toContain('join');
    const parallel = Object.values(parent).find((s) => s.Type === 'Parallel');
    expect(parallel?.Type).toBe('Parallel');
    const branchEntries = parallel?.Type === 'Parallel' ? parallel.Branches.map((b) => b.StartAt) : [];
    expect(branchEntries).toEqual(children.map((_, i) => childStateName(i)));
    expect(children.flatMap(opTasks).sort()).toEqual(middle.map((n) => n.name).sort());
    for (const child of children) expect(aslValidator(child, { checkPaths: true }).isValid).toBe(true);
  });

  it('keeps every op and gate of a 3,000-op random DAG, once, across the machines', () => {
    // Prepare: each op reads one to three earlier ops (seeded)
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const nodes = Array.from({ length: 3000 }, (_, i) =>
      node(
        name(i),
        i === 0
          ? []
          : [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => name(Math.floor(random() * i))))],
      ),
    );

    // Act
    const { definition, children, stats } = compileGraph({ jobName: 'dag_job', nodes });

    // Assess
    expect(children.length).toBeGreaterThan(0);
    const machines = [definition, ...children];
    const tasks = machines.flatMap(opTasks);
    expect(tasks.sort()).toEqual(nodes.map((n) => n.name).sort());
    const gates = machines.flatMap((m) => [...allStates(m).keys()].filter((s) => s.endsWith('.gate')));
    expect(gates.sort()).toEqual(stats.gatedOps.map((op) => `${op}.gate`).sort());
    for (const machine of machines) expect(bytes(machine)).toBeLessThanOrEqual(STEP_FUNCTIONS_LIMITS.definitionBytes);
  });

  it('names child state machines through childStateMachine, for the CDK placeholders', () => {
    // Act
    const { definition, children } = compileGraph(chain(1000), { childStateMachine: (i) => `\${child_${i + 1}}` });

    // Assess
    const arns = Object.values(definition.States).flatMap((s) =>
      s.Type === 'Task' && s.Parameters?.StateMachineArn !== undefined ? [s.Parameters.StateMachineArn] : [],
    );
    expect(arns).toEqual(children.map((_, i) => `\${child_${i + 1}}`));
  });
});

describe('splitJob', () => {
  const unit: SplitCosts = {
    op: () => ({ bytes: 1, historyEvents: 1 }),
    child: { bytes: 1, historyEvents: 1 },
    par: () => ({ bytes: 1, historyEvents: 1 }),
  };
  const op = (n: string): SeriesParallelTree => ({ kind: 'op', node: n, gated: false });
  const ops = (tree: SplitTree, children: readonly SplitTree[]): string[] => {
    if (tree.kind === 'op') return [tree.node];
    if (tree.kind === 'child') return ops(children[tree.index]!, children);
    return (tree.kind === 'seq' ? tree.items : tree.branches).flatMap((t) => ops(t, children));
  };

  it('returns a tree that fits as it is, with no child', () => {
    // Prepare
    const tree: SeriesParallelTree = { kind: 'seq', items: [op('a'), op('b')] };

    // Act
    const split = splitJob(tree, unit, { bytes: 10, historyEvents: 10 });

    // Assess
    expect(split).toEqual({ tree, children: [] });
  });

  it('cuts a seq of 10 into the fewest even children: 3, 4, 3 for a budget of 4', () => {
    // Prepare
    const tree: SeriesParallelTree = { kind: 'seq', items: 'abcdefghij'.split('').map(op) };

    // Act
    const split = splitJob(tree, unit, { bytes: 4, historyEvents: 100 });

    // Assess
    expect(split.tree).toEqual({ kind: 'seq', items: [0, 1, 2].map((index) => ({ kind: 'child', index })) });
    expect(split.children.map((c) => ops(c, split.children).join(''))).toEqual(['abc', 'defg', 'hij']);
  });

  it('starts children from children when the child Tasks themselves do not fit', () => {
    // Prepare: 40 ops, budget 3 → 14 children, whose Tasks need 5 more, and those 2 more
    const tree: SeriesParallelTree = { kind: 'seq', items: Array.from({ length: 40 }, (_, i) => op(`o${i}`)) };

    // Act
    const split = splitJob(tree, unit, { bytes: 3, historyEvents: 3 });

    // Assess: every machine fits, and the ops run in their order
    const size = (t: SplitTree): number => (t.kind === 'seq' ? t.items.length : 1);
    for (const machine of [split.tree, ...split.children]) expect(size(machine)).toBeLessThanOrEqual(3);
    expect(ops(split.tree, split.children)).toEqual(Array.from({ length: 40 }, (_, i) => `o${i}`));
    expect(split.children.some((c) => c.kind === 'seq' && c.items.some((i) => i.kind === 'child'))).toBe(true);
  });
});
