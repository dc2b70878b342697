import type { TableColumnData, TableSchemaData } from './typed-metadata.js';

/** How nested blocks (markdown, tables, JSON) are indented under their label. */
export const METADATA_BLOCK_INDENT = '    ';

/**
 * Stored metadata in full, as plain-text lines for a terminal or a log: a scalar on one line
 * (`rowCount: 3`, URLs and paths plain), and under a `label (kind):` line, indented, markdown as
 * its text, a table or table schema as an aligned text table, JSON pretty-printed. Nothing is cut:
 * this is the form a reader asks for when the one-line summary is not enough.
 * Values that are not typed metadata (older or foreign records) print as JSON rather than throw.
 *
 * @example
 * metadataTextLines({ rows: { type: 'int', value: 3 }, docs: { type: 'md', value: '# Sales\nok' } });
 * // → ['rows: 3', 'docs (markdown):', '    # Sales', '    ok']
 */
export function metadataTextLines(metadata: unknown): string[] {
  if (!isRecord(metadata)) return [];
  const lines: string[] = [];
  for (const [label, entry] of Object.entries(metadata)) {
    const block = entryBlock(entry);
    if ('text' in block) lines.push(`${label}: ${block.text}`);
    else lines.push(`${label} (${block.kind}):`, ...indentLines(block.lines));
  }
  return lines;
}

/** One line (`label: text`), or a titled block of lines. */
/**
 * Lines moved right by one block level; an empty line stays empty (no trailing blanks).
 *
 * @default prefix METADATA_BLOCK_INDENT
 * @example
 * indentLines(['# Title', '', 'text']); // → ['    # Title', '', '    text']
 */
export function indentLines(lines: readonly string[], prefix = METADATA_BLOCK_INDENT): string[] {
  return lines.map((line) => (line === '' ? '' : `${prefix}${line}`));
}

type Block = { readonly text: string } | { readonly kind: string; readonly lines: string[] };

function entryBlock(entry: unknown): Block {
  if (!isRecord(entry) || typeof entry.type !== 'string' || !('value' in entry)) {
    return jsonBlock(entry, 'json');
  }
  const { type, value } = entry;
  switch (type) {
    case 'md':
      return { kind: 'markdown', lines: String(value).replace(/\n+$/, '').split('\n') };
    case 'table':
      return { kind: 'table', lines: tableLines(value) };
    case 'table_schema':
      return { kind: 'table schema', lines: schemaLines(value) };
    case 'json':
      return jsonBlock(value, 'json');
    case 'timestamp':
      // Stored as epoch seconds (Dagster's float); a reader wants the instant.
      return { text: typeof value === 'number' ? new Date(value * 1000).toISOString() : String(value) };
    case 'job':
      return { text: isRecord(value) ? String(value.jobName) : String(value) };
    default:
      return { text: String(value) };
  }
}

function jsonBlock(value: unknown, kind: string): Block {
  const text = JSON.stringify(value, null, 2) ?? String(value);
  return text.includes('\n') ? { kind, lines: text.split('\n') } : { text };
}

/** A table's records under a header row, each column as wide as its widest cell. */
function tableLines(value: unknown): string[] {
  const records = isRecord(value) && Array.isArray(value.records) ? value.records.filter(isRecord) : [];
  const schema = isRecord(value) ? asSchema(value.schema) : undefined;
  // The schema's order when there is one; else every key in first-seen order.
  const names = schema
    ? schema.columns.map((column) => column.name)
    : [...new Set(records.flatMap((record) => Object.keys(record)))];
  if (names.length === 0) return [`(${records.length} rows, no columns)`];
  const rows = records.map((record) => names.map((name) => cellText(record[name])));
  return [...alignedRows([names, ...rows]), `(${records.length} ${records.length === 1 ? 'row' : 'rows'})`];
}

/** A table schema as a table of its columns: name, type, then description and constraints when any column has them. */
function schemaLines(value: unknown): string[] {
  const schema = asSchema(value);
  if (!schema || schema.columns.length === 0) return ['(no columns)'];
  const hasDescription = schema.columns.some((column) => column.description);
  const hasConstraints = schema.columns.some((column) => constraintText(column) !== '');
  const header = [
    'name',
    'type',
    ...(hasDescription ? ['description'] : []),
    ...(hasConstraints ? ['constraints'] : []),
  ];
  const rows = schema.columns.map((column) => [
    column.name,
    column.type,
    ...(hasDescription ? [column.description ?? ''] : []),
    ...(hasConstraints ? [constraintText(column)] : []),
  ]);
  return alignedRows([header, ...rows]);
}

function constraintText(column: TableColumnData): string {
  const c = column.constraints;
  if (!c) return '';
  return [...(c.nullable === false ? ['not null'] : []), ...(c.unique ? ['unique'] : []), ...(c.other ?? [])].join(
    ', ',
  );
}

/** Rows padded to their column widths, with a dashed rule under the first (the header). */
function alignedRows(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const [header, ...body] = rows;
  return header ? [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)] : [];
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  // One line per row: a newline inside a cell would break the alignment.
  if (typeof value === 'string') return value.replace(/\r?\n/g, '\\n');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function asSchema(value: unknown): TableSchemaData | undefined {
  if (!isRecord(value) || !Array.isArray(value.columns)) return undefined;
  const columns = value.columns.filter(
    (column): column is TableColumnData =>
      isRecord(column) && typeof column.name === 'string' && typeof column.type === 'string',
  );
  return { columns };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
