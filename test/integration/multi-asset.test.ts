import { describe, expect, it } from 'vitest';
import {
  AssetCheckResult,
  AssetCheckSpec,
  AssetIn,
  AssetOut,
  asset,
  assetCheck,
  Definitions,
  defineAssetJob,
  type EventRecord,
  executeInProcess,
  materialize,
  multiAsset,
  Output,
} from 'stepster';

const ran = (events: readonly EventRecord[], step: string) =>
  events.some((e) => e.stepKey === step && e.eventType === 'STEP_START');
const materialized = (events: readonly EventRecord[]) =>
  events.filter((e) => e.eventType === 'ASSET_MATERIALIZATION').map((e) => (e.data as { assetKey: string }).assetKey);

// `<p>_split` makes `<p>_eu` and `<p>/us`; `<p>_eu_total` loads eu, `<p>_us_total` loads us.
function regions(prefix: string, options: { checkSpecs?: AssetCheckSpec[]; usPassed?: boolean } = {}) {
  const split = multiAsset(
    {
      name: `${prefix}_split`,
      group: 'sales',
      outs: { eu: AssetOut({ key: `${prefix}_eu` }), us: AssetOut({ key: `${prefix}/us`, group: 'us_sales' }) },
      ...(options.checkSpecs ? { checkSpecs: options.checkSpecs } : {}),
    },
    async function* (context) {
      context.addOutputMetadata({ rows: 2 }, 'eu');
      yield new Output([1, 2], { outputName: 'eu' });
      yield new Output([10, 20, 30], { outputName: 'us' });
      if (options.checkSpecs) {
        yield new AssetCheckResult({
          checkName: 'us_positive',
          assetKey: `${prefix}/us`,
          passed: options.usPassed ?? true,
        });
      }
    },
  );
  const sum = (name: string, key: string) =>
    asset({ name, ins: { rows: AssetIn(key) } }, async (_c, { rows }) => (rows as number[]).reduce((a, b) => a + b, 0));
  return {
    split,
    euTotal: sum(`${prefix}_eu_total`, `${prefix}_eu`),
    usTotal: sum(`${prefix}_us_total`, `${prefix}/us`),
  };
}

describe('multiAsset, run through the compiled state machine', () => {
  it('materializes one asset per output, and AssetIn of each key loads its own output', async () => {
    // Prepare
    const { split, euTotal, usTotal } = regions('ma');

    // Act
    const result = await materialize([split, euTotal, usTotal]);

    // Assess
    expect(materialized(result.eventsForNode('ma_split'))).toEqual(['ma_eu', 'ma/us']);
    const eu = result.events.find((e) => e.eventType === 'ASSET_MATERIALIZATION' && e.stepKey === 'ma_split');
    expect(eu?.data).toMatchObject({ metadata: { rows: { type: 'int', value: 2 } } });
    expect(result.assetValue('ma/us')).toEqual([10, 20, 30]);
    expect(result.assetValue('ma_eu_total')).toBe(3);
    expect(result.assetValue('ma_us_total')).toBe(60);
  });

  it('records no materialization for an optional out the body leaves out, and skips what loads it', async () => {
    // Prepare
    const split = multiAsset(
      { name: 'opt_split', outs: { kept: AssetOut(), dropped: AssetOut({ isRequired: false }) } },
      async function* () {
        yield new Output('here', { outputName: 'kept' });
      },
    );
    const reader = asset({ name: 'opt_reader', ins: { d: AssetIn('dropped') } }, async () => 1);

    // Act
    const result = await materialize([split, reader]);

    // Assess
    expect(materialized(result.events)).toEqual(['kept']);
    expect(result.eventsForNode('opt_reader').map((e) => e.eventType)).toContain('STEP_SKIPPED');
  });

  it('is selected by any of its keys, and deps on one of its keys order the downstream after it', async () => {
    // Prepare
    const { split, usTotal } = regions('sel');
    const after = asset({ name: 'sel_after', deps: ['sel/us'] }, async () => 'after');
    const job = defineAssetJob({ name: 'sel_us', selection: ['sel/us', 'sel_after'] });
    const defs = new Definitions({ assets: [split, usTotal, after], jobs: [job] });

    // Act
    const result = await executeInProcess(defs.getJob('sel_us'), { definitions: defs });

    // Assess
    expect(defs.getJob('sel_us').node('sel_after').upstream).toEqual(['sel_split']);
    expect(result.success).toBe(true);
    expect(materialized(result.events)).toEqual(expect.arrayContaining(['sel_eu', 'sel/us', 'sel_after']));
  });

  it('a failed blocking assetCheck of one output blocks only that output’s downstreams', async () => {
    // Prepare
    const { split, euTotal, usTotal } = regions('pob');
    const usCheck = assetCheck(
      { name: 'us_positive', asset: 'pob/us', blocking: true },
      async () => new AssetCheckResult({ passed: false }),
    );

    // Act
    const result = await materialize([split, euTotal, usTotal, usCheck], { raiseOnError: false });

    // Assess
    expect(result.success).toBe(false);
    expect(result.assetValue('pob_eu_total')).toBe(3);
    expect(ran(result.events, 'pob_us_total')).toBe(false);
    expect(result.events.find((e) => e.eventType === 'RUN_FAILURE')?.message).toContain('pob__us__us_positive');
  });

  it('a failed blocking checkSpec of one output keeps both materializations and blocks only that output’s downstreams', async () => {
    // Prepare
    const { split, euTotal, usTotal } = regions('pos', {
      checkSpecs: [new AssetCheckSpec({ name: 'us_positive', asset: 'pos/us', blocking: true })],
      usPassed: false,
    });

    // Act
    const result = await materialize([split, euTotal, usTotal], { raiseOnError: false });

    // Assess
    expect(result.success).toBe(false);
    expect(materialized(result.eventsForNode('pos_split'))).toEqual(['pos_eu', 'pos/us']);
    expect(result.eventsForNode('pos_split').at(-1)?.message).toContain(
      'Blocking asset check failed: "us_positive" on asset "pos/us"',
    );
    expect(result.assetValue('pos_eu_total')).toBe(3);
    expect(ran(result.events, 'pos_us_total')).toBe(false);
    const blocked = result.events.find((e) => e.eventType === 'ENGINE_EVENT' && e.level === 'ERROR');
    expect(blocked?.message).toContain('Dependencies for step pos_us_total failed');
  });

  it('a passing checkSpec of a multi-asset lets every downstream run', async () => {
    // Prepare
    const { split, euTotal, usTotal } = regions('ok', {
      checkSpecs: [new AssetCheckSpec({ name: 'us_positive', asset: 'ok/us', blocking: true })],
    });

    // Act
    const result = await materialize([split, euTotal, usTotal]);

    // Assess
    expect(result.assetValue('ok_us_total')).toBe(60);
    expect(result.events.find((e) => e.eventType === 'ASSET_CHECK_EVALUATION')?.data).toMatchObject({
      assetKey: 'ok/us',
      checkName: 'us_positive',
      passed: true,
    });
  });
});
