import { performance } from 'node:perf_hooks';
import { compileJob, type EventLogStore, executeInProcess, In, job, op, runLocally } from 'stepster';
import { jobGraphOf } from '../shared/compiler/job-graph.js';
import { openLocalInstance } from '../shared/local/local-instance.js';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function chainJob(n: number) {
  const step = op({ name: 'step', ins: { x: In() } }, async (_c, { x }) => (x as number) + 1);
  const first = op({ name: 'first' }, async () => 0);
  return job({ name: `chain_${n}` }, () => {
    let h = first();
    for (let i = 1; i < n; i++) h = step.alias(`step_${i}`)(h);
  });
}

function fanOutJob(n: number) {
  const leaf = op({ name: 'leaf' }, async () => 1);
  return job({ name: `fan_out_${n}` }, () => {
    for (let i = 0; i < n; i++) leaf.alias(`leaf_${i}`)();
  });
}

function randomDag(n: number, seed = 42) {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const nodes = Array.from({ length: n }, (_, i) => {
    const upstream = new Set<string>();
    if (i > 0) for (let k = 0; k < 2; k++) if (rand() < 0.7) upstream.add(`op_${Math.floor(rand() * i)}`);
    return { name: `op_${i}`, upstream: [...upstream], timeoutSeconds: 60 };
  });
  return { jobName: `random_${n}`, nodes };
}

/** The largest n whose graph compiles to one state machine (binary search; monotone in n for these shapes). */
function largestInOneStateMachine(graphOf: (n: number) => Parameters<typeof compileJob>[0]): number {
  let low = 1;
  let high = 4096;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (compileJob(graphOf(mid)).stats.stateMachines === 1) low = mid;
    else high = mid - 1;
  }
  return low;
}

async function timeRun(store: EventLogStore, j: ReturnType<typeof chainJob>, repeats: number) {
  const times: number[] = [];
  let transitions = 0;
  let requests = 0;
  for (let r = 0; r < repeats; r++) {
    store.resetRequestCount();
    const t0 = performance.now();
    // runLocally, not executeInProcess: the latter also reads every output back afterwards.
    const result = await runLocally({ job: j, store });
    times.push(performance.now() - t0);
    transitions = result.stateTransitions;
    requests = store.requestCount;
  }
  return { ms: median(times), transitions, requests };
}

/** Figures for issue 2: local overhead, transitions, DynamoDB requests, compile size/time, makespan. */
export async function benchCore(): Promise<Record<string, unknown>> {
  const instance = await openLocalInstance({ inMemory: true });
  const store = instance.store;
  const out: Record<string, unknown> = {};
  try {
    // Bare async calls, the floor the local engine is compared against.
    const bare: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      let x = 0;
      for (let i = 0; i < 100; i++) x = await (async (v: number) => v + 1)(x);
      bare.push(performance.now() - t0);
    }
    const bareMs = median(bare);

    const one = await timeRun(store, chainJob(1), 3);
    const chain = await timeRun(store, chainJob(100), 3);
    const fan = await timeRun(store, fanOutJob(100), 3);
    out['chain-100: median run ms'] = round(chain.ms, 1);
    out['chain-100: local overhead per op (ms)'] = round((chain.ms - bareMs) / 100);
    out['fan-out-100: median run ms'] = round(fan.ms, 1);
    out['fan-out-100: local overhead per op (ms)'] = round((fan.ms - bareMs) / 100);
    out['100 bare async calls (ms)'] = round(bareMs, 3);
    out['chain-100: state transitions per run'] = chain.transitions;
    out['chain-100: transitions per op (excl. 2 run states)'] = round((chain.transitions - 2) / 100, 3);
    out['fan-out-100: state transitions per run'] = fan.transitions;
    out['fan-out-100: transitions per op (excl. 3 run states)'] = round((fan.transitions - 3) / 100, 3);
    // Marginal DynamoDB requests per op attempt: the run's requests beyond a one-op run, per extra op.
    out['DynamoDB requests per op attempt (chain)'] = round((chain.requests - one.requests) / 99, 3);
    out['DynamoDB requests per run (start + end, from 1-op run minus 1 op)'] = round(
      one.requests - (chain.requests - one.requests) / 99,
      2,
    );

    for (const [label, graph] of [
      ['800-op chain', jobGraphOf(chainJob(800))],
      ['600-op random DAG', randomDag(600)],
    ] as const) {
      const times: number[] = [];
      let compiled = compileJob(graph);
      for (let r = 0; r < 5; r++) {
        const t0 = performance.now();
        compiled = compileJob(graph);
        times.push(performance.now() - t0);
      }
      out[`${label}: compile ms (median of 5)`] = round(median(times), 1);
      out[`${label}: definition KB`] = round(compiled.stats.definitionBytes / 1024, 1);
      out[`${label}: bytes per op`] = Math.round(compiled.stats.definitionBytes / compiled.stats.ops);
      out[`${label}: transitions per run`] = compiled.stats.transitionsPerRun;
      out[`${label}: gated ops`] = compiled.stats.gatedOps.length;
    }
    // Past these, the compiler splits the job into child executions (see the big-jobs section).
    out['largest chain in one state machine (ops)'] = largestInOneStateMachine((n) => jobGraphOf(chainJob(n)));
    out['largest random DAG in one state machine (ops)'] = largestInOneStateMachine(randomDag);

    // The A/B/C/D/E graph that is not series-parallel, with ops that sleep.
    const durations = { a: 1000, b: 2000, c: 1500, d: 1000, e: 500 } as const;
    const sleeper = (name: keyof typeof durations, ins: string[]) =>
      op({ name, ins: Object.fromEntries(ins.map((i) => [i, In()])) }, async () => {
        await sleep(durations[name]);
        return name;
      });
    const A = sleeper('a', []);
    const B = sleeper('b', []);
    const C = sleeper('c', ['a']);
    const D = sleeper('d', ['a', 'b']);
    const E = sleeper('e', ['b']);
    const nGraph = job({ name: 'n_graph' }, () => {
      const a = A();
      const b = B();
      C(a);
      D(a, b);
      E(b);
    });
    const result = await executeInProcess(nGraph, { instance: store });
    const starts = result.events.filter((e) => e.eventType === 'STEP_START').map((e) => Date.parse(e.timestamp));
    const ends = result.events.filter((e) => e.eventType === 'STEP_SUCCESS').map((e) => Date.parse(e.timestamp));
    const makespan = Math.max(...ends) - Math.min(...starts);
    const critical = Math.max(
      durations.a + durations.c,
      durations.a + durations.d,
      durations.b + durations.d,
      durations.b + durations.e,
    );
    const at = (type: string, step: string) =>
      Date.parse(result.events.find((e) => e.eventType === type && e.stepKey === step)?.timestamp ?? '');
    out['N-graph: critical path ms'] = critical;
    out['N-graph: makespan ms'] = makespan;
    out['N-graph: makespan over critical path'] = `${round(((makespan - critical) / critical) * 100, 2)}%`;
    out['N-graph: C started after A ended (ms)'] = at('STEP_START', 'c') - at('STEP_SUCCESS', 'a');
    out['N-graph: C started before B ended'] = at('STEP_START', 'c') < at('STEP_SUCCESS', 'b');
    out['N-graph: D started after B ended (ms)'] = at('STEP_START', 'd') - at('STEP_SUCCESS', 'b');
    out['N-graph: state transitions per run'] = result.stateTransitions;
  } finally {
    await instance.close();
  }
  return out;
}
