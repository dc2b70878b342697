import { describe, expect, it } from 'vitest';
import {
  AssetCheckSpec,
  AssetIn,
  AssetOut,
  AssetSelection,
  asset,
  assetSpecsOf,
  DefinitionError,
  Definitions,
  multiAsset,
} from 'stepster';

const body = async () => ({ a: 1, b: 2 });
const split = multiAsset(
  {
    name: 'split',
    group: 'sales',
    outs: {
      a: AssetOut(),
      b: AssetOut({ key: 'x/y', group: 'finance', description: 'costs', metadata: { unit: 'EUR' } }),
    },
    ins: { raw: AssetIn('raw') },
  },
  body,
);
const raw = asset({ name: 'raw' }, async () => 0);
const readsB = asset({ name: 'reads_b', ins: { y: AssetIn('x/y') } }, async () => 1);
const afterA = asset({ name: 'after_a', deps: ['a'] }, async () => 1);
const all = [raw, split, readsB, afterA];

describe('multiAsset', () => {
  it('makes one asset spec per out, with its own key, group and facts, on one step', () => {
    // Act
    const specs = assetSpecsOf(split);

    // Assess
    expect(split.name).toBe('split');
    expect(Object.keys(split.outs)).toEqual(['a', 'b']);
    expect(specs.map((s) => [s.key, s.group, s.outputName])).toEqual([
      ['a', 'sales', 'a'],
      ['x/y', 'finance', 'b'],
    ]);
    expect(specs[1]).toMatchObject({
      description: 'costs',
      metadata: { unit: { type: 'text', value: 'EUR' } },
      ins: { raw: 'raw' },
    });
    expect(split.asset.key).toBe('a');
  });

  it('is selected by any of its keys, and its keys have their own downstreams', () => {
    // Act
    const keys = (selection: string | string[]) =>
      AssetSelection.from(selection)
        .resolve(all)
        .map((d) => d.name);

    // Assess
    expect(keys('x/y')).toEqual(['split']);
    expect(keys('x/y+')).toEqual(['split', 'reads_b']);
    expect(keys('a+')).toEqual(['split', 'after_a']);
    expect(keys('+a')).toEqual(['raw', 'split']);
    expect(
      AssetSelection.groups('finance')
        .resolve(all)
        .map((d) => d.name),
    ).toEqual(['split']);
  });

  it('wires AssetIn and deps of one key to its output', () => {
    // Prepare
    const defs = new Definitions({ assets: all });

    // Act
    const job = defs.getJob('__ASSET_JOB');

    // Assess
    expect(job.node('reads_b').inputs).toEqual({ y: { node: 'split', output: 'b' } });
    expect(job.node('reads_b').checkedOutputs).toEqual({ split: ['b'] });
    expect(job.node('after_a').upstream).toEqual(['split']);
    expect(job.node('after_a').checkedOutputs).toEqual({ split: ['a'] });
    expect(job.node('split').inputs).toEqual({ raw: { node: 'raw', output: 'result' } });
  });

  it('sorts checkSpecs onto the out they name', () => {
    // Act
    const checked = multiAsset(
      {
        name: 'checked',
        outs: { a: AssetOut(), b: AssetOut({ key: 'x/y' }) },
        checkSpecs: [new AssetCheckSpec({ name: 'c', asset: 'x/y', blocking: true })],
      },
      body,
    );

    // Assess
    expect(assetSpecsOf(checked).map((s) => s.checkSpecs?.map((c) => c.name) ?? [])).toEqual([[], ['c']]);
  });

  it('refuses no outs, a plain out, two outs with one key, a key twice in Definitions, and an unnamed check', () => {
    // Act / Assess
    expect(() => multiAsset({ name: 'none', outs: {} }, body)).toThrow(/needs "outs"/);
    expect(() => multiAsset({ name: 'plain', outs: { a: {} as never } }, body)).toThrow(
      /out "a" must be declared with AssetOut/,
    );
    expect(() =>
      multiAsset({ name: 'dup', outs: { a: AssetOut({ key: 'k' }), b: AssetOut({ key: 'k' }) } }, body),
    ).toThrow(/two outs with key "k"/);
    expect(() => new Definitions({ assets: [split, asset({ name: 'a' }, body)] })).toThrow(DefinitionError);
    expect(() =>
      multiAsset(
        { name: 'unnamed', outs: { a: AssetOut(), b: AssetOut() }, checkSpecs: [new AssetCheckSpec({ name: 'c' })] },
        body,
      ),
    ).toThrow(/names no asset, and the step materializes several \(a, b\)/);
  });
});
