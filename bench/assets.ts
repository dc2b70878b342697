// Asset figures for `npm run bench`: an asset is a step like any op, so its chain and fan-out
// should cost what bench/core.ts measures for ops. Runs through runLocally (the compiled state
// machine in aws-local-stepfunctions, dynalite in memory), as core.ts does.
import { performance } from 'node:perf_hooks';
import {
  type AnyAssetCheckDefinition,
  type AnyAssetDefinition,
  AssetCheckResult,
  AssetIn,
  asset,
  assetCheck,
  type EventLogStore,
  runLocally,
} from 'stepster';
import { assetJob, IMPLICIT_ASSET_JOB_NAME } from '../shared/definitions/asset-job.js';
import { openLocalInstance } from '../shared/local/local-instance.js';

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

// asset_0 → asset_1 → … each loading the one before (an `AssetIn`, so a LOADED_INPUT per step).
function assetChain(n: number): AnyAssetDefinition[] {
  return Array.from({ length: n }, (_, i) =>
    i === 0
      ? asset({ name: 'asset_0' }, async () => 0)
      : asset({ name: `asset_${i}`, ins: { up: AssetIn(`asset_${i - 1}`) } }, async (_c, { up }) => (up as number) + 1),
  );
}

// One source and n leaves that each load it.
function assetFanOut(n: number): AnyAssetDefinition[] {
  const root = asset({ name: 'root' }, async () => 1);
  return [
    root,
    ...Array.from({ length: n }, (_, i) =>
      asset({ name: `leaf_${i}`, ins: { root: AssetIn('root') } }, async (_c, { root: r }) => r),
    ),
  ];
}

// A check on every asset of a chain: blocking ones sit between an asset and the next.
function checksOn(assets: readonly AnyAssetDefinition[], blocking: boolean): AnyAssetCheckDefinition[] {
  return assets.map((a) =>
    assetCheck(
      { name: 'positive', asset: a, blocking },
      (_c, value) => new AssetCheckResult({ passed: (value as number) >= 0 }),
    ),
  );
}

async function run(store: EventLogStore, assets: AnyAssetDefinition[], checks: AnyAssetCheckDefinition[] = []) {
  const job = assetJob({ name: IMPLICIT_ASSET_JOB_NAME }, assets, checks);
  store.resetRequestCount();
  const t0 = performance.now();
  const result = await runLocally({ job, store });
  const ms = performance.now() - t0;
  if (result.status !== 'SUCCESS') throw new Error(`asset bench run failed: ${result.error?.message ?? ''}`);
  return { ms, transitions: result.stateTransitions, requests: store.requestCount };
}

/**
 * Transitions per asset step and DynamoDB requests per asset step attempt.
 *
 * @example
 * const figures = await benchAssets();
 */
export async function benchAssets(): Promise<Record<string, unknown>> {
  const instance = await openLocalInstance({ inMemory: true });
  const store = instance.store;
  try {
    const one = await run(store, assetChain(1));
    const chain = await run(store, assetChain(100));
    const fan = await run(store, assetFanOut(100));
    const chain50 = assetChain(50);
    const plain50 = await run(store, chain50);
    const blocking = await run(store, chain50, checksOn(chain50, true));
    const nonBlocking = await run(store, chain50, checksOn(chain50, false));
    return {
      'asset chain-50 with a blocking check per asset: transitions per check step': round(
        (blocking.transitions - plain50.transitions) / 50,
      ),
      'asset chain-50 with a non-blocking check per asset: transitions per check step': round(
        (nonBlocking.transitions - plain50.transitions) / 50,
      ),
      'DynamoDB requests per check step attempt (blocking chain)': round((blocking.requests - plain50.requests) / 50),
      'asset chain-100: run ms (one run)': round(chain.ms, 1),
      'asset chain-100: state transitions per run': chain.transitions,
      'asset chain-100: transitions per asset step (excl. 2 run states)': round((chain.transitions - 2) / 100),
      'asset fan-out-1+100: state transitions per run': fan.transitions,
      // One Parallel state and its 100 branches behind the root's step.
      'asset fan-out-1+100: transitions per asset step (excl. 3 run states)': round((fan.transitions - 3) / 101),
      // Marginal requests: the 100-step run's requests beyond a 1-step run, per extra step.
      'DynamoDB requests per asset step attempt (chain)': round((chain.requests - one.requests) / 99),
      'DynamoDB requests per asset run (start + end, 1-step run minus 1 step)': round(
        one.requests - (chain.requests - one.requests) / 99,
        2,
      ),
    };
  } finally {
    await instance.close();
  }
}
