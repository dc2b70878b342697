import { ExecutionError, type RunOptions, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compiler/compile-graph.js';
import { criticalPath } from '../../shared/compiler/simulate-schedule.js';
import type { GraphNode, JobGraph } from '../../shared/compiler/job-graph.js';
import { opStateNames } from '../../shared/compiler/emit-states.js';

// The compiled definitions run in aws-local-stepfunctions with every Lambda replaced by a local
// handler (keyed by state name): the ASL itself — Parallel branches, gates, Catch routes,
// the Pass/Wait retry loop — is what is under test.

type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type LocalInput = Parameters<LocalHandlers[string]>[0];

/** What an op's local handler does on its n-th invocation (1-based); throwing fails the attempt. */
type OpBehaviour = (attempt: number) => Promise<void>;

interface Invocation {
  readonly state: string;
  readonly input: LocalInput;
  readonly start: number;
  finish?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** The error an op Lambda throws to be invoked again at `at`, with the Cause text Lambda reports. */
function retryScheduled(at: Date): Error {
  return namedError(
    'stepster.RetryScheduled',
    JSON.stringify({ errorType: 'stepster.RetryScheduled', errorMessage: at.toISOString(), trace: [] }),
  );
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function node(name: string, upstream: string[] = []): GraphNode {
  return { name, upstream, timeoutSeconds: 30 };
}

async function runLocally(graph: JobGraph, behaviours: Record<string, OpBehaviour>) {
  const { definition } = compileGraph(graph);
  const machine = new StateMachine(structuredClone(definition) as unknown as StateMachineDefinition);
  const origin = performance.now();
  const now = (): number => performance.now() - origin;
  const invocations: Invocation[] = [];
  const stepFailures: LocalInput[] = [];
  // Resolved when an op is over, by success or by its crash report: what gates wait for.
  const done = new Map(graph.nodes.map((n) => [n.name, deferred()]));
  const attempts = new Map<string, number>();

  const record = (state: string, input: LocalInput): Invocation => {
    const invocation: Invocation = { state, input, start: now() };
    invocations.push(invocation);
    return invocation;
  };
  const handlers: LocalHandlers = {
    'stepster.start': (input) => {
      record('stepster.start', input).finish = now();
      const typed = input as { input: { runConfig: LocalInput; tags: LocalInput } };
      return { runId: 'run-1', jobName: graph.jobName, runConfig: typed.input.runConfig, tags: typed.input.tags };
    },
    'stepster.end': (input) => {
      record('stepster.end', input);
      if (stepFailures.length > 0) throw namedError('stepster.RunFailed', `${stepFailures.length} step(s) failed`);
      return {};
    },
  };
  for (const n of graph.nodes) {
    const names = opStateNames(n.name);
    const opHandler = async (input: LocalInput): Promise<LocalInput> => {
      // Entered by the Catch with the crash in `c` (state X.crash): the op records it and the branch goes on.
      if ((input as { c?: { Error?: unknown } }).c?.Error !== undefined) {
        record(`${names.task}#crash-report`, input).finish = now();
        stepFailures.push(input);
        done.get(n.name)!.resolve();
        return { op: n.name, status: 'FAILURE' };
      }
      const attempt = (attempts.get(n.name) ?? 0) + 1;
      attempts.set(n.name, attempt);
      const invocation = record(names.task, input);
      try {
        await (behaviours[n.name] ?? (() => sleep(20)))(attempt);
      } finally {
        invocation.finish = now();
      }
      done.get(n.name)!.resolve();
      return { stored: true };
    };
    handlers[names.task] = opHandler;
    handlers[names.crash] = opHandler;
    handlers[names.gate] = async (input) => {
      const invocation = record(names.gate, input);
      await Promise.all(n.upstream.map((u) => done.get(u)!.promise));
      invocation.finish = now();
      return {};
    };
  }

  const execution = machine.run(
    { runConfig: { ops: {} }, tags: { team: 'data' } },
    {
      overrides: { taskResourceLocalHandlers: handlers },
      context: {
        Execution: {
          Id: `arn:aws:states:us-east-1:000000000000:execution:stepster-${graph.jobName}:run-1`,
          Name: 'run-1',
          StartTime: new Date().toISOString(),
          // Step Functions fills it in every context object; the run-end state passes it on.
          RedriveCount: 0,
        },
        Task: { Token: 'local' },
      },
    },
  );
  const entered: string[] = [];
  const collecting = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered') entered.push(event.state.name);
    }
  })();
  let output: unknown;
  let failure: unknown;
  try {
    output = await execution.result;
  } catch (error) {
    failure = error;
  }
  await collecting;

  const calls = (state: string): Invocation[] => invocations.filter((i) => i.state === state);
  const only = (state: string): Invocation => {
    const found = calls(state);
    if (found.length !== 1) throw new Error(`expected one call of ${state}, got ${found.length}`);
    return found[0]!;
  };
  return { output, failure, invocations, calls, only, stepFailures, entered };
}

describe('compiled state machines in aws-local-stepfunctions', () => {
  it('runs the N graph at its critical path: C does not wait for B, D waits for both', async () => {
    // Prepare
    const graph: JobGraph = {
      jobName: 'n_job',
      nodes: [node('A'), node('B'), node('C', ['A']), node('D', ['A', 'B']), node('E', ['B'])],
    };
    const duration: Record<string, number> = { A: 200, B: 300, C: 250, D: 250, E: 200 };
    const behaviours = Object.fromEntries(
      Object.entries(duration).map(([name, ms]) => [name, () => sleep(ms)] as const),
    );
    const critical = criticalPath(graph, (name) => duration[name]!);

    // Act
    const run = await runLocally(graph, behaviours);

    // Assess
    expect(run.failure).toBeUndefined();
    expect(run.output).toMatchObject({
      runId: 'run-1',
      jobName: 'n_job',
      runConfig: { ops: {} },
      tags: { team: 'data' },
    });
    expect(critical.length).toBe(550);
    const began = run.only('stepster.start').finish!;
    const ended = run.only('stepster.end').start;
    const makespan = ended - began;
    expect(makespan).toBeGreaterThanOrEqual(critical.length - 5);
    expect(makespan).toBeLessThanOrEqual(critical.length * 1.05);
    const op = (name: string) => run.only(name);
    expect(op('C').start).toBeLessThan(op('B').finish!);
    for (const n of graph.nodes) {
      const ready = Math.max(began, ...n.upstream.map((u) => op(u).finish!));
      expect(op(n.name).start, n.name).toBeGreaterThanOrEqual(ready - 1);
      expect(op(n.name).start, n.name).toBeLessThan(ready + 20);
    }
    expect(run.only('D.gate').input).toEqual({
      FunctionName: expect.any(String),
      Payload: { runId: 'run-1', op: 'D', token: 'local' },
    });
    expect(op('C').input).toEqual({
      runId: 'run-1',
      jobName: 'n_job',
      runConfig: { ops: {} },
      tags: { team: 'data' },
      // A's small result, which also clears any error a Catch left in \`c\`.
      c: { stored: true },
    });
  });

  it('re-invokes an op at the time its RetryScheduled error names, through the Pass and Wait states', async () => {
    // Prepare
    const graph: JobGraph = { jobName: 'retry_job', nodes: [node('a'), node('b', ['a']), node('c', ['b'])] };
    let retryAt = new Date(0);
    const behaviours: Record<string, OpBehaviour> = {
      b: async (attempt) => {
        if (attempt === 1) {
          retryAt = new Date(Date.now() + 50);
          throw retryScheduled(retryAt);
        }
        await sleep(20);
      },
    };

    // Act
    const run = await runLocally(graph, behaviours);

    // Assess
    expect(run.failure).toBeUndefined();
    const [first, second] = run.calls('b');
    expect(run.calls('b')).toHaveLength(2);
    expect(second!.start - first!.finish!).toBeGreaterThanOrEqual(45);
    // Well under a second: the Wait honours the named time, not whole seconds or a fixed delay.
    // Generous, because a loaded 2-core CI machine delays timers by a few hundred ms.
    expect(second!.start - first!.finish!).toBeLessThan(600);
    expect(second!.input).toMatchObject({
      runId: 'run-1',
      c: { e: { errorType: 'stepster.RetryScheduled', errorMessage: retryAt.toISOString(), trace: [] } },
    });
    expect(run.entered).toEqual(['stepster.start', 'a', 'b', 'b.retry', 'b.wait', 'b', 'c', 'stepster.end']);
    expect(run.calls('b#crash-report')).toHaveLength(0);
    expect(run.stepFailures).toEqual([]);
  });

  it('retries inside a Parallel branch, and the gate of a downstream op waits for the retry', async () => {
    // Prepare
    const graph: JobGraph = {
      jobName: 'n_retry_job',
      nodes: [node('A'), node('B'), node('C', ['A']), node('D', ['A', 'B']), node('E', ['B'])],
    };
    const behaviours: Record<string, OpBehaviour> = {
      A: async (attempt) => {
        if (attempt === 1) throw retryScheduled(new Date(Date.now() + 80));
        await sleep(100);
      },
      B: () => sleep(20),
    };

    // Act
    const run = await runLocally(graph, behaviours);

    // Assess
    expect(run.failure).toBeUndefined();
    const lastA = run.calls('A')[1]!;
    expect(run.calls('A')).toHaveLength(2);
    expect(run.only('D').start).toBeGreaterThanOrEqual(lastA.finish! - 1);
    expect(run.only('D').start).toBeLessThan(lastA.finish! + 20);
    expect(run.only('E').start).toBeLessThan(lastA.start);
  });

  it('routes a crash to the op’s crash-report state to record it, goes on with the branch and fails the run at the end', async () => {
    // Prepare
    const graph: JobGraph = {
      jobName: 'crash_job',
      nodes: [node('a'), node('b', ['a']), node('c', ['b']), node('d'), node('e', ['b', 'd'])],
    };
    const behaviours: Record<string, OpBehaviour> = {
      b: async () => {
        await sleep(10);
        throw new Error('Task timed out after 30.00 seconds');
      },
      d: () => sleep(100),
    };

    // Act
    const run = await runLocally(graph, behaviours);

    // Assess
    expect(run.failure).toBeInstanceOf(ExecutionError);
    expect(((run.failure as Error).cause as Error).name).toBe('stepster.RunFailed');
    expect(run.stepFailures).toEqual([
      expect.objectContaining({
        runId: 'run-1',
        c: { Error: 'Error', Cause: 'Task timed out after 30.00 seconds' },
      }),
    ]);
    expect(run.calls('b')).toHaveLength(1);
    expect(run.only('c').start).toBeGreaterThanOrEqual(run.only('b#crash-report').finish!);
    expect(run.only('b#crash-report').input).toMatchObject({ c: { Error: 'Error' } });
    expect(run.only('c').input).toMatchObject({ c: { op: 'b', status: 'FAILURE' } });
    expect(run.calls('d')).toHaveLength(1);
    expect(run.calls('e')).toHaveLength(1);
    expect(run.only('e').start).toBeGreaterThanOrEqual(run.only('d').finish! - 1);
    expect(run.calls('stepster.end')).toHaveLength(1);
  });
});
