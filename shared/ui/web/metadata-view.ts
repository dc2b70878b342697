import type { TableSchemaData } from '../../metadata/typed-metadata.js';
import { type Child, h, link } from './dom.js';
import { assetPath, jobPath } from './format.js';
import { renderMarkdown } from './markdown.js';
import { externalLink } from './safe-url.js';

// Stored metadata is `label → { type, value }` (shared/metadata/typed-metadata.ts). Data from
// the server is not trusted to match the type: every branch checks the value's shape and
// falls back to folded JSON, so an odd entry is shown rather than dropped.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON folded in a `<details>`: the summary says what it is, the body is pretty-printed. */
export function foldedJson(value: unknown, label?: string): HTMLElement {
  const what = Array.isArray(value)
    ? `array, ${value.length} items`
    : isRecord(value)
      ? `object, ${Object.keys(value).length} keys`
      : typeof value;
  return h(
    'details',
    { class: 'json' },
    h('summary', null, label ?? `JSON (${what})`),
    h('pre', null, JSON.stringify(value, null, 2) ?? String(value)),
  );
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function schemaTable(schema: TableSchemaData): HTMLElement {
  const columns = Array.isArray(schema.columns) ? schema.columns : [];
  return h(
    'table',
    { class: 'data schema' },
    h('thead', null, h('tr', null, h('th', null, 'column'), h('th', null, 'type'), h('th', null, 'description'))),
    h(
      'tbody',
      null,
      ...columns.map((column) => {
        const constraints = column.constraints ?? {};
        const notes = [
          constraints.nullable === false ? 'not null' : '',
          constraints.unique ? 'unique' : '',
          ...(constraints.other ?? []),
        ].filter((note) => note !== '');
        return h(
          'tr',
          null,
          h('td', null, h('code', null, String(column.name))),
          h('td', null, String(column.type ?? '')),
          h('td', null, [column.description ?? '', notes.length > 0 ? `(${notes.join(', ')})` : ''].join(' ').trim()),
        );
      }),
    ),
  );
}

function recordsTable(value: Record<string, unknown>): HTMLElement {
  const records = (Array.isArray(value.records) ? value.records : []).filter(isRecord);
  const schema = isRecord(value.schema) ? (value.schema as unknown as TableSchemaData) : undefined;
  const columns = schema?.columns?.map((column) => String(column.name)) ?? [
    ...new Set(records.flatMap((record) => Object.keys(record))),
  ];
  return h(
    'table',
    { class: 'data' },
    h('thead', null, h('tr', null, ...columns.map((column) => h('th', null, column)))),
    h(
      'tbody',
      null,
      ...records.map((record) =>
        h(
          'tr',
          null,
          ...columns.map((column) =>
            h('td', { class: typeof record[column] === 'number' ? 'num' : '' }, cellText(record[column])),
          ),
        ),
      ),
    ),
  );
}

/**
 * One metadata value as DOM, by its stored `type`: markdown as sanitized HTML (tables as
 * tables), JSON folded, URLs as links (http/https/mailto only), asset and job references as
 * in-app links, tables and table schemas as tables.
 */
export function metadataValue(entry: unknown): Child {
  if (!isRecord(entry) || typeof entry.type !== 'string' || !('value' in entry)) return foldedJson(entry);
  const value = entry.value;
  switch (entry.type) {
    case 'text':
      return h('span', { class: 'md-text' }, String(value));
    case 'int':
    case 'float':
      return h('span', { class: 'num' }, typeof value === 'number' ? value.toLocaleString() : String(value));
    case 'bool':
      return h('span', { class: `bool bool-${String(value)}` }, String(value));
    case 'url':
      return typeof value === 'string' ? externalLink(value, value) : foldedJson(value);
    case 'path':
      return h('code', { class: 'path' }, String(value));
    case 'json':
      return foldedJson(value);
    case 'md':
      return h('div', { class: 'markdown' }, renderMarkdown(String(value)));
    case 'timestamp':
      return h(
        'span',
        { class: 'timestamp' },
        typeof value === 'number' ? new Date(value * 1000).toISOString() : String(value),
      );
    case 'null':
      return h('span', { class: 'null' }, 'null');
    case 'table':
      return isRecord(value) ? recordsTable(value) : foldedJson(value);
    case 'table_schema':
      return isRecord(value) ? schemaTable(value as unknown as TableSchemaData) : foldedJson(value);
    case 'asset':
      return typeof value === 'string' ? link(assetPath(value), value) : foldedJson(value);
    case 'job':
      return isRecord(value) && typeof value.jobName === 'string'
        ? link(jobPath(value.jobName), value.jobName)
        : foldedJson(value);
    default:
      return foldedJson(value);
  }
}

/**
 * Metadata (`label → { type, value }`) as a two-column list; nothing when empty.
 *
 * @example
 * section.append(metadataView(event.data?.metadata));
 */
export function metadataView(metadata: unknown): HTMLElement | null {
  if (!isRecord(metadata) || Object.keys(metadata).length === 0) return null;
  return h(
    'dl',
    { class: 'metadata' },
    ...Object.entries(metadata).flatMap(([label, entry]) => [
      h('dt', null, label),
      h('dd', null, metadataValue(entry)),
    ]),
  );
}
