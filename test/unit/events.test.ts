import { describe, expect, it } from 'vitest';
import { MetadataError } from '../../shared/errors/metadata-error.js';
import { AssetCheckResult, AssetCheckSeverity } from '../../shared/events/asset-check-result.js';
import { AssetMaterialization } from '../../shared/events/asset-materialization.js';
import { AssetObservation } from '../../shared/events/asset-observation.js';
import { EventType } from '../../shared/events/event-type.js';
import { ExpectationResult } from '../../shared/events/expectation-result.js';
import { isUserEvent } from '../../shared/events/user-event.js';
import { Output } from '../../shared/events/output.js';
import { EventType as EventTypeSource } from '../../shared/events/event-type.js';
import { MetadataValue } from '../../shared/metadata/metadata-value.js';
import type { RawMetadata } from '../../shared/metadata/normalize-metadata.js';
import { thrown } from '../support/thrown.js';

const BAD_METADATA = { size: () => 3 } as unknown as RawMetadata;

describe('Output', () => {
  it('defaults the output name to "result" and keeps value and raw metadata', () => {
    // Prepare
    const rows = [{ id: 1 }];

    // Act
    const output = new Output(rows, { metadata: { rowCount: rows.length } });

    // Assess
    expect(output.value).toBe(rows);
    expect(output.outputName).toBe('result');
    expect(output.metadata).toEqual({ rowCount: 1 });
    expect(output.eventType).toBe('STEP_OUTPUT');
  });

  it('toEventData gives the output name and typed metadata', () => {
    // Prepare
    const output = new Output(5, {
      outputName: 'count',
      metadata: { text: 'a_value', dashboard: MetadataValue.url('http://mycoolsite.com') },
    });

    // Act
    const data = output.toEventData('op "load"');

    // Assess
    expect(data).toEqual({
      outputName: 'count',
      metadata: {
        text: { type: 'text', value: 'a_value' },
        dashboard: { type: 'url', value: 'http://mycoolsite.com' },
      },
    });
    expect(new Output(1).toEventData('op "load"')).toEqual({ outputName: 'result', metadata: {} });
  });

  it('names the output and op when metadata cannot be stored', () => {
    // Prepare
    const output = new Output(1, { metadata: BAD_METADATA });

    // Act
    const error = thrown(() => output.toEventData('op "load"'));

    // Assess
    expect(error).toBeInstanceOf(MetadataError);
    expect(error.message).toMatch(
      /^metadata key "size" of Output "result" of op "load" is a function, which cannot be stored\./,
    );
  });

  it('rejects an empty output name', () => {
    // Prepare
    const act = () => new Output(1, { outputName: '' });

    // Act
    const error = thrown(act);

    // Assess
    expect(error.message).toBe('Output.outputName must be a non-empty string, got ""');
  });
});

describe('AssetMaterialization', () => {
  it('stores the asset key as a user string and absent fields as null', () => {
    // Prepare
    const fromString = new AssetMaterialization({ assetKey: 's3.my_asset', description: 'A df I stored in s3' });
    const fromPath = new AssetMaterialization({
      assetKey: ['warehouse', 'sales'],
      partition: '2026-11-01',
      metadata: { path: MetadataValue.path('/tmp/x'), rows: 1200 },
    });

    // Act
    const first = fromString.toEventData('op "store"');
    const second = fromPath.toEventData('op "store"');

    // Assess
    expect(fromString.eventType).toBe(EventType.ASSET_MATERIALIZATION);
    expect(first).toEqual({
      assetKey: 's3.my_asset',
      partition: null,
      description: 'A df I stored in s3',
      metadata: {},
    });
    expect(second).toEqual({
      assetKey: 'warehouse/sales',
      partition: '2026-11-01',
      description: null,
      metadata: { path: { type: 'path', value: '/tmp/x' }, rows: { type: 'int', value: 1200 } },
    });
  });

  it('rejects an empty or malformed asset key, naming the field', () => {
    // Prepare
    const keys: unknown[] = ['', [], ['a', ''], 3, undefined];

    // Act
    const messages = keys.map((assetKey) => thrown(() => new AssetMaterialization({ assetKey } as never)).message);

    // Assess
    expect(messages[0]).toBe(
      `AssetMaterialization.assetKey must be a non-empty string or a non-empty array of non-empty strings, e.g. 'raw_sales' or ['warehouse', 'sales'], got ""`,
    );
    expect(messages.slice(1).map((m) => m.split(', got ')[1])).toEqual(['an array', 'an array', '3', 'undefined']);
  });

  it('rejects a non-string partition and names the event in metadata errors', () => {
    // Prepare
    const badPartition = () => new AssetMaterialization({ assetKey: 'raw', partition: 3 as never });
    const badMetadata = new AssetMaterialization({ assetKey: 'raw_sales', metadata: BAD_METADATA });

    // Act
    const partitionError = thrown(badPartition);
    const metadataError = thrown(() => badMetadata.toEventData('op "load"'));

    // Assess
    expect(partitionError.message).toBe('AssetMaterialization.partition of asset "raw" must be a string, got 3');
    expect(metadataError.message).toContain(
      'metadata key "size" of AssetMaterialization "raw_sales" of op "load" is a function',
    );
  });
});

describe('AssetObservation', () => {
  it('records an observation with the same payload shape', () => {
    // Prepare
    const observation = new AssetObservation({ assetKey: 'observation_asset', metadata: { numRows: 3 } });

    // Act
    const data = observation.toEventData('op "observe"');

    // Assess
    expect(observation.eventType).toBe('ASSET_OBSERVATION');
    expect(data).toEqual({
      assetKey: 'observation_asset',
      partition: null,
      description: null,
      metadata: { numRows: { type: 'int', value: 3 } },
    });
    expect(thrown(() => new AssetObservation({ assetKey: [] })).message).toContain('AssetObservation.assetKey must be');
  });
});

describe('ExpectationResult', () => {
  it('defaults the label to "result"', () => {
    // Prepare
    const result = new ExpectationResult({
      success: false,
      description: 'ensure dataframe has rows',
      metadata: { raw_count: 0 },
    });

    // Act
    const data = result.toEventData('op "check"');

    // Assess
    expect(result.eventType).toBe('STEP_EXPECTATION_RESULT');
    expect(data).toEqual({
      success: false,
      label: 'result',
      description: 'ensure dataframe has rows',
      metadata: { raw_count: { type: 'int', value: 0 } },
    });
    expect(new ExpectationResult({ success: true, label: 'rows' }).toEventData('op "check"')).toEqual({
      success: true,
      label: 'rows',
      description: null,
      metadata: {},
    });
  });

  it('requires a boolean success', () => {
    // Prepare
    const act = () => new ExpectationResult({ success: 1 as never });

    // Act
    const error = thrown(act);

    // Assess
    expect(error.message).toBe('ExpectationResult.success must be true or false, got 1');
  });
});

describe('AssetCheckResult', () => {
  it('defaults severity to ERROR and stores absent fields as null', () => {
    // Prepare
    const result = new AssetCheckResult({ passed: false, checkName: 'fresh' });

    // Act
    const data = result.toEventData('op "check"');

    // Assess
    expect(result.eventType).toBe('ASSET_CHECK_EVALUATION');
    expect(data).toEqual({
      assetKey: null,
      checkName: 'fresh',
      passed: false,
      severity: 'ERROR',
      description: null,
      metadata: {},
    });
  });

  it('keeps WARN severity, the asset key and metadata', () => {
    // Prepare
    const result = new AssetCheckResult({
      passed: true,
      assetKey: ['raw', 'sales'],
      severity: AssetCheckSeverity.WARN,
      metadata: { nulls: 0 },
    });

    // Act
    const data = result.toEventData('op "check"');

    // Assess
    expect(data).toEqual({
      assetKey: 'raw/sales',
      checkName: null,
      passed: true,
      severity: 'WARN',
      description: null,
      metadata: { nulls: { type: 'int', value: 0 } },
    });
  });

  it('rejects unknown severities, listing the allowed ones, and non-boolean passed', () => {
    // Prepare
    const badSeverity = () => new AssetCheckResult({ passed: true, severity: 'FATAL' as never });
    const badPassed = () => new AssetCheckResult({ passed: 'yes' as never });

    // Act
    const severityError = thrown(badSeverity);
    const passedError = thrown(badPassed);

    // Assess
    expect(severityError.message).toBe(
      'AssetCheckResult.severity must be one of AssetCheckSeverity.ERROR, AssetCheckSeverity.WARN, got "FATAL"',
    );
    expect(passedError.message).toBe('AssetCheckResult.passed must be true or false, got "yes"');
  });
});

describe('isUserEvent', () => {
  it('accepts the four user events and nothing else', () => {
    // Prepare
    const events = [
      new AssetMaterialization({ assetKey: 'a' }),
      new AssetObservation({ assetKey: 'a' }),
      new ExpectationResult({ success: true }),
      new AssetCheckResult({ passed: true }),
    ];
    const others = [new Output(1), { eventType: 'ASSET_MATERIALIZATION', assetKey: 'a' }, null, 'event'];

    // Act
    const accepted = events.map(isUserEvent);
    const rejected = others.map(isUserEvent);

    // Assess
    expect(accepted).toEqual([true, true, true, true]);
    expect(rejected).toEqual([false, false, false, false]);
  });

  it('re-exports EventType', () => {
    // Prepare
    const expected = EventTypeSource;

    // Act
    const actual = EventType;

    // Assess
    expect(actual).toBe(expected);
  });
});
