import type { AnyAssetDefinition } from '../definitions/asset-definition.js';
import type { EventLogInstance } from '../event-log/event-log-instance.js';
import { EventType } from '../events/event-type.js';

/** One line of `stepster assets`: what the catalog knows about one asset. */
export interface AssetRow {
  readonly key: string;
  readonly group: string;
  readonly kinds: readonly string[];
  /** The newest ASSET_MATERIALIZATION of the key, in any run; absent when it was never materialized. */
  readonly lastMaterialization?: { readonly runId: string; readonly timestamp: string };
}

/** One column of `stepster assets`: its header and how a row fills it. */
export interface AssetColumn {
  readonly header: string;
  readonly cell: (row: AssetRow) => string;
}

/**
 * The columns, left to right. A new fact about assets (staleness, checks) is one more field of
 * {@link AssetRow}, filled in {@link assetRow}, and one more entry here.
 */
export const ASSET_COLUMNS: readonly AssetColumn[] = [
  { header: 'ASSET', cell: (row) => row.key },
  { header: 'GROUP', cell: (row) => row.group },
  { header: 'KINDS', cell: (row) => row.kinds.join(',') || '-' },
  {
    header: 'LAST MATERIALIZATION',
    cell: (row) =>
      row.lastMaterialization ? `${row.lastMaterialization.timestamp}  run ${row.lastMaterialization.runId}` : 'never',
  },
];

/**
 * The row of one asset: its facts from the definition, its last materialization from the
 * event log (one `byAsset` index query, newest first, limit 1).
 *
 * @example
 * const row = await assetRow(salesTransform, instance); // row.lastMaterialization?.runId
 */
export async function assetRow(asset: AnyAssetDefinition, instance: EventLogInstance): Promise<AssetRow> {
  const [latest] = await instance.getAssetEvents(asset.asset.key, {
    ofType: EventType.ASSET_MATERIALIZATION,
    limit: 1,
  });
  return {
    key: asset.asset.key,
    group: asset.asset.group,
    kinds: asset.asset.kinds,
    ...(latest ? { lastMaterialization: { runId: latest.runId, timestamp: latest.timestamp } } : {}),
  };
}

/** The rows as a table with a header, every column padded to its widest cell (the last is not padded). */
export function formatAssetRows(
  rows: readonly AssetRow[],
  columns: readonly AssetColumn[] = ASSET_COLUMNS,
  header: (text: string) => string = (text) => text,
): string {
  const cells = rows.map((row) => columns.map((column) => column.cell(row)));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => (i === values.length - 1 ? value : value.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [header(line(columns.map((c) => c.header))), ...cells.map(line)].map((l) => `${l}\n`).join('');
}
