import { describe, expect, it } from 'vitest';
import { MetadataError } from '../../shared/errors/metadata-error.js';
import { MetadataEntry } from '../../shared/metadata/metadata-entry.js';
import { MetadataValue } from '../../shared/metadata/metadata-value.js';
import { metadataToPlain } from '../../shared/metadata/metadata-to-plain.js';
import { normalizeMetadata, type RawMetadata } from '../../shared/metadata/normalize-metadata.js';
import { TableColumn, TableSchema } from '../../shared/metadata/table-schema.js';

const WHERE = 'Output "result" of op "load"';
const GENERIC_FIX =
  'Use a string, number, boolean, null, plain object/array or a MetadataValue.* (e.g. MetadataValue.timestamp(date) for a Date).';

function metadataErrorOf(act: () => unknown): MetadataError {
  try {
    act();
  } catch (error) {
    if (error instanceof MetadataError) return error;
    throw error;
  }
  throw new Error('expected a MetadataError, nothing was thrown');
}

describe('MetadataValue factories', () => {
  it('build typed entries for the scalar types', () => {
    // Prepare
    const cases = [
      [MetadataValue.text('hello'), { type: 'text', value: 'hello' }],
      [MetadataValue.int(42), { type: 'int', value: 42 }],
      [MetadataValue.float(0.25), { type: 'float', value: 0.25 }],
      [MetadataValue.bool(false), { type: 'bool', value: false }],
      [MetadataValue.url('https://example.com'), { type: 'url', value: 'https://example.com' }],
      [MetadataValue.path('/data/sales.csv'), { type: 'path', value: '/data/sales.csv' }],
      [MetadataValue.md('# Title'), { type: 'md', value: '# Title' }],
      [MetadataValue.null(), { type: 'null', value: null }],
    ] as const;

    // Act
    const typed = cases.map(([entry]) => entry.toTyped());

    // Assess
    expect(typed).toEqual(cases.map(([, expected]) => expected));
    for (const [entry, expected] of cases) {
      expect(entry).toBeInstanceOf(MetadataEntry);
      expect(entry.type).toBe(expected.type);
      expect(entry.value).toBe(expected.value);
      expect(JSON.parse(JSON.stringify(entry))).toEqual(expected);
    }
  });

  it('int rejects fractional, unsafe and non-number values with a fix', () => {
    // Prepare
    const bad: unknown[] = [1.5, 2 ** 60, '3'];

    // Act
    const messages = bad.map((v) => metadataErrorOf(() => MetadataValue.int(v as number)).message);

    // Assess
    expect(messages[0]).toBe(
      'MetadataValue.int expects an integer, got 1.5. Use MetadataValue.float for fractional numbers.',
    );
    expect(messages[1]).toContain('MetadataValue.int expects a safe integer');
    expect(messages[1]).toContain('MetadataValue.text(String(n))');
    expect(messages[2]).toBe('MetadataValue.int expects an integer, got "3"');
  });

  it('float, bool, text, url, path and md reject values of the wrong type', () => {
    // Prepare
    const acts: [() => unknown, string][] = [
      [() => MetadataValue.float(Number.NaN), 'MetadataValue.float expects a finite number, got NaN'],
      [
        () => MetadataValue.float(Number.POSITIVE_INFINITY),
        'MetadataValue.float expects a finite number, got Infinity',
      ],
      [() => MetadataValue.bool('true' as unknown as boolean), 'MetadataValue.bool expects true or false, got "true"'],
      [() => MetadataValue.text(3 as unknown as string), 'MetadataValue.text expects a string, got 3'],
      [() => MetadataValue.url(undefined as unknown as string), 'MetadataValue.url expects a string, got undefined'],
      [() => MetadataValue.path(null as unknown as string), 'MetadataValue.path expects a string, got null'],
      [() => MetadataValue.md({} as unknown as string), 'MetadataValue.md expects a string, got an object'],
    ];

    // Act
    const messages = acts.map(([act]) => metadataErrorOf(act).message);

    // Assess
    expect(messages).toEqual(acts.map(([, expected]) => expect.stringContaining(expected)));
  });

  it('json stores a frozen deep copy of JSON values and drops undefined object properties', () => {
    // Prepare
    const source = { columns: ['a', 'b'], nested: { n: 1, gone: undefined }, list: [1, null, 'x'] };

    // Act
    const entry = MetadataValue.json(source);
    source.columns.push('c');

    // Assess
    expect(entry.toTyped()).toEqual({
      type: 'json',
      value: { columns: ['a', 'b'], nested: { n: 1 }, list: [1, null, 'x'] },
    });
    expect(Object.isFrozen(entry.value)).toBe(true);
    expect(MetadataValue.json('just text').value).toBe('just text');
  });

  it('json rejects what JSON cannot store and names the place inside the value', () => {
    // Prepare
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const bad: [unknown, string][] = [
      [
        { a: [1, () => 2] },
        'MetadataValue.json value holds, at value.a[1], a function, which is not JSON-serialisable.',
      ],
      [
        cyclic,
        'MetadataValue.json value holds, at value.self, a circular reference, which is not JSON-serialisable. Remove the cycle.',
      ],
      [[1, undefined], 'MetadataValue.json value holds, at value[1], undefined'],
      [{ x: Number.NaN }, 'MetadataValue.json value holds, at value.x, NaN'],
      [{ 'when done': new Date(0) }, 'MetadataValue.json value holds, at value["when done"], a Date'],
      [{ big: 10n }, 'MetadataValue.json value holds, at value.big, a bigint (10n)'],
      [undefined, 'MetadataValue.json value is undefined, which is not JSON-serialisable.'],
    ];

    // Act
    const messages = bad.map(([v]) => metadataErrorOf(() => MetadataValue.json(v)).message);

    // Assess
    bad.forEach(([, expected], i) => {
      expect(messages[i]).toContain(expected);
    });
    expect(messages[4]).toContain('date.toISOString()');
  });

  it('json accepts shared (non-cyclic) references', () => {
    // Prepare
    const shared = { id: 1 };

    // Act
    const entry = MetadataValue.json({ a: shared, b: shared });

    // Assess
    expect(entry.value).toEqual({ a: { id: 1 }, b: { id: 1 } });
  });

  it('timestamp stores epoch seconds from a Date or from seconds', () => {
    // Prepare
    const date = new Date('2026-11-01T00:00:00.500Z');

    // Act
    const fromDate = MetadataValue.timestamp(date);
    const fromSeconds = MetadataValue.timestamp(1_793_491_200);

    // Assess
    expect(fromDate.toTyped()).toEqual({ type: 'timestamp', value: 1_793_491_200.5 });
    expect(fromSeconds.toTyped()).toEqual({ type: 'timestamp', value: 1_793_491_200 });
  });

  it('timestamp rejects invalid dates, non-finite numbers and milliseconds', () => {
    // Prepare
    const acts = [
      () => MetadataValue.timestamp(new Date('not a date')),
      () => MetadataValue.timestamp(Number.NaN),
      () => MetadataValue.timestamp(1_793_491_200_000),
    ];

    // Act
    const messages = acts.map((act) => metadataErrorOf(act).message);

    // Assess
    expect(messages[0]).toBe('MetadataValue.timestamp got an invalid Date (its time is NaN)');
    expect(messages[1]).toBe('MetadataValue.timestamp expects a Date or finite epoch seconds, got NaN');
    expect(messages[2]).toContain('looks like milliseconds. Divide by 1000 or pass a Date.');
  });

  it('table stores records and an optional schema, leaving out undefined cells', () => {
    // Prepare
    const schema = new TableSchema({ columns: [{ name: 'city' }, new TableColumn({ name: 'sales', type: 'int' })] });

    // Act
    const withSchema = MetadataValue.table({ records: [{ city: 'Lyon', sales: 3, note: undefined }], schema });
    const withoutSchema = MetadataValue.table({ records: [{ ok: true, missing: null }] });

    // Assess
    expect(withSchema.toTyped()).toEqual({
      type: 'table',
      value: {
        records: [{ city: 'Lyon', sales: 3 }],
        schema: {
          columns: [
            { name: 'city', type: 'string' },
            { name: 'sales', type: 'int' },
          ],
        },
      },
    });
    expect(withoutSchema.toTyped()).toEqual({ type: 'table', value: { records: [{ ok: true, missing: null }] } });
  });

  it('table rejects non-scalar cells, non-object rows and missing records', () => {
    // Prepare
    const acts = [
      () => MetadataValue.table({ records: [{ a: 1 }, { nested: { b: 2 } } as never] }),
      () => MetadataValue.table({ records: ['row' as never] }),
      () => MetadataValue.table({} as never),
    ];

    // Act
    const messages = acts.map((act) => metadataErrorOf(act).message);

    // Assess
    expect(messages[0]).toBe(
      'MetadataValue.table expects records[1].nested to be a string, finite number, boolean or null, got an object. Convert it (e.g. JSON.stringify for nested data).',
    );
    expect(messages[1]).toBe('MetadataValue.table expects records[0] to be a plain object (column → value), got "row"');
    expect(messages[2]).toBe('MetadataValue.table expects records to be an array of row objects, got undefined');
  });

  it('tableSchema accepts a TableSchema or plain columns and applies Dagster defaults', () => {
    // Prepare
    const plain = {
      columns: [
        { name: 'id', type: 'int', constraints: { unique: true } },
        { name: 'city', description: 'where' },
      ],
    };

    // Act
    const fromPlain = MetadataValue.tableSchema(plain);
    const fromClass = MetadataValue.tableSchema(new TableSchema(plain));

    // Assess
    const expected = {
      type: 'table_schema',
      value: {
        columns: [
          { name: 'id', type: 'int', constraints: { nullable: true, unique: true, other: [] } },
          { name: 'city', type: 'string', description: 'where' },
        ],
      },
    };
    expect(fromPlain.toTyped()).toEqual(expected);
    expect(fromClass.toTyped()).toEqual(expected);
  });

  it('TableSchema and TableColumn reject bad columns, naming them', () => {
    // Prepare
    const acts = [
      () => new TableSchema({ columns: [{ name: 'id' }, { name: 'id' }] }),
      () => new TableColumn({ name: '' }),
      () => new TableColumn({ name: 'n', constraints: { nullable: 'no' as never } }),
      () => MetadataValue.tableSchema({ columns: [{ name: 'a' }, { name: 'a' }] }),
    ];

    // Act
    const errors = acts.map((act) => {
      try {
        act();
        return undefined;
      } catch (error) {
        return error as Error;
      }
    });

    // Assess
    expect(errors[0]?.message).toBe('TableSchema.columns has two columns named "id". Give each column a unique name.');
    expect(errors[1]?.message).toBe('TableColumn.name must be a non-empty string, got ""');
    expect(errors[2]?.message).toBe('TableColumn.constraints.nullable of column "n" must be a boolean, got "no"');
    expect(errors[3]).toBeInstanceOf(MetadataError);
    expect(errors[3]?.message).toContain('MetadataValue.tableSchema: TableSchema.columns has two columns named "a"');
  });

  it('assetKey stores the user string, joining components with "/"', () => {
    // Prepare
    const single = 's3.my_asset';
    const path = ['warehouse', 'sales'];

    // Act
    const fromString = MetadataValue.assetKey(single);
    const fromPath = MetadataValue.assetKey(path);

    // Assess
    expect(fromString.toTyped()).toEqual({ type: 'asset', value: 's3.my_asset' });
    expect(fromPath.toTyped()).toEqual({ type: 'asset', value: 'warehouse/sales' });
    expect(metadataErrorOf(() => MetadataValue.assetKey([])).message).toContain(
      'MetadataValue.assetKey expects a non-empty string',
    );
    expect(metadataErrorOf(() => MetadataValue.assetKey(['a', ''])).message).toContain('got an array');
  });

  it('jobName stores the job and, when given, its location', () => {
    // Prepare
    const name = 'sales_job';

    // Act
    const bare = MetadataValue.jobName(name);
    const located = MetadataValue.jobName(name, 'analytics');

    // Assess
    expect(bare.toTyped()).toEqual({ type: 'job', value: { jobName: 'sales_job' } });
    expect('location' in bare.value).toBe(false);
    expect(located.toTyped()).toEqual({ type: 'job', value: { jobName: 'sales_job', location: 'analytics' } });
    expect(metadataErrorOf(() => MetadataValue.jobName('')).message).toBe(
      'MetadataValue.jobName expects a non-empty job name, got ""',
    );
  });

  it('entries are immutable', () => {
    // Prepare
    const entry = MetadataValue.json({ a: [1] });

    // Act
    const mutate = () => {
      (entry.value as { a: number[] }).a.push(2);
    };

    // Assess
    expect(mutate).toThrow(TypeError);
    expect(Object.isFrozen(entry)).toBe(true);
  });
});

describe('normalizeMetadata', () => {
  it('converts raw values as Dagster does', () => {
    // Prepare
    const raw: RawMetadata = {
      text: 'Text-based metadata',
      count: 3,
      zero: 0,
      ratio: 0.5,
      huge: 2 ** 60,
      flag: true,
      list: [1, 'a', { b: null }],
      object: { nested: { deep: [true] } },
      nothing: null,
      url: MetadataValue.url('https://example.com'),
      schema: new TableSchema({ columns: [{ name: 'id', type: 'int' }] }),
    };

    // Act
    const typed = normalizeMetadata(raw, WHERE);

    // Assess
    expect(typed).toEqual({
      text: { type: 'text', value: 'Text-based metadata' },
      count: { type: 'int', value: 3 },
      zero: { type: 'int', value: 0 },
      ratio: { type: 'float', value: 0.5 },
      huge: { type: 'float', value: 2 ** 60 },
      flag: { type: 'bool', value: true },
      list: { type: 'json', value: [1, 'a', { b: null }] },
      object: { type: 'json', value: { nested: { deep: [true] } } },
      nothing: { type: 'null', value: null },
      url: { type: 'url', value: 'https://example.com' },
      schema: { type: 'table_schema', value: { columns: [{ name: 'id', type: 'int' }] } },
    });
    expect(typed.url).not.toBeInstanceOf(MetadataEntry);
  });

  it('returns {} for absent metadata', () => {
    // Prepare
    const raw = undefined;

    // Act
    const typed = normalizeMetadata(raw, WHERE);

    // Assess
    expect(typed).toEqual({});
  });

  it('names the key, where, and the fix for a function', () => {
    // Prepare
    const raw = { size: () => 3 } as unknown as RawMetadata;

    // Act
    const error = metadataErrorOf(() => normalizeMetadata(raw, WHERE));

    // Assess
    expect(error.message).toBe(
      `metadata key "size" of Output "result" of op "load" is a function, which cannot be stored. ${GENERIC_FIX}`,
    );
    expect(error.name).toBe('MetadataError');
    expect(error.key).toBe('size');
    expect(error.where).toBe(WHERE);
  });

  it('rejects every value it cannot store, each with a specific fix', () => {
    // Prepare
    class Point {
      constructor(readonly x: number) {}
    }
    const cases: [string, unknown, string][] = [
      ['u', undefined, 'is undefined, which cannot be stored. Use null, or leave the key out.'],
      ['s', Symbol('tag'), `is a symbol (Symbol(tag)), which cannot be stored. ${GENERIC_FIX}`],
      ['b', 12n, 'is a bigint (12n), which cannot be stored. Use MetadataValue.int(Number(x))'],
      ['n', Number.NaN, 'is NaN, which cannot be stored. Use null, or MetadataValue.text(String(x))'],
      ['i', Number.NEGATIVE_INFINITY, 'is -Infinity, which cannot be stored.'],
      ['d', new Date(0), 'is a Date, which cannot be stored. Use MetadataValue.timestamp(date)'],
      ['m', new Map([['a', 1]]), 'is a Map, which cannot be stored. Use MetadataValue.json(Object.fromEntries(map)).'],
      ['set', new Set([1]), 'is a Set, which cannot be stored. Use MetadataValue.json([...set]).'],
      ['p', new Point(1), `is an instance of Point, which cannot be stored. ${GENERIC_FIX}`],
      ['e', new TypeError('x'), 'is an error (TypeError), which cannot be stored.'],
    ];

    // Act
    const messages = cases.map(
      ([key, value]) =>
        metadataErrorOf(() => normalizeMetadata({ [key]: value } as unknown as RawMetadata, 'job "sales_job"')).message,
    );

    // Assess
    cases.forEach(([key, , expected], i) => {
      expect(messages[i]).toContain(`metadata key "${key}" of job "sales_job" ${expected}`);
    });
  });

  it('deep-checks arrays and objects and names the path inside', () => {
    // Prepare
    const cyclic: Record<string, unknown> = {};
    cyclic.loop = cyclic;
    const cases: [RawMetadata, string][] = [
      [
        { cfg: { a: [1, 2, () => 3] } },
        'metadata key "cfg" of job "j" holds a function at cfg.a[2], which cannot be stored as JSON.',
      ],
      [{ rows: [1, undefined] }, 'metadata key "rows" of job "j" holds undefined at rows[1]'],
      [
        { rows: [{ at: new Date(0) }] },
        'holds a Date at rows[0].at, which cannot be stored as JSON. Convert a Date with date.toISOString()',
      ],
      [{ stats: { mean: Number.POSITIVE_INFINITY } }, 'holds Infinity at stats.mean'],
      [{ ids: [1n] as unknown[] }, 'holds a bigint (1n) at ids[0]'],
      [{ c: cyclic }, 'holds a circular reference at c.loop, which cannot be stored as JSON. Remove the cycle.'],
      [{ sym: [Symbol('s')] }, 'holds a symbol (Symbol(s)) at sym[0]'],
      [{ m: { inner: new Map() } }, 'holds a Map at m.inner'],
    ];

    // Act
    const messages = cases.map(([raw]) => metadataErrorOf(() => normalizeMetadata(raw, 'job "j"')).message);

    // Assess
    cases.forEach(([, expected], i) => {
      expect(messages[i]).toContain(expected);
    });
  });

  it('rejects metadata that is not a plain object', () => {
    // Prepare
    const raw = new Map([['a', 1]]) as unknown as RawMetadata;

    // Act
    const error = metadataErrorOf(() => normalizeMetadata(raw, 'job "j"'));

    // Assess
    expect(error.message).toBe(
      'metadata of job "j" must be a plain object of label → value, got a Map. Write metadata: { label: value }.',
    );
  });

  it('stores a copy, so later changes to the raw object do not leak in', () => {
    // Prepare
    const list = [1, 2];

    // Act
    const typed = normalizeMetadata({ list }, 'job "j"');
    list.push(3);

    // Assess
    expect(typed.list).toEqual({ type: 'json', value: [1, 2] });
  });
});

describe('metadataToPlain', () => {
  it('turns stored metadata back into label → value', () => {
    // Prepare
    const typed = normalizeMetadata(
      {
        rowCount: 3,
        docs: MetadataValue.url('https://example.com'),
        at: MetadataValue.timestamp(10),
        cfg: { a: 1 },
        job: MetadataValue.jobName('sales_job'),
      },
      'job "j"',
    );

    // Act
    const plain = metadataToPlain(typed);

    // Assess
    expect(plain).toEqual({
      rowCount: 3,
      docs: 'https://example.com',
      at: 10,
      cfg: { a: 1 },
      job: { jobName: 'sales_job' },
    });
  });
});
