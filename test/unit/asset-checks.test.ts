import { describe, expect, it } from 'vitest';
import {
  AssetCheckResult,
  AssetCheckSpec,
  AssetIn,
  asset,
  assetCheck,
  checkStepName,
  compileJob,
  DefinitionError,
  Definitions,
  defineAssetJob,
} from 'stepster';
import type { NodeSpec } from '../../shared/definitions/graph-builder.js';
import { upstreamBlocks } from '../../shared/tasks/upstream-blocks.js';

const pass = async () => new AssetCheckResult({ passed: true });
const orders = asset({ name: 'orders' }, async () => [1]);
const report = asset({ name: 'report', ins: { rows: AssetIn('orders') } }, async () => 1);
const audit = asset({ name: 'audit', ins: { rows: AssetIn('orders', { ignoreBlockingChecks: true }) } }, async () => 1);
const notify = asset({ name: 'notify', deps: ['report'] }, async () => 1);
const blocking = assetCheck({ name: 'has_rows', asset: orders, blocking: true }, pass);
const advisory = assetCheck({ name: 'fresh', asset: 'orders' }, pass);

describe('assetCheck', () => {
  it('names its step after the asset and the check, and stays within 64 characters', () => {
    // Prepare
    const longKey = ['warehouse', 'a'.repeat(40)];

    // Act
    const long = checkStepName(longKey.join('/'), 'b'.repeat(30));

    // Assess
    expect(blocking.name).toBe('orders__has_rows');
    expect(blocking.assetCheck).toMatchObject({ name: 'has_rows', assetKey: 'orders', blocking: true });
    expect(checkStepName('warehouse/sales', 'has_rows')).toBe('warehouse__sales__has_rows');
    expect(long).toHaveLength(64);
    expect(long).toMatch(/^warehouse__a{40}__b+_[0-9a-f]{8}$/);
    expect(checkStepName(longKey.join('/'), 'b'.repeat(31))).not.toBe(long);
  });

  it('refuses a missing asset, a bad name and a missing body, naming the field', () => {
    // Act / Assess
    expect(() => assetCheck({ name: 'x' } as never, pass)).toThrow(/assetCheck "x" needs "asset"/);
    expect(() => assetCheck({ name: 'bad-name', asset: 'orders' }, pass)).toThrow(/AssetCheckSpec name "bad-name"/);
    expect(() => assetCheck({ name: 'ok', asset: 'orders' }, undefined as never)).toThrow(/has no body/);
    expect(() => assetCheck({ name: 'ok', asset: '' }, pass)).toThrow(DefinitionError);
  });
});

describe('checkSpecs on asset(...)', () => {
  it('fills in the asset key, and refuses another asset, duplicates and non-specs', () => {
    // Act
    const checked = asset({ name: 'checked', checkSpecs: [new AssetCheckSpec({ name: 'a', blocking: true })] }, pass);

    // Assess
    expect(checked.asset.checkSpecs?.[0]).toMatchObject({ name: 'a', assetKey: 'checked', blocking: true });
    expect(() =>
      asset({ name: 'other', checkSpecs: [new AssetCheckSpec({ name: 'a', asset: 'elsewhere' })] }, pass),
    ).toThrow(/checks asset "elsewhere", which this step does not materialize/);
    expect(() =>
      asset(
        { name: 'twice', checkSpecs: [new AssetCheckSpec({ name: 'a' }), new AssetCheckSpec({ name: 'a' })] },
        pass,
      ),
    ).toThrow(/declares check "a" on asset "twice" twice/);
    expect(() => asset({ name: 'plain', checkSpecs: [{ name: 'a' } as never] }, pass)).toThrow(
      /checkSpecs\[0\] must be new AssetCheckSpec/,
    );
  });
});

describe('asset jobs with checks', () => {
  const defs = new Definitions({ assets: [orders, report, audit, notify], assetChecks: [blocking, advisory] });
  const node = (name: string): NodeSpec => defs.getJob('__ASSET_JOB').node(name);

  it('puts a blocking check between the asset and its downstreams, a non-blocking one off the path', () => {
    // Act
    const checkNode = node('orders__has_rows');

    // Assess
    expect(checkNode.inputs).toEqual({ asset_value: { node: 'orders', output: 'result' } });
    expect(checkNode.upstream).toEqual(['orders']);
    expect(node('report').upstream).toEqual(['orders', 'orders__has_rows']);
    expect(node('report').upstream).not.toContain('orders__fresh');
    expect(node('report').checkedOutputs).toEqual({ orders: ['result'] });
    expect(node('notify').upstream).toEqual(['report']);
  });

  it('ignoreBlockingChecks drops the edge on the check and the watched output, for that downstream only', () => {
    // Act
    const auditNode = node('audit');

    // Assess
    expect(auditNode.upstream).toEqual(['orders']);
    expect(auditNode.checkedOutputs).toEqual({ orders: [] });
  });

  it('compiles the checks into Task states and lists them in the catalog', () => {
    // Act
    const compiled = compileJob(defs.getJob('__ASSET_JOB'));

    // Assess
    expect(JSON.stringify(compiled.definition)).toContain('"orders__has_rows"');
    expect(defs.assetCheckSpecs.map((c) => c.name)).toEqual(['has_rows', 'fresh']);
  });

  it('leaves out the checks of assets a job does not select', () => {
    // Prepare
    const job = defineAssetJob({ name: 'notify_only', selection: 'notify' });
    const withNotify = new Definitions({
      assets: [orders, report, notify],
      assetChecks: [blocking, assetCheck({ name: 'sent', asset: notify }, pass)],
      jobs: [job],
    });

    // Act
    const names = withNotify.getJob('notify_only').nodes.map((n) => n.name);

    // Assess
    expect(names).toEqual(['notify', 'notify__sent']);
  });

  it('refuses a check of an unknown asset, two checks with one name, and a step name taken twice', () => {
    // Act / Assess
    expect(() => new Definitions({ assets: [report], assetChecks: [blocking] })).toThrow(
      /checks asset "orders", which is not in assets/,
    );
    expect(
      () =>
        new Definitions({
          assets: [orders],
          assetChecks: [blocking, assetCheck({ name: 'has_rows', asset: orders }, pass)],
        }),
    ).toThrow(/asset "orders" has two checks named "has_rows"/);
    const clash = asset({ key: 'orders/has_rows' }, async () => 1);
    expect(() => new Definitions({ assets: [orders, clash], assetChecks: [blocking] })).toThrow(
      /two steps named "orders__has_rows"/,
    );
  });
});

describe('upstreamBlocks', () => {
  const checkFailed = {
    status: 'FAILURE' as const,
    attempt: 1,
    failedChecks: [{ output: 'a', assetKey: 'x/a', checkName: 'c' }],
  };
  const downstream = (checkedOutputs?: Record<string, string[]>): NodeSpec => ({
    name: 'd',
    op: report,
    inputs: {},
    upstream: ['split'],
    ...(checkedOutputs ? { checkedOutputs } : {}),
  });

  it('scopes a failure by blocking checks to the watched outputs; any other failure blocks', () => {
    // Act / Assess
    expect(upstreamBlocks(downstream({ split: ['a'] }), 'split', checkFailed)).toBe(true);
    expect(upstreamBlocks(downstream({ split: ['b'] }), 'split', checkFailed)).toBe(false);
    expect(upstreamBlocks(downstream({ split: [] }), 'split', checkFailed)).toBe(false);
    expect(upstreamBlocks(downstream(), 'split', checkFailed)).toBe(true);
    expect(upstreamBlocks(downstream({ split: [] }), 'split', { status: 'FAILURE', attempt: 1 })).toBe(true);
    expect(upstreamBlocks(downstream({ split: ['a'] }), 'split', { status: 'SUCCESS', attempt: 1 })).toBe(false);
  });
});
