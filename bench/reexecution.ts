import { executeInProcess, In, job, op, reexecuteFromFailure } from 'stepster';
import { openLocalInstance } from '../shared/local/local-instance.js';

const LENGTH = 10;
const FAILING = 'step_5';

/**
 * Figures for issue 12: a chain of LENGTH ops whose middle op fails once, then a re-execution
 * from failure. The steps before the failure are skipped (no body, outputs read by reference
 * from the parent); the failed one and those behind it run.
 */
export async function benchReexecution(): Promise<Record<string, unknown>> {
  const instance = await openLocalInstance({ inMemory: true });
  try {
    let broken = true;
    const bodies = new Map<string, number>();
    const step = (name: string, first: boolean) =>
      op({ name, ins: first ? {} : { x: In() } }, async (_context, inputs) => {
        bodies.set(name, (bodies.get(name) ?? 0) + 1);
        if (name === FAILING && broken) throw new Error('fails once');
        return ((inputs as { x?: number }).x ?? 0) + 1;
      });
    const chain = job({ name: 'reexecution_chain' }, () => {
      let handle = step('step_1', true)();
      for (let i = 2; i <= LENGTH; i++) handle = step(`step_${i}`, false)(handle);
    });

    const t0 = performance.now();
    const failed = await executeInProcess(chain, { instance: instance.store, raiseOnError: false });
    const failedMs = performance.now() - t0;
    broken = false;
    const before = new Map(bodies);
    instance.store.resetRequestCount();
    const t1 = performance.now();
    const retried = await reexecuteFromFailure(chain, failed.runId, { instance: instance.store });
    const retriedMs = performance.now() - t1;
    const rerun = [...bodies].filter(([name, count]) => count > (before.get(name) ?? 0)).map(([name]) => name);
    return {
      chain: `${LENGTH} ops, ${FAILING} fails in the first run`,
      'steps skipped (reused outputs)': LENGTH - rerun.length,
      'steps re-run': rerun.length,
      'first run ms': Math.round(failedMs),
      're-execution ms': Math.round(retriedMs),
      're-execution state transitions': retried.stateTransitions,
      're-execution DynamoDB requests (plan and output read-back included)': instance.store.requestCount,
      'final output': retried.outputFor(`step_${LENGTH}`),
    };
  } finally {
    await instance.close();
  }
}
