import { describeValue } from '../errors/describe-value.js';
import { MetadataError } from '../errors/metadata-error.js';
import type { MetadataEntry } from './metadata-entry.js';
import { type EntryOf, MetadataValue } from './metadata-value.js';
import { TableColumn, TableSchema } from './table-schema.js';

/** Options of {@link tablePreviewMetadata}. */
export interface TablePreviewOptions {
  /**
   * Rows shown in the markdown preview (the schema and count cover every row).
   * @default 5
   */
  readonly rows?: number;
  /**
   * The label of the markdown preview.
   * @default 'preview'
   */
  readonly title?: string;
}

/** What {@link tablePreviewMetadata} returns: the preview under its title, and three fixed labels. */
export type TablePreviewMetadata = Record<string, MetadataEntry> & {
  readonly record_count: EntryOf<'int'>;
  readonly columns: EntryOf<'json'>;
  readonly schema: EntryOf<'table_schema'>;
};

// A preview cell longer than this is cut: the preview is for a glance, the value is in the store.
const MAX_CELL_LENGTH = 60;

/**
 * Metadata that shows a table of rows at a glance, like seed 001's `df_preview_metadata`:
 * a markdown table of the first rows (`title`), `record_count`, `columns` (their names, in
 * first-seen order) and `schema` (a table schema whose column types are read from every row:
 * `int`, `float`, `string`, `bool`, `datetime`, `json`, or `mixed`; a column that some row
 * lacks or holds null is nullable). Rows are plain objects (column → value).
 *
 * @example
 * context.addOutputMetadata({ ...tablePreviewMetadata(rows), processing_time_ms: 12.5 });
 * // preview: | orderId | region | revenue |\n| --- | --- | ---: |\n| 2026-11-01-0001 | north | 349 | ...
 */
export function tablePreviewMetadata(
  rows: readonly Readonly<Record<string, unknown>>[],
  options: TablePreviewOptions = {},
): TablePreviewMetadata {
  const { rows: previewRows = 5, title = 'preview' } = options;
  if (!Array.isArray(rows)) {
    throw new MetadataError(`tablePreviewMetadata expects an array of row objects, got ${describeValue(rows)}.`);
  }
  if (!Number.isInteger(previewRows) || previewRows < 0) {
    throw new MetadataError(`tablePreviewMetadata options.rows must be a whole number ≥ 0, got ${previewRows}.`);
  }
  if (['record_count', 'columns', 'schema'].includes(title)) {
    throw new MetadataError(`tablePreviewMetadata options.title "${title}" is a label it sets itself. Pick another.`);
  }
  const columns = columnsOf(rows);
  const schema = new TableSchema({
    columns: columns.map(
      (name) =>
        new TableColumn({
          name,
          type: columnType(rows.map((row) => row[name])),
          constraints: { nullable: rows.some((row) => row[name] === undefined || row[name] === null) },
        }),
    ),
  });
  return {
    [title]: MetadataValue.md(markdownTable(columns, schema, rows.slice(0, previewRows))),
    record_count: MetadataValue.int(rows.length),
    columns: MetadataValue.json(columns),
    schema: MetadataValue.tableSchema(schema),
  } as TablePreviewMetadata;
}

function columnsOf(rows: readonly Readonly<Record<string, unknown>>[]): string[] {
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new MetadataError(
        `tablePreviewMetadata expects rows[${i}] to be an object (column → value), got ${describeValue(row)}.`,
      );
    }
    for (const column of Object.keys(row)) seen.add(column);
  });
  return [...seen];
}

function typeOfValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof Date) return 'datetime';
  return 'json';
}

// One type for a column: an int column with one fraction is float, anything else mixed is mixed.
function columnType(values: readonly unknown[]): string {
  const types = new Set(values.map(typeOfValue).filter((t): t is string => t !== undefined));
  if (types.size === 0) return 'null';
  if (types.size === 2 && types.has('int') && types.has('float')) return 'float';
  return types.size === 1 ? ([...types][0] ?? 'mixed') : 'mixed';
}

function cell(value: unknown): string {
  let text: string;
  if (value === undefined || value === null) text = '';
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value) ?? '';
  else text = String(value);
  text = text.replace(/\r?\n/g, ' ').replaceAll('|', '\\|');
  return text.length > MAX_CELL_LENGTH ? `${text.slice(0, MAX_CELL_LENGTH - 1)}…` : text;
}

// GitHub-flavoured markdown; numbers right-aligned, columns padded so the raw text reads as a table too.
function markdownTable(
  columns: readonly string[],
  schema: TableSchema,
  rows: readonly Readonly<Record<string, unknown>>[],
): string {
  if (columns.length === 0) return '_no columns_';
  const numeric = schema.columns.map((c) => c.type === 'int' || c.type === 'float');
  const body = rows.map((row) => columns.map((c) => cell(row[c])));
  const header = columns.map((c) => cell(c));
  const widths = header.map((h, i) => Math.max(3, h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(header), rule, ...body.map(line)].join('\n');
}
