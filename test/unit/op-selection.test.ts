// Dagster's op selection syntax, resolved against a job's step graph (no run).
import { describe, expect, it } from 'vitest';
import { asset, AssetIn, DynamicOut, DynamicOutput, In, job, op, RunConfigError } from 'stepster';
import { assetJob } from '../../shared/definitions/asset-job.js';
import {
  isStepSelected,
  resolveOpSelection,
  selectedStepsOf,
  splitSelectionArgs,
} from '../../shared/definitions/op-selection.js';

// a → b → c → d, and a → e (a branch), f alone.
const a = op({ name: 'a' }, async () => 1);
const b = op({ name: 'b', ins: { x: In() } }, async (_c, { x }) => x);
const c = op({ name: 'c', ins: { x: In() } }, async (_c, { x }) => x);
const d = op({ name: 'd', ins: { x: In() } }, async (_c, { x }) => x);
const e = op({ name: 'e', ins: { x: In() } }, async (_c, { x }) => x);
const f = op({ name: 'f' }, async () => 2);
const chain = job({ name: 'chain' }, () => {
  const first = a();
  d(c(b(first)));
  e(first);
  f();
});

function thrown(act: () => unknown): RunConfigError {
  try {
    act();
  } catch (error) {
    if (error instanceof RunConfigError) return error;
    throw error;
  }
  throw new Error('expected a RunConfigError');
}

describe('op selection syntax', () => {
  it.each([
    [['b'], ['b']],
    [['b*'], ['b', 'c', 'd']],
    [['*c'], ['a', 'b', 'c']],
    [['+c'], ['b', 'c']],
    [['++c'], ['a', 'b', 'c']],
    [['a+'], ['a', 'b', 'e']],
    [['a++'], ['a', 'b', 'c', 'e']],
    [['+b+'], ['a', 'b', 'c']],
    [['*b*'], ['a', 'b', 'c', 'd']],
    [
      ['d', 'f'],
      ['d', 'f'],
    ],
    [['warehouse'], undefined],
  ])('selects %j', (queries, expected) => {
    // Prepare
    const act = () => resolveOpSelection(chain, queries);

    // Act
    const outcome = expected === undefined ? thrown(act) : act();

    // Assess
    if (expected === undefined) expect(outcome).toBeInstanceOf(RunConfigError);
    else expect(outcome).toEqual(expected);
  });

  it('names every query that matches no step, with the job’s steps', () => {
    // Act
    const error = thrown(() => resolveOpSelection(chain, ['a', 'nope*', '+ghost']));

    // Assess
    expect(error.issues.map((issue) => issue.path)).toEqual(['selection[1]', 'selection[2]']);
    expect(error.issues[0]?.message).toBe('job "chain" has no step "nope"; its steps are: a, b, c, d, e, f');
  });

  it('refuses a malformed query and an empty selection, naming the field', () => {
    // Act
    const malformed = thrown(() => resolveOpSelection(chain, ['a*b'], '--select'));
    const empty = thrown(() => resolveOpSelection(chain, []));

    // Assess
    expect(malformed.issues[0]?.path).toBe('--select[0]');
    expect(malformed.message).toContain('is not a selection');
    expect(empty.issues[0]).toMatchObject({ path: 'selection', message: expect.stringContaining('selects no step') });
  });

  it('selects an asset step by its asset key as well as by its step name', () => {
    // Prepare
    const raw = asset({ key: 'warehouse/raw' }, async () => [1]);
    const clean = asset({ name: 'clean', ins: { rows: AssetIn('warehouse/raw') } }, async (_c, { rows }) => rows);
    const assets = assetJob({ name: 'assets' }, [raw, clean]);

    // Act
    const byKey = resolveOpSelection(assets, ['warehouse/raw+']);
    const byStep = resolveOpSelection(assets, ['*clean']);

    // Assess
    expect(byKey).toEqual(['warehouse__raw', 'clean']);
    expect(byStep).toEqual(['warehouse__raw', 'clean']);
  });

  it.each([
    [['process[b]'], ['process[b]']],
    [['process[b]*'], ['process[b]', 'merge']],
    [
      ['+process[b]', 'process[a]'],
      ['files', 'process[b]', 'process[a]'],
    ],
    [['process[b]', 'process'], ['process']],
    [['files[a]'], undefined],
    [['process[a-b]'], undefined],
    [['process[b]x'], undefined],
  ])('selects %j, one item of a mapped op by its step key', (queries, expected) => {
    // Prepare: files → process (mapped) → merge (collect)
    const files = op({ name: 'files', out: { items: DynamicOut() } }, async function* () {
      yield new DynamicOutput(1, { mappingKey: 'a', outputName: 'items' });
    });
    const process = op({ name: 'process', ins: { n: In() } }, async (_c, { n }) => n);
    const merge = op({ name: 'merge', ins: { all: In() } }, async (_c, { all }) => all);
    const fan = job({ name: 'fan' }, () => {
      merge(files().map(process).collect());
    });
    const act = () => resolveOpSelection(fan, queries);

    // Act
    const outcome = expected === undefined ? thrown(act) : act();

    // Assess
    if (expected === undefined) expect(outcome).toBeInstanceOf(RunConfigError);
    else expect(outcome).toEqual(expected);
  });

  it('runs an item when it or its whole op is selected, and every step when nothing is', () => {
    // Act
    const outcomes = [
      isStepSelected(new Set(['process[b]']), 'process[b]'),
      isStepSelected(new Set(['process[b]']), 'process[a]'),
      isStepSelected(new Set(['process']), 'process[a]'),
      isStepSelected(undefined, 'process[a]'),
    ];

    // Assess
    expect(outcomes).toEqual([true, false, true, true]);
  });

  it('splits repeated and comma-separated --select values, and reads the run tag back', () => {
    // Act
    const queries = splitSelectionArgs(['a*, +c', 'd', '']);
    const tag = selectedStepsOf({ 'stepster/op_selection': JSON.stringify(['b', 'c']) });

    // Assess
    expect(queries).toEqual(['a*', '+c', 'd']);
    expect([...(tag ?? [])]).toEqual(['b', 'c']);
    expect(selectedStepsOf({})).toBeUndefined();
  });
});
