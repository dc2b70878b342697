import { describe, expect, it } from 'vitest';
import { MetadataError, normalizeMetadata, tablePreviewMetadata } from 'stepster';

describe('tablePreviewMetadata (seed 001 df_preview_metadata)', () => {
  it('renders the first rows as a markdown table with numbers right-aligned', () => {
    // Prepare
    const rows = [
      { id: 1, city: 'Oslo', amount: 12.5 },
      { id: 2, city: 'Rome', amount: 3 },
      { id: 3, city: 'Lima', amount: 7 },
    ];

    // Act
    const metadata = tablePreviewMetadata(rows, { rows: 2 });

    // Assess
    expect(String(metadata.preview?.value).split('\n')).toEqual([
      '|  id | city | amount |',
      '| --: | ---- | -----: |',
      '|   1 | Oslo |   12.5 |',
      '|   2 | Rome |      3 |',
    ]);
    expect(metadata.record_count.value).toBe(3);
  });

  it('reads column types and nullability from every row, not only the previewed ones', () => {
    // Prepare
    const rows = [
      { n: 1, label: 'a', when: new Date(0), flag: true, tags: ['x'] },
      { n: 2.5, label: null, when: new Date(1), flag: false, tags: [] },
      { n: 3, mixed: 'text' },
      { n: 4, mixed: 4 },
    ];

    // Act
    const metadata = tablePreviewMetadata(rows, { rows: 1 });

    // Assess
    expect(metadata.columns.value).toEqual(['n', 'label', 'when', 'flag', 'tags', 'mixed']);
    const columns = metadata.schema.value.columns.map((c) => [c.name, c.type, c.constraints?.nullable]);
    expect(columns).toEqual([
      ['n', 'float', false],
      ['label', 'string', true],
      ['when', 'datetime', true],
      ['flag', 'bool', true],
      ['tags', 'json', true],
      ['mixed', 'mixed', true],
    ]);
  });

  it('escapes pipes and line breaks so a cell cannot break the table, and takes a title', () => {
    // Prepare
    const rows = [{ note: 'a|b\nc' }];

    // Act
    const metadata = tablePreviewMetadata(rows, { title: 'sample' });

    // Assess
    expect(metadata.preview).toBeUndefined();
    expect(String(metadata.sample?.value).split('\n')[2]).toBe('| a\\|b c |');
  });

  it('is metadata that normalizeMetadata stores as md, int, json and table_schema', () => {
    // Act
    const stored = normalizeMetadata({ ...tablePreviewMetadata([{ a: 1 }]) }, 'test');

    // Assess
    expect(Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, v.type]))).toEqual({
      preview: 'md',
      record_count: 'int',
      columns: 'json',
      schema: 'table_schema',
    });
  });

  it('refuses rows that are not objects and a title that would hide a fixed label', () => {
    // Act
    const notRows = () => tablePreviewMetadata([1] as unknown as Record<string, unknown>[]);
    const clash = () => tablePreviewMetadata([{ a: 1 }], { title: 'schema' });

    // Assess
    expect(notRows).toThrow(MetadataError);
    expect(notRows).toThrow('rows[0] to be an object');
    expect(clash).toThrow('title "schema" is a label it sets itself');
  });
});
