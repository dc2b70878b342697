import { DynamicOut, DynamicOutput, executeInProcess, In, job, op } from 'stepster';
import { openLocalInstance } from '../shared/local/local-instance.js';

const ITEMS = 1_000;

/**
 * Figures for issue 12 item 4: a fan-out of ITEMS items through the compiled Map state
 * (aws-local-stepfunctions, 40 iterations at once as on AWS), each item its own step, then
 * one collect. Makespan, state transitions and DynamoDB requests of the whole run.
 */
export async function benchFanOut(): Promise<Record<string, unknown>> {
  const instance = await openLocalInstance({ inMemory: true });
  try {
    const files = op({ name: 'files', out: { items: DynamicOut() } }, async function* () {
      for (let i = 0; i < ITEMS; i++) yield new DynamicOutput(i, { mappingKey: `k${i}`, outputName: 'items' });
    });
    const square = op({ name: 'square', ins: { n: In() } }, async (_c, { n }) => (n as number) ** 2);
    const total = op({ name: 'total', ins: { all: In() } }, async (_c, { all }) =>
      (all as number[]).reduce((sum, n) => sum + n, 0),
    );
    const fan = job({ name: 'fan_out_bench' }, () => {
      total(files().map(square).collect());
    });

    instance.store.resetRequestCount();
    const t0 = performance.now();
    const result = await executeInProcess(fan, { instance: instance.store });
    const makespanMs = performance.now() - t0;
    const expected = Array.from({ length: ITEMS }, (_, i) => i * i).reduce((a, b) => a + b, 0);
    return {
      'fan-out': `${ITEMS.toLocaleString('en-US')} items, inline Map, MaxConcurrency 40`,
      'makespan ms': Math.round(makespanMs),
      'ms per item': Number((makespanMs / ITEMS).toFixed(2)),
      'state transitions': result.stateTransitions,
      'DynamoDB requests': instance.store.requestCount,
      'collected total correct': result.outputFor('total') === expected,
    };
  } finally {
    await instance.close();
  }
}
