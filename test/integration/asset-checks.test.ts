import { describe, expect, it } from 'vitest';
import {
  AssetCheckResult,
  AssetCheckSeverity,
  AssetCheckSpec,
  AssetIn,
  asset,
  assetCheck,
  Definitions,
  defineAssetJob,
  type EventRecord,
  executeInProcess,
  materialize,
} from 'stepster';

const typesOf = (events: readonly EventRecord[], step: string) =>
  events.filter((e) => e.stepKey === step && e.eventType !== 'LOG_MESSAGE').map((e) => e.eventType);
const ran = (events: readonly EventRecord[], step: string) =>
  events.some((e) => e.stepKey === step && e.eventType === 'STEP_START');
const engineErrors = (events: readonly EventRecord[]) =>
  events.filter((e) => e.eventType === 'ENGINE_EVENT' && e.level === 'ERROR').map((e) => e.message);

// A fresh trio per test: upstream `<p>_orders` (rows), checked; downstream `<p>_report` loads it.
function pipeline(prefix: string, check: { blocking: boolean; passed: boolean; severity?: AssetCheckSeverity }) {
  const orders = asset({ name: `${prefix}_orders` }, async () => [{ id: 1 }, { id: 2 }]);
  const report = asset(
    { name: `${prefix}_report`, ins: { rows: AssetIn(`${prefix}_orders`) } },
    async (_c, { rows }) => (rows as unknown[]).length,
  );
  const hasRows = assetCheck({ name: 'has_rows', asset: orders, blocking: check.blocking }, async (_c, value) => {
    const rows = value as unknown[];
    return new AssetCheckResult({
      passed: check.passed,
      metadata: { rows: rows.length },
      ...(check.severity ? { severity: check.severity } : {}),
    });
  });
  return { orders, report, hasRows };
}

describe('assetCheck, run through the compiled state machine', () => {
  it('a failed blocking check records its evaluation, fails its step, never starts the downstream and fails the run', async () => {
    // Prepare
    const { orders, report, hasRows } = pipeline('blk', { blocking: true, passed: false });

    // Act
    const result = await materialize([orders, report, hasRows], { raiseOnError: false });

    // Assess
    expect(hasRows.name).toBe('blk_orders__has_rows');
    expect(result.success).toBe(false);
    const evaluation = result.events.find((e) => e.eventType === 'ASSET_CHECK_EVALUATION');
    expect(evaluation).toMatchObject({ stepKey: 'blk_orders__has_rows' });
    expect(evaluation?.data).toMatchObject({
      assetKey: 'blk_orders',
      checkName: 'has_rows',
      passed: false,
      severity: 'ERROR',
      metadata: { rows: { type: 'int', value: 2 } },
    });
    const failure = result.events.find((e) => e.eventType === 'STEP_FAILURE');
    expect(failure?.stepKey).toBe('blk_orders__has_rows');
    expect(failure?.message).toContain('"has_rows" on asset "blk_orders"');
    expect(ran(result.events, 'blk_report')).toBe(false);
    expect(engineErrors(result.events).join('\n')).toMatch(
      /Dependencies for step blk_report failed: \['blk_orders__has_rows'\].*Blocking asset check failed: "has_rows" on asset "blk_orders"/,
    );
    expect(result.events.at(-1)?.eventType).toBe('RUN_FAILURE');
  });

  it('a failed non-blocking check is recorded, its step succeeds and the run goes on', async () => {
    // Prepare
    const { orders, report, hasRows } = pipeline('nonblk', { blocking: false, passed: false });

    // Act
    const result = await materialize([orders, report, hasRows]);

    // Assess
    expect(result.success).toBe(true);
    expect(typesOf(result.events, 'nonblk_orders__has_rows')).toEqual([
      'STEP_START',
      'LOADED_INPUT',
      'STEP_INPUT',
      'ASSET_CHECK_EVALUATION',
      'STEP_OUTPUT',
      'HANDLED_OUTPUT',
      'STEP_SUCCESS',
    ]);
    expect(result.assetValue('nonblk_report')).toBe(2);
  });

  it('a failed blocking check of severity WARN does not block', async () => {
    // Prepare
    const { orders, report, hasRows } = pipeline('warn', {
      blocking: true,
      passed: false,
      severity: AssetCheckSeverity.WARN,
    });

    // Act
    const result = await materialize([orders, report, hasRows]);

    // Assess
    expect(result.success).toBe(true);
    const evaluation = result.events.find((e) => e.eventType === 'ASSET_CHECK_EVALUATION');
    expect(evaluation?.data).toMatchObject({ passed: false, severity: 'WARN' });
    expect(result.assetValue('warn_report')).toBe(2);
  });

  it('ignoreBlockingChecks lets one downstream run past a failed blocking check; the run still fails', async () => {
    // Prepare
    const { orders, report, hasRows } = pipeline('ign', { blocking: true, passed: false });
    const audit = asset(
      { name: 'ign_audit', ins: { rows: AssetIn('ign_orders', { ignoreBlockingChecks: true }) } },
      async (_c, { rows }) => `audited ${(rows as unknown[]).length}`,
    );

    // Act
    const result = await materialize([orders, report, audit, hasRows], { raiseOnError: false });

    // Assess
    expect(result.success).toBe(false);
    expect(result.assetValue('ign_audit')).toBe('audited 2');
    expect(ran(result.events, 'ign_report')).toBe(false);
    expect(result.events.find((e) => e.eventType === 'RUN_FAILURE')?.message).toContain('ign_orders__has_rows');
  });

  it('a check body that returns no AssetCheckResult, or names another check, fails its step naming the fix', async () => {
    // Prepare
    const base = asset({ name: 'bad_base' }, async () => 1);
    const returnsBoolean = assetCheck({ name: 'returns_boolean', asset: 'bad_base' }, async () => true as never);
    const namesOther = assetCheck(
      { name: 'names_other', asset: base },
      async () => new AssetCheckResult({ passed: true, checkName: 'someone_else' }),
    );

    // Act
    const result = await materialize([base, returnsBoolean, namesOther], { raiseOnError: false });

    // Assess
    const failures = result.events.filter((e) => e.eventType === 'STEP_FAILURE');
    expect(failures.find((e) => e.stepKey === 'bad_base__returns_boolean')?.message).toMatch(
      /AssetCheckError: asset check "returns_boolean" on asset "bad_base" returned true. Return new AssetCheckResult/,
    );
    expect(failures.find((e) => e.stepKey === 'bad_base__names_other')?.message).toMatch(
      /AssetCheckResult\.checkName "someone_else".*set it to "names_other"/,
    );
  });

  it('Definitions run the checks of the selected assets only, in __ASSET_JOB and asset jobs', async () => {
    // Prepare
    const { orders, report, hasRows } = pipeline('defs', { blocking: false, passed: true });
    const reportCheck = assetCheck(
      { name: 'positive', asset: report },
      async (_c, n) => new AssetCheckResult({ passed: (n as number) > 0 }),
    );
    const ordersOnly = defineAssetJob({ name: 'defs_orders_only', selection: 'defs_orders' });
    const defs = new Definitions({ assets: [orders, report], assetChecks: [hasRows, reportCheck], jobs: [ordersOnly] });

    // Act
    const all = await executeInProcess(defs.getJob('__ASSET_JOB'), { definitions: defs });
    const narrow = await executeInProcess(defs.getJob('defs_orders_only'), { definitions: defs });

    // Assess
    expect(defs.assetCheckSpecs.map((c) => `${c.assetKey}:${c.name}`)).toEqual([
      'defs_orders:has_rows',
      'defs_report:positive',
    ]);
    expect(all.events.filter((e) => e.eventType === 'ASSET_CHECK_EVALUATION').map((e) => e.stepKey)).toEqual(
      expect.arrayContaining(['defs_orders__has_rows', 'defs_report__positive']),
    );
    expect(defs.getJob('defs_orders_only').nodes.map((n) => n.name)).toEqual(['defs_orders', 'defs_orders__has_rows']);
    expect(narrow.success).toBe(true);
  });
});

describe('checkSpecs on asset(...), evaluated in the asset step', () => {
  const specAsset = (prefix: string, log: (c: { logEvent(e: AssetCheckResult): void }) => void) =>
    asset(
      {
        name: `${prefix}_rows`,
        checkSpecs: [new AssetCheckSpec({ name: 'non_empty', blocking: true })],
      },
      async (context) => {
        log(context);
        return [1, 2, 3];
      },
    );

  it('a passing spec records its evaluation right after the materialization', async () => {
    // Prepare
    const rows = specAsset('spec_ok', (c) =>
      c.logEvent(new AssetCheckResult({ checkName: 'non_empty', passed: true })),
    );
    const total = asset({ name: 'spec_ok_total', ins: { rows: AssetIn('spec_ok_rows') } }, async (_c, { rows: r }) =>
      (r as number[]).reduce((a, b) => a + b, 0),
    );

    // Act
    const result = await materialize([rows, total]);

    // Assess
    expect(typesOf(result.events, 'spec_ok_rows')).toEqual([
      'STEP_START',
      'STEP_OUTPUT',
      'ASSET_MATERIALIZATION',
      'HANDLED_OUTPUT',
      'ASSET_CHECK_EVALUATION',
      'STEP_SUCCESS',
    ]);
    expect(result.events.find((e) => e.eventType === 'ASSET_CHECK_EVALUATION')?.data).toMatchObject({
      assetKey: 'spec_ok_rows',
      checkName: 'non_empty',
      passed: true,
    });
    expect(result.assetValue('spec_ok_total')).toBe(6);
  });

  it('a failed blocking spec keeps the materialization, fails the step naming it, blocks the downstream', async () => {
    // Prepare
    const rows = specAsset('spec_fail', (c) => c.logEvent(new AssetCheckResult({ passed: false })));
    const total = asset({ name: 'spec_fail_total', ins: { rows: AssetIn('spec_fail_rows') } }, async () => 0);

    // Act
    const result = await materialize([rows, total], { raiseOnError: false });

    // Assess
    expect(result.success).toBe(false);
    expect(typesOf(result.events, 'spec_fail_rows')).toEqual([
      'STEP_START',
      'STEP_OUTPUT',
      'ASSET_MATERIALIZATION',
      'HANDLED_OUTPUT',
      'ASSET_CHECK_EVALUATION',
      'STEP_FAILURE',
    ]);
    const failure = result.events.find((e) => e.eventType === 'STEP_FAILURE');
    expect(failure?.message).toContain(
      'AssetCheckFailedError: Blocking asset check failed: "non_empty" on asset "spec_fail_rows"',
    );
    expect(ran(result.events, 'spec_fail_total')).toBe(false);
    expect(engineErrors(result.events).join('\n')).toContain('"non_empty" on asset "spec_fail_rows"');
  });

  it('ignoreBlockingChecks loads the value of an asset whose blocking spec failed; other downstreams stay blocked', async () => {
    // Prepare
    const rows = specAsset('spec_ign', (c) => c.logEvent(new AssetCheckResult({ passed: false })));
    const lenient = asset(
      { name: 'spec_ign_lenient', ins: { rows: AssetIn('spec_ign_rows', { ignoreBlockingChecks: true }) } },
      async (_c, { rows: r }) => (r as number[]).length,
    );
    const strict = asset({ name: 'spec_ign_strict', deps: ['spec_ign_rows'] }, async () => 'ran');

    // Act
    const result = await materialize([rows, lenient, strict], { raiseOnError: false });

    // Assess
    expect(result.success).toBe(false);
    expect(result.assetValue('spec_ign_lenient')).toBe(3);
    expect(ran(result.events, 'spec_ign_strict')).toBe(false);
  });

  it('a spec with no result, or a result for an undeclared check, fails the step naming it', async () => {
    // Prepare
    const missing = specAsset('spec_missing', () => undefined);
    const undeclared = specAsset('spec_undeclared', (c) => {
      c.logEvent(new AssetCheckResult({ checkName: 'non_empty', passed: true }));
      c.logEvent(new AssetCheckResult({ checkName: 'fresh', passed: true }));
    });

    // Act
    const result = await materialize([missing, undeclared], { raiseOnError: false });

    // Assess
    const failures = result.events.filter((e) => e.eventType === 'STEP_FAILURE');
    expect(failures.find((e) => e.stepKey === 'spec_missing_rows')?.message).toMatch(
      /declares check "non_empty" on asset "spec_missing_rows" but logged no AssetCheckResult/,
    );
    expect(failures.find((e) => e.stepKey === 'spec_undeclared_rows')?.message).toMatch(
      /AssetCheckResult checkName "fresh", which names no check it declares/,
    );
  });
});
