import { openTaskHarness, type TaskHarness } from '../tasks/support/task-harness.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeInProcess, In, job, Out, op } from 'stepster';
import { DEFAULT_EVENT_TABLE_NAME } from '../../shared/event-log/table-schema.js';
import { decodeOutputValue } from '../../shared/event-log/output-value-codec.js';
import type { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { TableKeys } from '../../shared/event-log/table-keys.js';

// Issue 8, item 9: output values cross from op to op through the event table (dynalite here),
// over the compiled state machine. Nothing JSON would change may arrive changed.

let harness: TaskHarness;
let store: EventLogStore;

beforeAll(async () => {
  harness = await openTaskHarness();
  store = harness.store;
});

afterAll(async () => {
  await harness.close();
});

/** Every kind of value JSON loses or changes, in one object (with a cycle and a shared reference). */
function valuesJsonChanges() {
  const shared = { id: 7 };
  const value = {
    nan: Number.NaN,
    infinity: Number.POSITIVE_INFINITY,
    minusInfinity: Number.NEGATIVE_INFINITY,
    minusZero: -0,
    map: new Map<unknown, unknown>([
      ['north', 1],
      [{ composite: true }, new Set(['a'])],
    ]),
    set: new Set([1, 'two']),
    date: new Date('2026-11-01T10:00:00.123Z'),
    bigint: 12_345_678_901_234_567_890n,
    regexp: /sales-(\d+)/giu,
    undefinedField: undefined,
    // A hole (index 1), which JSON turns into null.
    sparse: Object.assign(new Array<number>(3), { 0: 1, 2: 3 }),
    bytes: new Uint8Array([0, 1, 255]),
    floats: new Float64Array([1.5, Number.NaN]),
    buffer: Buffer.from('stepster'),
    url: new URL('https://example.com/a?b=1'),
    nullPrototype: Object.assign(Object.create(null) as Record<string, unknown>, { k: 1 }),
    sharedTwice: [shared, shared],
    self: undefined as unknown,
  };
  value.self = value;
  return value;
}

function valueJob(name: string, produced: () => unknown, received: unknown[]) {
  const produce = op({ name: 'produce' }, async () => produced());
  const consume = op({ name: 'consume', ins: { value: In() } }, async (_context, { value }) => {
    received.push(value);
    return value;
  });
  return job({ name }, () => {
    consume(produce());
  });
}

describe('output values that JSON would change', () => {
  it('arrive at the next op and in outputFor exactly as produced (NaN, ±Infinity, -0, Map, Set, Date, BigInt, RegExp, undefined, typed arrays, Buffer, cycles)', async () => {
    // Prepare
    const received: unknown[] = [];
    const values = valueJob('exact_values', valuesJsonChanges, received);

    // Act
    const result = await executeInProcess(values, { instance: store });

    // Assess
    const expected = valuesJsonChanges();
    const arrived = received[0] as ReturnType<typeof valuesJsonChanges>;
    for (const value of [
      arrived,
      result.outputFor('produce') as typeof arrived,
      result.outputFor('consume') as typeof arrived,
    ]) {
      const { self, sharedTwice, ...rest } = value;
      const { self: _self, sharedTwice: expectedShared, ...expectedRest } = expected;
      expect(rest).toStrictEqual(expectedRest);
      expect(Object.is(value.minusZero, -0)).toBe(true);
      expect(value.map).toBeInstanceOf(Map);
      expect(value.set).toBeInstanceOf(Set);
      expect(value.date).toBeInstanceOf(Date);
      expect(Buffer.isBuffer(value.buffer)).toBe(true);
      expect(value.floats).toBeInstanceOf(Float64Array);
      expect(1 in value.sparse).toBe(false);
      expect('undefinedField' in value).toBe(true);
      expect(Object.getPrototypeOf(value.nullPrototype)).toBeNull();
      expect(self).toBe(value);
      expect(sharedTwice[0]).toBe(sharedTwice[1]);
      expect(sharedTwice).toStrictEqual(expectedShared);
    }
  });

  it('stores plain JSON data as JSON, readable as before, and only the rest in tagged form', async () => {
    // Prepare
    const plain = { rows: [{ id: 1, region: 'north', amount: 12.5 }], total: 1, ok: true, note: null };
    const twoOutputs = op({ name: 'two_outputs', out: { plain: Out(), tagged: Out() } }, async () => ({
      plain,
      tagged: { at: new Date(0), amount: Number.NaN },
    }));
    const storing = job({ name: 'stored_shape' }, () => {
      twoOutputs();
    });

    // Act
    const result = await executeInProcess(storing, { instance: store });

    // Assess
    const read = async (output: string) =>
      (
        await store.client.send(
          new GetItemCommand({
            TableName: DEFAULT_EVENT_TABLE_NAME,
            Key: {
              pk: { S: TableKeys.runPartition(result.runId) },
              sk: { S: TableKeys.outputSort('two_outputs', output) },
            },
          }),
        )
      ).Item;
    const plainItem = await read('plain');
    expect(plainItem?.enc?.S).toBe('json');
    expect(JSON.parse(plainItem?.v?.S ?? '')).toEqual(plain);
    const taggedItem = await read('tagged');
    expect(taggedItem?.enc?.S).toBe('devalue');
    expect(result.outputFor('two_outputs', 'tagged')).toStrictEqual({ at: new Date(0), amount: Number.NaN });
  });

  it('round-trips a tagged output of over 400 KB through gzip and chunk items', async () => {
    // Prepare
    const received: unknown[] = [];
    const big = {
      // Random bytes do not compress: the gzipped value still needs more than one item.
      blob: randomBytes(400 * 1024),
      rows: new Map(
        Array.from({ length: 4000 }, (_, index) => [
          `sku-${index}`,
          { at: new Date(1_700_000_000_000 + index * 1000), units: BigInt(index) * 1_000_000_007n, ratio: index / 7 },
        ]),
      ),
    };
    const large = valueJob('large_tagged_value', () => big, received);

    // Act
    const result = await executeInProcess(large, { instance: store });

    // Assess
    const chunks = await store.client.send(
      new QueryCommand({
        TableName: DEFAULT_EVENT_TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :chunk)',
        ExpressionAttributeValues: {
          ':pk': { S: TableKeys.runPartition(result.runId) },
          ':chunk': { S: `${TableKeys.outputSort('produce', 'result')}#` },
        },
      }),
    );
    expect(chunks.Items?.length).toBeGreaterThanOrEqual(2);
    const arrived = received[0] as typeof big;
    expect(Buffer.isBuffer(arrived.blob)).toBe(true);
    expect(arrived.rows).toBeInstanceOf(Map);
    expect(arrived).toStrictEqual(big);
  });

  it('reads back the tagged text stepster stores today (a devalue upgrade that changes it fails here)', () => {
    // Prepare
    const stored =
      '[{"at":1,"n":-3,"m":2,"b":4,"buf":5},["Date","2026-11-01T00:00:00.000Z"],["Map",3,4],"k",["BigInt","10"],["Buffer",6],"aGk="]';

    // Act
    const value = decodeOutputValue({ format: 'devalue', text: stored });

    // Assess
    expect(value).toStrictEqual({
      at: new Date('2026-11-01T00:00:00.000Z'),
      n: Number.NaN,
      m: new Map([['k', 10n]]),
      b: 10n,
      buf: Buffer.from('hi'),
    });
  });
});

describe('output values that cannot be stored exactly', () => {
  it('fail the step naming the output, the path inside it and the fix, and reach no op downstream', async () => {
    // Prepare
    const received: unknown[] = [];
    const withFunction = () => ({
      payload: { rows: [{ total: 1 }, { total: 2 }, { total: 3 }, { total: () => 4 }] },
    });
    const unstorable = valueJob(`unstorable_${randomUUID().slice(0, 8)}`, withFunction, received);

    // Act
    const result = await executeInProcess(unstorable, { instance: store, raiseOnError: false });

    // Assess
    expect(result.success).toBe(false);
    const failure = result.eventsForNode('produce').find((event) => event.eventType === 'STEP_FAILURE');
    const error = failure?.data?.error as { name: string; message: string };
    expect(error.name).toBe('UnstorableOutputError');
    expect(error.message).toContain('Output "result" cannot be stored exactly');
    expect(error.message).toContain('result.payload.rows[3].total is a function');
    expect(error.message).toContain('store the value yourself and return a reference');
    expect(received).toEqual([]);
  });

  it('name a class instance, which would lose its prototype', async () => {
    // Prepare
    class Money {
      constructor(readonly cents: number) {}
    }
    const received: unknown[] = [];
    const unstorable = valueJob('unstorable_class', () => ({ prices: [new Money(5)] }), received);

    // Act
    const result = await executeInProcess(unstorable, { instance: store, raiseOnError: false });

    // Assess
    const failure = result.eventsForNode('produce').find((event) => event.eventType === 'STEP_FAILURE');
    expect((failure?.data?.error as { message: string } | undefined)?.message).toContain(
      'result.prices[0] is an instance of Money',
    );
    expect(received).toEqual([]);
  });
});
