import { performance } from 'node:perf_hooks';
import { compileJob, In, job, op, runLocally } from 'stepster';
import { openLocalInstance } from '../shared/local/local-instance.js';

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

function chainJob(n: number) {
  const first = op({ name: 'first' }, async () => 0);
  const step = op({ name: 'step', ins: { x: In() } }, async (_c, { x }) => (x as number) + 1);
  return job({ name: `big_chain_${n}` }, () => {
    let h = first();
    for (let i = 1; i < n; i++) h = step.alias(`step_${i}`)(h);
  });
}

/** Each op reads one or two earlier ops, chosen by a seeded generator: not series-parallel. */
function randomDagJob(n: number, seed = 42) {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const first = op({ name: 'first' }, async () => 0);
  const one = op({ name: 'one', ins: { a: In() } }, async () => 1);
  const two = op({ name: 'two', ins: { a: In(), b: In() } }, async () => 2);
  return job({ name: `big_dag_${n}` }, () => {
    const handles = [first()];
    for (let i = 1; i < n; i++) {
      const a = handles[Math.floor(rand() * i)];
      const b = handles[Math.floor(rand() * i)];
      handles.push(rand() < 0.5 || a === b ? one.alias(`op_${i}`)(a) : two.alias(`op_${i}`)(a, b));
    }
  });
}

/** Issue 12, item 6: jobs past one state machine, split into child executions. */
export async function benchBigJobs(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [label, big] of [
    ['3,000-op chain', chainJob(3000)],
    ['3,000-op random DAG', randomDagJob(3000)],
    ['10,000-op chain', chainJob(10_000)],
  ] as const) {
    const t0 = performance.now();
    const { stats } = compileJob(big);
    out[`${label}: compile ms`] = round(performance.now() - t0, 0);
    out[`${label}: state machines (parent + children)`] = stats.stateMachines;
    out[`${label}: largest definition KB`] = round(stats.definitionBytes / 1024, 1);
    out[`${label}: largest execution's history events (clean run)`] = stats.historyEventsEstimate;
    out[`${label}: transitions per op (compiled, children included)`] = round(stats.transitionsPerRun / stats.ops, 3);
  }

  // One local run of the 3,000-op chain through the parent and its children.
  const instance = await openLocalInstance({ inMemory: true });
  try {
    const big = chainJob(3000);
    instance.store.resetRequestCount();
    const t0 = performance.now();
    const result = await runLocally({ job: big, store: instance.store });
    const ms = performance.now() - t0;
    out['3,000-op chain, local run: status'] = result.status;
    out['3,000-op chain, local run: makespan s'] = round(ms / 1000, 1);
    out['3,000-op chain, local run: ms per op'] = round(ms / 3000, 1);
    out['3,000-op chain, local run: transitions per op'] = round(result.stateTransitions / 3000, 3);
    out['3,000-op chain, local run: DynamoDB requests per op'] = round(instance.store.requestCount / 3000, 2);
  } finally {
    await instance.close();
  }
  return out;
}
