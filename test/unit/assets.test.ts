import { describe, expect, it } from 'vitest';
import { AssetIn, AssetSelection, asset, DefinitionError, Definitions, defineAssetJob } from 'stepster';

const raw = asset({ name: 'raw_sales', group: 'sales', kinds: ['s3'] }, async () => [1, 2, 3]);
const transform = asset(
  { name: 'sales_transform', group: 'sales', ins: { raw: AssetIn('raw_sales') } },
  async (_c, { raw: rows }) => rows,
);
const notify = asset({ name: 'notify_sales_complete', deps: [transform] }, async () => 'sent');
const warehouse = asset({ key: 'warehouse/sales', ins: { rows: AssetIn('sales_transform') } }, async () => 1);
const all = [raw, transform, notify, warehouse];

const keysOf = (selection: AssetSelection | string) =>
  AssetSelection.from(selection)
    .resolve(all)
    .map((a) => a.asset.key);

describe('asset', () => {
  it("names a path key's step with __ and keeps the asset facts on the op", () => {
    // Prepare
    const sales = asset({ key: ['warehouse', 'sales'], owners: ['team:data'], metadata: { n: 1 } }, async () => 1);

    // Act
    const { name, asset: spec } = sales;

    // Assess
    expect(name).toBe('warehouse__sales');
    expect(spec).toMatchObject({ key: 'warehouse/sales', group: 'default', owners: ['team:data'], deps: [] });
    expect(raw.asset).toMatchObject({ key: 'raw_sales', group: 'sales', kinds: ['s3'] });
    expect(transform.asset.ins).toEqual({ raw: 'raw_sales' });
    expect(notify.asset.deps).toEqual(['sales_transform']);
  });

  it('refuses both name and key, and an input not declared with AssetIn', () => {
    // Act / Assess
    expect(() => asset({ name: 'a', key: 'b/c' }, async () => 1)).toThrow(/both "name" and "key"/);
    expect(() => asset({ key: 'bad-key' }, async () => 1)).toThrow(DefinitionError);
    expect(() => asset({ name: 'x', ins: { a: {} as never } }, async () => 1)).toThrow(/AssetIn\('upstream_key'\)/);
  });
});

describe('AssetSelection', () => {
  it('resolves keys, groups, all and selection strings', () => {
    // Act / Assess
    expect(keysOf('*')).toEqual(['raw_sales', 'sales_transform', 'notify_sales_complete', 'warehouse/sales']);
    expect(keysOf(AssetSelection.all())).toHaveLength(4);
    expect(keysOf(AssetSelection.groups('sales'))).toEqual(['raw_sales', 'sales_transform']);
    expect(keysOf(AssetSelection.keys('warehouse/sales'))).toEqual(['warehouse/sales']);
    expect(keysOf('raw_sales')).toEqual(['raw_sales']);
    expect(keysOf('raw_sales+')).toEqual(['raw_sales', 'sales_transform']);
    expect(keysOf('raw_sales*')).toEqual(['raw_sales', 'sales_transform', 'notify_sales_complete', 'warehouse/sales']);
    expect(keysOf('+notify_sales_complete')).toEqual(['sales_transform', 'notify_sales_complete']);
    expect(keysOf('*notify_sales_complete')).toEqual(['raw_sales', 'sales_transform', 'notify_sales_complete']);
    expect(keysOf(AssetSelection.keys('sales_transform').or(AssetSelection.from('sales_transform*')))).toEqual([
      'sales_transform',
      'notify_sales_complete',
      'warehouse/sales',
    ]);
  });

  it('names an unknown key and the known keys', () => {
    // Act / Assess
    expect(() => keysOf('nope+')).toThrow(
      'asset selection names "nope", which is no asset. Known asset keys: raw_sales, sales_transform, notify_sales_complete, warehouse/sales.',
    );
  });
});

describe('asset jobs', () => {
  it('wires ins as data and deps as order only', () => {
    // Prepare
    const defs = new Definitions({
      assets: all,
      jobs: [defineAssetJob({ name: 'sales_assets', selection: 'raw_sales*' })],
    });

    // Act
    const jobDef = defs.getJob('sales_assets');

    // Assess
    expect(jobDef.nodes.map((n) => n.name)).toEqual([
      'raw_sales',
      'sales_transform',
      'notify_sales_complete',
      'warehouse__sales',
    ]);
    expect(jobDef.node('sales_transform').inputs).toEqual({ raw: { node: 'raw_sales', output: 'result' } });
    expect(jobDef.node('notify_sales_complete')).toMatchObject({ inputs: {}, upstream: ['sales_transform'] });
  });

  it('makes the implicit __ASSET_JOB of every asset', () => {
    // Act
    const jobDef = new Definitions({ assets: all }).getJob('__ASSET_JOB');

    // Assess
    expect(jobDef.nodes).toHaveLength(4);
  });

  it('leaves an AssetIn whose upstream is not selected unwired: the step loads its last materialization', () => {
    // Act
    const jobDef = new Definitions({
      assets: all,
      jobs: [defineAssetJob({ name: 'only_transform', selection: 'sales_transform' })],
    }).getJob('only_transform');

    // Assess
    expect(jobDef.nodes.map((n) => [n.name, n.inputs, n.upstream])).toEqual([['sales_transform', {}, []]]);
  });

  it('refuses two assets with one key', () => {
    // Act / Assess
    expect(() => new Definitions({ assets: [raw, raw] })).toThrow(/two assets are named "raw_sales"/);
  });
});
