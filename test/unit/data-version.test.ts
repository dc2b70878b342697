import { describe, expect, it } from 'vitest';
import { AssetObservation, DataVersion, Output } from 'stepster';
import { job } from '../../shared/definitions/graph-definition.js';
import { op } from '../../shared/definitions/op-definition.js';
import { outputDataVersion } from '../../shared/event-log/output-data-version.js';
import { verifySystemTagSources } from '../../shared/tasks/system-tags.js';

const noop = op({ name: 'noop' }, async () => 1);
const tinyJob = job({ name: 'tiny_job' }, () => {
  noop();
});

describe('DataVersion', () => {
  it('holds a non-empty string and refuses anything else, naming what it got', () => {
    // Prepare
    const bad: unknown[] = ['', 42, undefined];

    // Act
    const version = new DataVersion('abc');
    const errors = bad.map((value) => {
      try {
        new DataVersion(value as string);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    });

    // Assess
    expect(version.value).toBe('abc');
    expect(String(version)).toBe('abc');
    expect(errors).toEqual([
      expect.stringContaining('non-empty string'),
      expect.stringContaining('got 42'),
      expect.stringContaining('undefined'),
    ]);
  });

  it('rides on an Output and an AssetObservation, which refuse a plain string', () => {
    // Prepare
    const version = new DataVersion('v2');

    // Act
    const output = new Output([1], { dataVersion: version });
    const observation = new AssetObservation({ assetKey: 'src', dataVersion: version }).toEventData('op "o"');
    const plain = () => new Output([1], { dataVersion: 'v2' as unknown as DataVersion });

    // Assess
    expect(output.dataVersion?.value).toBe('v2');
    expect(observation).toMatchObject({ assetKey: 'src', dataVersion: 'v2' });
    expect(plain).toThrow(/Output.dataVersion must be a DataVersion/);
  });
});

describe('the default data version (hash of the stored output)', () => {
  it('is equal for equal values, differs for different ones, and covers what JSON cannot store', () => {
    // Prepare
    const make = () => ({ rows: [1, 2], at: new Date('2026-11-01T00:00:00Z'), seen: new Set(['a']) });

    // Act
    const [a, b] = [outputDataVersion(make()), outputDataVersion(make())];
    const other = outputDataVersion({ ...make(), rows: [1, 3] });
    const versions = [outputDataVersion(undefined), outputDataVersion(null), outputDataVersion('null')];

    // Assess
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
    expect(other).not.toBe(a);
    expect(new Set(versions).size).toBe(3);
    expect(outputDataVersion(() => 1)).toBeUndefined();
  });
});

describe('system tags from an in-process launcher', () => {
  it('refuses stepster/partition from any input, and accepts a vouched stepster/backfill tag only with its value', () => {
    // Prepare
    const partition = { 'stepster/partition': '2026-11-01' };
    const backfill = { 'stepster/backfill': 'bf-1' };
    const launch = { job: tinyJob, executionName: 'run-1', schedules: [] };

    // Act
    const partitionVouched = verifySystemTagSources(partition, { ...launch, vouchedTags: partition });
    const fromInput = verifySystemTagSources(backfill, launch);
    const vouched = verifySystemTagSources(backfill, { ...launch, vouchedTags: backfill });
    const otherValue = verifySystemTagSources(backfill, { ...launch, vouchedTags: { 'stepster/backfill': 'bf-2' } });

    // Assess
    expect(partitionVouched).toEqual([
      expect.objectContaining({
        path: 'stepster.tags.stepster/partition',
        message: expect.stringContaining('"partitionKey"'),
      }),
    ]);
    expect(fromInput).toEqual([expect.objectContaining({ path: 'stepster.tags.stepster/backfill' })]);
    expect(vouched).toEqual([]);
    expect(otherValue).toHaveLength(1);
  });
});
