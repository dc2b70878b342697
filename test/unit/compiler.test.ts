import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { AslBranch, AslDefinition, AslState } from '../../shared/compiler/asl-types.js';
import { type CompileOptions, compileGraph } from '../../shared/compiler/compile-graph.js';
import { criticalPath, simulateSchedule } from '../../shared/compiler/simulate-schedule.js';
import {
  decomposeSeriesParallel,
  dropRedundantGates,
  MAX_PARALLEL_NESTING,
  type SeriesParallelTree,
} from '../../shared/compiler/series-parallel.js';
import { defaultFunctionName } from '../../shared/compiler/task-target.js';
import { GATE_TIMEOUT_SECONDS } from '../../shared/compiler/emit-states.js';
import type { GraphNode, JobGraph } from '../../shared/compiler/job-graph.js';
import { LAMBDA_SERVICE_RETRIERS } from '../../shared/compiler/lambda-retriers.js';
import { TransitiveClosure } from '../../shared/compiler/transitive-closure.js';
import { validateGraph } from '../../shared/compiler/validate-graph.js';
import { DefinitionError } from '../../shared/errors/definition-error.js';

// asl-validator is CommonJS without type declarations: `module.exports = validator`.
type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

function node(name: string, upstream: string[] = [], timeoutSeconds = 300): GraphNode {
  return { name, upstream, timeoutSeconds };
}

function job(nodes: GraphNode[], jobName = 'test_job'): JobGraph {
  return { jobName, nodes };
}

const pad = (i: number): string => `op_${String(i).padStart(4, '0')}`;

function chain(length: number, name = pad): JobGraph {
  return job(Array.from({ length }, (_, i) => node(name(i), i > 0 ? [name(i - 1)] : [])));
}

/** `a;b` is a seq, `P[x|y]` a par, `d*` a gated op. */
function shape(tree: SeriesParallelTree): string {
  if (tree.kind === 'op') return tree.gated ? `${tree.node}*` : tree.node;
  if (tree.kind === 'seq') return tree.items.map(shape).join(';');
  return `P[${tree.branches.map(shape).join('|')}]`;
}

function treeOf(graph: JobGraph): SeriesParallelTree {
  return decomposeSeriesParallel(validateGraph(graph)).tree;
}

/** Every state of a definition, nested branches included. */
function allStates(definition: AslBranch): Map<string, AslState> {
  const found = new Map<string, AslState>();
  const visit = (branch: AslBranch): void => {
    for (const [name, state] of Object.entries(branch.States)) {
      found.set(name, state);
      if (state.Type === 'Parallel') state.Branches.forEach(visit);
    }
  };
  visit(definition);
  return found;
}

function expectValidAsl(definition: AslDefinition): void {
  // The validator writes QueryLanguage into the states it checks: give it a copy.
  const result = aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
  expect(result.errorsText('\n')).toBe('');
  expect(result.isValid).toBe(true);
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random DAG: each node reads from 0..maxUpstream earlier nodes, within `window` of it. */
function randomGraph(random: () => number, size: number, maxUpstream: number, window: number): JobGraph {
  return job(
    Array.from({ length: size }, (_, i) => {
      const upstream = new Set<string>();
      const count = Math.floor(random() * (maxUpstream + 1));
      for (let k = 0; k < count && i > 0; k++) {
        upstream.add(pad(Math.max(0, i - 1 - Math.floor(random() * window))));
      }
      return node(pad(i), [...upstream]);
    }),
    `random_${size}`,
  );
}

const N_GRAPH = job([node('A'), node('B'), node('C', ['A']), node('D', ['A', 'B']), node('E', ['B'])], 'n_job');

describe('compileGraph: structure', () => {
  it('compiles a chain to one sequence of op states between run start and run end', () => {
    // Prepare
    const graph = job([node('a', [], 60), node('b', ['a'], 120), node('c', ['b'])]);

    // Act
    const { definition, stats } = compileGraph(graph);

    // Assess
    expect(shape(treeOf(graph))).toBe('a;b;c');
    expect(definition.StartAt).toBe('stepster.start');
    expect(Object.keys(definition.States)).toEqual([
      'stepster.start',
      'a',
      'a.crash',
      'a.retry',
      'a.wait',
      'b',
      'b.crash',
      'b.retry',
      'b.wait',
      'c',
      'c.crash',
      'c.retry',
      'c.wait',
      'stepster.end',
    ]);
    expect(definition.States['stepster.start']).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:000000000000:function:stepster-test_job-run-start',
      Parameters: { 'input.$': '$', 'execution.$': '$$.Execution' },
      // ResultPath "$" is the default; written out, aws-local-stepfunctions would set a key "$".
      Retry: LAMBDA_SERVICE_RETRIERS,
      Next: 'a',
    });
    expect(definition.States.b).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:000000000000:function:stepster-test_job-b',
      TimeoutSeconds: 150,
      ResultPath: '$.c',
      Retry: LAMBDA_SERVICE_RETRIERS,
      Catch: [
        { ErrorEquals: ['stepster.RetryScheduled'], ResultPath: '$.c', Next: 'b.retry' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.c', Next: 'b.crash' },
      ],
      Next: 'c',
    });
    // The crash report: the same function, no catch-all, so a function that cannot run ends the branch.
    expect(definition.States['b.crash']).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:000000000000:function:stepster-test_job-b',
      ResultPath: '$.c',
      Retry: LAMBDA_SERVICE_RETRIERS,
      Catch: [{ ErrorEquals: ['stepster.RetryScheduled'], ResultPath: '$.c', Next: 'b.retry' }],
      Next: 'c',
    });
    expect(definition.States['b.retry']).toEqual({
      Type: 'Pass',
      Parameters: { 'e.$': 'States.StringToJson($.c.Cause)' },
      ResultPath: '$.c',
      Next: 'b.wait',
    });
    expect(definition.States['b.wait']).toEqual({ Type: 'Wait', TimestampPath: '$.c.e.errorMessage', Next: 'b' });
    expect(definition.States.c).toMatchObject({ Next: 'stepster.end' });
    expect(definition.States['stepster.end']).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:000000000000:function:stepster-test_job-run-end',
      Parameters: { 'runId.$': '$.runId', 'redriveCount.$': '$$.Execution.RedriveCount' },
      ResultPath: null,
      Retry: LAMBDA_SERVICE_RETRIERS,
      End: true,
    });
    expect(stats).toMatchObject({ ops: 3, states: 14, parallelStates: 0, gatedOps: [], transitionsPerRun: 5 });
    expectValidAsl(definition);
  });

  it('bounds every crash path: the only way back to an earlier state is an op’s retry Wait', () => {
    // Prepare: a chain, a Parallel and a gated join.
    const { definition } = compileGraph(N_GRAPH);
    const states = allStates(definition);
    const next = (state: AslState): string[] => [
      ...('Next' in state && typeof state.Next === 'string' ? [state.Next] : []),
      ...('Catch' in state && state.Catch ? state.Catch.map((c) => c.Next) : []),
    ];

    // Act: depth-first search for a cycle that does not pass through a Wait state.
    const cycles: string[][] = [];
    const onPath: string[] = [];
    const done = new Set<string>();
    const visit = (name: string): void => {
      const state = states.get(name);
      if (state === undefined || state.Type === 'Wait' || done.has(name)) return;
      if (onPath.includes(name)) {
        cycles.push([...onPath.slice(onPath.indexOf(name)), name]);
        return;
      }
      onPath.push(name);
      for (const target of next(state)) visit(target);
      onPath.pop();
      done.add(name);
    };
    for (const name of states.keys()) visit(name);

    // Assess: each Wait waits for a time the op's Lambda chose, so its loop is the op's retry policy.
    expect(cycles).toEqual([]);
    for (const [name, state] of states) {
      if (!name.endsWith('.crash')) continue;
      expect(state.Type).toBe('Task');
      const caught = ('Catch' in state && state.Catch ? state.Catch : []).flatMap((c) => c.ErrorEquals);
      expect(caught).toEqual(['stepster.RetryScheduled']);
    }
  });

  it('uses the Lambda-service retriers from the brief', () => {
    // Prepare
    const expected = [
      // ASL defaults: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.
      { ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'] },
      { ErrorEquals: ['Lambda.TooManyRequestsException'], MaxAttempts: 6, JitterStrategy: 'FULL' },
    ];

    // Act
    const { definition } = compileGraph(N_GRAPH);

    // Assess
    expect(LAMBDA_SERVICE_RETRIERS).toEqual(expected);
    const withRetry = [...allStates(definition).values()].filter((s) => s.Type === 'Task');
    // start + end, each of the 5 op Tasks and their 5 crash reports, and the one gate.
    expect(withRetry.length).toBe(2 + 5 + 5 + 1);
    for (const state of withRetry) expect(state.Retry).toEqual(expected);
  });

  it('compiles a single op', () => {
    // Prepare
    const graph = job([node('only')]);

    // Act
    const { definition, stats } = compileGraph(graph);

    // Assess
    expect(definition.States['stepster.start']).toMatchObject({ Next: 'only' });
    expect(definition.States.only).toMatchObject({ Next: 'stepster.end' });
    expect(stats.transitionsPerRun).toBe(3);
    expectValidAsl(definition);
  });

  it('takes 102 transitions for a chain of 100 ops', () => {
    // Prepare
    const graph = chain(100);

    // Act
    const { definition, stats } = compileGraph(graph);

    // Assess
    expect(stats).toMatchObject({ ops: 100, states: 402, parallelStates: 0, gatedOps: [], transitionsPerRun: 102 });
    expectValidAsl(definition);
  });

  it('runs a fan-out of 100 independent ops in one Parallel, then the summary op', () => {
    // Prepare
    const sources = Array.from({ length: 100 }, (_, i) => node(pad(i)));
    const graph = job([
      ...sources,
      node(
        'summary',
        sources.map((s) => s.name),
      ),
    ]);

    // Act
    const { definition, stats } = compileGraph(graph);

    // Assess
    expect(shape(treeOf(graph))).toBe(`P[${sources.map((s) => s.name).join('|')}];summary`);
    const parallel = definition.States['stepster.parallel.1'];
    expect(parallel?.Type).toBe('Parallel');
    if (parallel?.Type !== 'Parallel') return;
    expect(parallel.Branches).toHaveLength(100);
    expect(parallel).toMatchObject({ ResultPath: null, Next: 'summary' });
    expect(parallel.Branches[0]).toMatchObject({ StartAt: 'op_0000' });
    expect(parallel.Branches[0]?.States.op_0000).toMatchObject({ End: true });
    expect(parallel.Branches[0]?.States['op_0000.wait']).toMatchObject({ Next: 'op_0000' });
    expect(stats).toMatchObject({ parallelStates: 1, gatedOps: [], transitionsPerRun: 104 });
    expectValidAsl(definition);
  });

  it('fans out from one op and fans in to one op', () => {
    // Prepare
    const fanOut = job([node('a'), node('b', ['a']), node('c', ['a']), node('d', ['a'])]);
    const fanIn = job([node('a'), node('b'), node('c'), node('d', ['a', 'b', 'c'])]);

    // Act
    const out = compileGraph(fanOut);
    const into = compileGraph(fanIn);

    // Assess
    expect(shape(treeOf(fanOut))).toBe('a;P[b|c|d]');
    expect(shape(treeOf(fanIn))).toBe('P[a|b|c];d');
    expect(out.stats.transitionsPerRun).toBe(7);
    expect(into.stats.transitionsPerRun).toBe(7);
    expectValidAsl(out.definition);
    expectValidAsl(into.definition);
  });

  it('compiles a diamond to a sequence around one Parallel', () => {
    // Prepare
    const graph = job([node('a'), node('b', ['a']), node('c', ['a']), node('d', ['b', 'c'])]);

    // Act
    const { definition, stats } = compileGraph(graph);

    // Assess
    expect(shape(treeOf(graph))).toBe('a;P[b|c];d');
    expect(definition.States.a).toMatchObject({ Next: 'stepster.parallel.1' });
    expect(definition.States['stepster.parallel.1']).toMatchObject({ Next: 'd' });
    expect(stats).toMatchObject({ parallelStates: 1, gatedOps: [], transitionsPerRun: 7 });
    expectValidAsl(definition);
  });

  it('gates D in the N graph so that C and E never wait for the other source', () => {
    // Prepare
    const graph = N_GRAPH;

    // Act
    const { definition, stats } = compileGraph(graph);

    // Assess
    expect(shape(treeOf(graph))).toBe('P[A;C|B;E|D*]');
    expect(stats).toMatchObject({ ops: 5, parallelStates: 1, gatedOps: ['D'], transitionsPerRun: 9 });
    const parallel = definition.States['stepster.parallel.1'];
    if (parallel?.Type !== 'Parallel') throw new Error('expected a Parallel state');
    expect(parallel.Branches.map((b) => b.StartAt)).toEqual(['A', 'B', 'D.gate']);
    expect(parallel.Branches[2]?.States['D.gate']).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:stepster-n_job-step-gate',
        Payload: { 'runId.$': '$.runId', op: 'D', 'token.$': '$$.Task.Token' },
      },
      TimeoutSeconds: GATE_TIMEOUT_SECONDS,
      ResultPath: null,
      Retry: LAMBDA_SERVICE_RETRIERS,
      Next: 'D',
    });
    expect(parallel.Branches[2]?.States.D).toMatchObject({ End: true });
    expectValidAsl(definition);
  });

  it('nests Parallel states for a nested series-parallel graph, with no gate', () => {
    // Prepare
    const graph = job([
      node('s'),
      node('x1', ['s']),
      node('x2', ['x1']),
      node('y', ['s']),
      node('y1', ['y']),
      node('y2', ['y']),
      node('y3', ['y1', 'y2']),
      node('m', ['x2', 'y3']),
      node('p', ['m']),
      node('q', ['m']),
      node('r', ['q']),
      node('t', ['p', 'r']),
    ]);

    // Act
    const { definition, stats } = compileGraph(graph);

    // Assess
    expect(shape(treeOf(graph))).toBe('s;P[x1;x2|y;P[y1|y2];y3];m;P[p|q;r];t');
    expect(stats).toMatchObject({ parallelStates: 3, gatedOps: [], transitionsPerRun: 2 + 12 + 3 });
    const states = allStates(definition);
    expect(states.get('stepster.parallel.2')).toMatchObject({ Type: 'Parallel', Next: 'y3' });
    expectValidAsl(definition);
  });

  it('runs two disconnected components side by side', () => {
    // Prepare
    const graph = job([node('a'), node('b', ['a']), node('c'), node('d', ['c'])]);

    // Act
    const { definition, stats } = compileGraph(graph);

    // Assess
    expect(shape(treeOf(graph))).toBe('P[a;b|c;d]');
    expect(stats).toMatchObject({ parallelStates: 1, gatedOps: [], transitionsPerRun: 7 });
    expect(definition.States['stepster.start']).toMatchObject({ Next: 'stepster.parallel.1' });
    expectValidAsl(definition);
  });

  it('never emits a Parallel state with a single branch', () => {
    // Prepare
    const random = mulberry32(7);
    const graphs = Array.from({ length: 30 }, (_, i) => randomGraph(random, 5 + i, 3, 8));

    // Act
    const parallels = graphs.flatMap((graph) =>
      [...allStates(compileGraph(graph).definition).values()].filter((s) => s.Type === 'Parallel'),
    );

    // Assess
    expect(parallels.length).toBeGreaterThan(10);
    for (const state of parallels) {
      if (state.Type === 'Parallel') expect(state.Branches.length).toBeGreaterThan(1);
    }
  });
});

describe('compileGraph: gates', () => {
  it('gates the join that breaks the N, not an earlier join inside a diamond', () => {
    // Prepare: a diamond A→B,C→D, then D→E, D→F, X→F, X→G (an N whose bottom is F).
    const graph = job([
      node('A'),
      node('B', ['A']),
      node('C', ['A']),
      node('D', ['B', 'C']),
      node('X'),
      node('E', ['D']),
      node('F', ['D', 'X']),
      node('G', ['X']),
    ]);

    // Act
    const { stats } = compileGraph(graph);

    // Assess
    expect(stats.gatedOps).toEqual(['F']);
    expect(shape(treeOf(graph))).toBe('P[A;P[B|C];D;E|X;G|F*]');
    expect(stats.transitionsPerRun).toBe(2 + 8 + 1 + 2);
  });

  it('gates a node joining two chains and keeps both chains whole', () => {
    // Prepare
    const graph = job([node('a1'), node('a2', ['a1']), node('a3', ['a2']), node('b1'), node('b2', ['b1'])]);
    const crossed = job([...graph.nodes, node('b3', ['b2', 'a1'])]);

    // Act
    const tree = treeOf(crossed);

    // Assess
    expect(shape(tree)).toBe('P[a1;a2;a3|b1;b2|b3*]');
  });

  it('drops a gate whose upstream nodes all precede the op anyway', () => {
    // Prepare
    const op = (name: string, gated = false): SeriesParallelTree => ({ kind: 'op', node: name, gated });
    const tree: SeriesParallelTree = {
      kind: 'seq',
      items: [op('a'), { kind: 'par', branches: [op('b'), { kind: 'seq', items: [op('c', true), op('d', true)] }] }],
    };
    const upstream: Record<string, string[]> = { a: [], b: ['a'], c: ['a'], d: ['b', 'c'] };

    // Act
    const result = dropRedundantGates(tree, (name) => upstream[name] ?? []);

    // Assess
    expect(result.dropped).toEqual(['c']);
    expect(shape(result.tree)).toBe('a;P[b|c;d*]');
  });

  it('keeps every op exact on random DAGs, series-parallel or not', () => {
    // Prepare
    const random = mulberry32(20261124);
    const graphs: JobGraph[] = [];
    for (let i = 0; i < 60; i++) {
      const size = 5 + Math.floor(random() * 56);
      graphs.push(randomGraph(random, size, 1 + Math.floor(random() * 3), 2 + Math.floor(random() * 12)));
    }
    let gatedGraphs = 0;

    for (const graph of graphs) {
      // Act
      const { definition, stats } = compileGraph(graph);
      const { tree, gatedOps } = decomposeSeriesParallel(validateGraph(graph));
      const upstream = new Map(graph.nodes.map((n) => [n.name, n.upstream]));
      const duration = new Map(graph.nodes.map((n) => [n.name, 1 + Math.floor(random() * 100)]));
      const schedule = simulateSchedule(tree, {
        duration: (name) => duration.get(name)!,
        upstreamOf: (name) => upstream.get(name)!,
      });

      // Assess
      for (const n of graph.nodes) {
        const ready = Math.max(0, ...n.upstream.map((u) => schedule.finish.get(u)!));
        expect(schedule.start.get(n.name), `${graph.jobName}: ${n.name}`).toBe(ready);
      }
      expect(schedule.makespan).toBe(criticalPath(graph, (name) => duration.get(name)!).length);
      expect(stats.gatedOps).toEqual(gatedOps);
      expect(stats.transitionsPerRun).toBe(2 + graph.nodes.length + gatedOps.length + stats.parallelStates);
      expectValidAsl(definition);
      if (gatedOps.length > 0) gatedGraphs++;
    }
    expect(gatedGraphs).toBeGreaterThanOrEqual(20);
  });

  it('lays out sets nested deeper than the nesting limit flat, still exactly', () => {
    // Prepare: a ladder (a0→a1→…, each aᵢ→bᵢ) nests one Parallel per rung.
    const rungs = MAX_PARALLEL_NESTING + 20;
    const nodes: GraphNode[] = [];
    for (let i = 0; i < rungs; i++) {
      nodes.push(node(`a${i}`, i > 0 ? [`a${i - 1}`] : []), node(`b${i}`, [`a${i}`]));
    }
    const graph = job(nodes, 'ladder');

    // Act
    const { definition, stats } = compileGraph(graph);
    const { tree } = decomposeSeriesParallel(validateGraph(graph));
    const upstream = new Map(nodes.map((n) => [n.name, n.upstream]));
    const schedule = simulateSchedule(tree, { duration: () => 10, upstreamOf: (n) => upstream.get(n)! });

    // Assess
    const depth = (t: SeriesParallelTree): number =>
      t.kind === 'op'
        ? 0
        : Math.max(...(t.kind === 'seq' ? t.items : t.branches).map(depth)) + (t.kind === 'par' ? 1 : 0);
    expect(depth(tree)).toBe(MAX_PARALLEL_NESTING);
    for (let i = 0; i < rungs; i++) expect(schedule.start.get(`b${i}`)).toBe(10 * (i + 1));
    expect(schedule.makespan).toBe(10 * (rungs + 1));
    // Fully nested, each rung would cost one Parallel state; flat, about one gate.
    expect(stats.transitionsPerRun).toBeLessThanOrEqual(2 + 2 * rungs + rungs + 1);
    expectValidAsl(definition);
  });
});

describe('validateGraph', () => {
  const cases: { title: string; graph: JobGraph; message: RegExp; subject: string }[] = [
    {
      title: 'an empty job',
      graph: job([]),
      message: /job "test_job" has no ops\. Add at least one op/,
      subject: 'test_job',
    },
    {
      title: 'a duplicate node name',
      graph: job([node('a'), node('a')]),
      message: /op "a" appears twice in job "test_job".*alias/,
      subject: 'a',
    },
    {
      title: 'a name with a dash',
      graph: job([node('load-sales')]),
      message: /op "load-sales" in job "test_job" has an invalid name.*Rename the op or give it an alias/,
      subject: 'load-sales',
    },
    {
      title: 'a name over 64 characters',
      graph: job([node('x'.repeat(65))]),
      message: /has an invalid name.*at most 64 characters.*80-character limit/,
      subject: 'x'.repeat(65),
    },
    {
      title: 'an unknown upstream node',
      graph: job([node('a'), node('b', ['a', 'missing'])]),
      message: /op "b" in job "test_job" reads from "missing".*Add op "missing" to the job/,
      subject: 'b',
    },
    {
      title: 'a self-loop',
      graph: job([node('a', ['a'])]),
      message: /op "a" in job "test_job" depends on itself\. Remove "a" from its own inputs/,
      subject: 'a',
    },
    {
      title: 'a cycle',
      graph: job([node('start'), node('a', ['start', 'c']), node('b', ['a']), node('c', ['b'])]),
      message: /dependency cycle: a → b → c → a\. .*remove one of these dependencies/,
      subject: 'a',
    },
    {
      title: 'a timeout over 900 seconds',
      graph: job([node('slow', [], 901)]),
      message: /op "slow" in job "test_job" has timeoutSeconds 901.*from 1 to 900\. Set the op's timeoutSeconds/,
      subject: 'slow',
    },
    {
      title: 'a timeout of 0 seconds',
      graph: job([node('zero', [], 0)]),
      message: /op "zero" .* timeoutSeconds 0/,
      subject: 'zero',
    },
    {
      title: 'a fractional timeout',
      graph: job([node('frac', [], 1.5)]),
      message: /op "frac" .* timeoutSeconds 1\.5: a Lambda timeout must be a whole number/,
      subject: 'frac',
    },
  ];

  for (const { title, graph, message, subject } of cases) {
    it(`refuses ${title}, naming the op and the fix`, () => {
      // Prepare
      let caught: unknown;

      // Act
      try {
        compileGraph(graph);
      } catch (error) {
        caught = error;
      }

      // Assess
      expect(caught).toBeInstanceOf(DefinitionError);
      expect((caught as DefinitionError).message).toMatch(message);
      expect((caught as DefinitionError).subject).toBe(subject);
      expect(() => validateGraph(graph)).toThrow(message);
    });
  }

  it('accepts the limits of the allowed ranges and orders nodes topologically', () => {
    // Prepare
    const graph = job([node('late', ['x'.repeat(64)], 900), node('x'.repeat(64), [], 1)]);

    // Act
    const validated = validateGraph(graph);

    // Assess
    expect(validated.names).toEqual(['x'.repeat(64), 'late']);
    expect(validated.upstream).toEqual([[], [0]]);
    expect(validated.timeoutSeconds).toEqual([1, 900]);
  });
});

describe('compileGraph: Step Functions limits', () => {
  it('keeps a job just under 1 MB in one state machine, and 600 ops well under it', () => {
    // Prepare
    const graph = chain(850);

    // Act
    const { stats } = compileGraph(graph);

    // Assess
    expect(stats.definitionBytes).toBeLessThan(1_048_576);
    expect(stats.definitionBytes).toBeGreaterThan(1_000_000);
    expect(stats.stateMachines).toBe(1);
    expect(compileGraph(chain(600)).stats.definitionBytes).toBeLessThan(800_000);
  });

  it('estimates history events and counts bytes of the compact JSON', () => {
    // Prepare
    const graph = N_GRAPH;

    // Act
    const { definition, stats } = compileGraph(graph);

    // Assess
    expect(stats.historyEventsEstimate).toBe(2 + 5 * 7 + 6 * 1 + 4 * 1);
    expect(stats.definitionBytes).toBe(Buffer.byteLength(JSON.stringify(definition)));
    expect(JSON.stringify(definition.States)).not.toContain('"Comment"');
    expect(stats.states).toBe(allStates(definition).size);
  });
});

describe('compileGraph: resources', () => {
  it('names default functions stepster-<job>-<node or kind>, at most 64 characters', () => {
    // Prepare
    const longJob = 'a_job_with_a_very_long_name_that_goes_on_and_on';
    const longOp = 'x'.repeat(64);

    // Act
    const short = defaultFunctionName('sales_job', { kind: 'op', node: 'fetch_sales' });
    const gate = defaultFunctionName('sales_job', { kind: 'gate' });
    const opNamedGate = defaultFunctionName('sales_job', { kind: 'op', node: 'gate' });
    const long = defaultFunctionName(longJob, { kind: 'op', node: longOp });
    const longOther = defaultFunctionName(longJob, { kind: 'op', node: `${'x'.repeat(63)}y` });
    const { definition } = compileGraph(job([node(longOp)], longJob));

    // Assess
    expect(short).toBe('stepster-sales_job-fetch_sales');
    expect(gate).toBe('stepster-sales_job-step-gate');
    expect(opNamedGate).not.toBe(gate);
    expect(long).toHaveLength(64);
    expect(long).toMatch(/^stepster-a_job_with_[A-Za-z0-9_-]+-[0-9a-f]{8}$/);
    expect(longOther).not.toBe(long);
    expect(defaultFunctionName('job.with spaces', { kind: 'runEnd' })).toBe('stepster-job-with-spaces-run-end');
    expectValidAsl(definition);
  });

  it('writes the resources the caller resolves, such as DefinitionSubstitutions placeholders', () => {
    // Prepare
    const placeholder = (name: string): string => `\${${name}}`;
    const options: CompileOptions = {
      resource: (target) => placeholder(target.kind === 'op' ? `Op_${target.node}` : target.kind),
    };

    // Act
    const { definition } = compileGraph(N_GRAPH, options);

    // Assess
    const states = allStates(definition);
    expect(states.get('stepster.start')).toMatchObject({ Resource: placeholder('runStart') });
    expect(states.get('stepster.end')).toMatchObject({ Resource: placeholder('runEnd') });
    expect(states.get('C')).toMatchObject({ Resource: placeholder('Op_C') });
    expect(states.get('D.gate')).toMatchObject({ Parameters: { FunctionName: placeholder('gate') } });
    expectValidAsl(definition);
  });
});

describe('TransitiveClosure', () => {
  it('answers reachability and updates it when a node loses its in-edges', () => {
    // Prepare: 0 → 1 → 3, 0 → 2 → 3, 3 → 4
    const closure = new TransitiveClosure([[1, 2], [3], [3], [4], []]);

    // Act
    const before = [closure.isBefore(0, 4), closure.comparable(1, 2), closure.maximal([0, 1, 2])];
    const changed = closure.cutEdgesInto(3, [1, 2]);

    // Assess
    expect(before).toEqual([true, false, [1, 2]]);
    expect(changed).toEqual([2, 1, 0]);
    expect(closure.isBefore(0, 4)).toBe(false);
    expect(closure.isBefore(3, 4)).toBe(true);
  });

  it('recognises the bottom of an N', () => {
    // Prepare: A=0, B=1, C=2, D=3, E=4; A→C, A→D, B→D, B→E; and a diamond 0→1,2→3
    const n = new TransitiveClosure([[2, 3], [3, 4], [], [], []]);
    const diamond = new TransitiveClosure([[1, 2], [3], [3], []]);

    // Act
    const inN = n.isBottomOfN(3, [0, 1]);
    const inDiamond = diamond.isBottomOfN(3, [1, 2]);

    // Assess
    expect(inN).toBe(true);
    expect(inDiamond).toBe(false);
  });

  it('refuses nodes out of topological order', () => {
    // Prepare
    const children = [[], [0]];

    // Act
    const act = () => new TransitiveClosure(children);

    // Assess
    expect(act).toThrow(/topological order/);
  });
});

describe('simulateSchedule and criticalPath', () => {
  it('finds the critical path and the fork/join schedule of the N graph', () => {
    // Prepare
    const duration: Record<string, number> = { A: 200, B: 300, C: 250, D: 250, E: 200 };
    const upstream = new Map(N_GRAPH.nodes.map((n) => [n.name, n.upstream]));

    // Act
    const path = criticalPath(N_GRAPH, (n) => duration[n]!);
    const schedule = simulateSchedule(treeOf(N_GRAPH), {
      duration: (n) => duration[n]!,
      upstreamOf: (n) => upstream.get(n)!,
    });

    // Assess
    expect(path).toEqual({ length: 550, path: ['B', 'D'] });
    expect(Object.fromEntries(schedule.start)).toEqual({ A: 0, B: 0, C: 200, D: 300, E: 300 });
    expect(schedule.makespan).toBe(550);
  });

  it('shows what a level barrier would cost: C waiting for B', () => {
    // Prepare: the layered layout P[A|B]; P[C|D|E] that a level-by-level compiler emits.
    const op = (name: string): SeriesParallelTree => ({ kind: 'op', node: name, gated: false });
    const levels: SeriesParallelTree = {
      kind: 'seq',
      items: [
        { kind: 'par', branches: [op('A'), op('B')] },
        { kind: 'par', branches: [op('C'), op('D'), op('E')] },
      ],
    };

    // Act
    const schedule = simulateSchedule(levels, { duration: (n) => (n === 'B' ? 300 : 200), upstreamOf: () => [] });

    // Assess
    expect(schedule.start.get('C')).toBe(300);
  });

  it('reports a deadlock when gates wait on ops placed after them', () => {
    // Prepare
    const tree: SeriesParallelTree = {
      kind: 'seq',
      items: [
        { kind: 'op', node: 'b', gated: true },
        { kind: 'op', node: 'a', gated: false },
      ],
    };

    // Act
    const act = () => simulateSchedule(tree, { duration: () => 1, upstreamOf: (n) => (n === 'b' ? ['a'] : []) });

    // Assess
    expect(act).toThrow(/deadlock/);
  });
});

describe('compileGraph: scale', () => {
  it('decomposes 5,000-node DAGs in well under the time budget', () => {
    // Prepare
    const random = mulberry32(5000);
    const graphs = [chain(5000), randomGraph(random, 5000, 3, 50), randomGraph(random, 5000, 3, 5000)];

    // Act
    const started = performance.now();
    const results = graphs.map((graph) => decomposeSeriesParallel(validateGraph(graph)));
    const elapsed = performance.now() - started;

    // Assess
    expect(elapsed).toBeLessThan(10_000);
    expect(shape(results[0]!.tree).split(';')).toHaveLength(5000);
    expect(results[1]!.gatedOps.length).toBeGreaterThan(0);
  });
});
