import type { AnyAssetDefinition } from '../definitions/asset-definition.js';
import { assetSpecsOf } from '../definitions/asset-specs-of.js';
import { isObservableSource } from '../definitions/observable-source-asset.js';
import { EventType } from '../events/event-type.js';
import type { StaleCause } from '../event-log/asset-status.js';
import type { EventLogInstance } from '../event-log/event-log-instance.js';

/** One line of `stepster assets`: what the catalog knows about one asset. */
export interface AssetRow {
  readonly key: string;
  readonly group: string;
  readonly kinds: readonly string[];
  /** The newest ASSET_MATERIALIZATION of the key, in any run; absent when it was never materialized. */
  readonly lastMaterialization?: { readonly runId: string; readonly timestamp: string };
  /** For an observable source (observed, never materialized): its newest ASSET_OBSERVATION, if any. */
  readonly lastObservation?: { readonly runId: string; readonly timestamp: string } | null;
  /** The upstream versions that changed since the last materialization; empty when fresh. */
  readonly staleBecause: readonly StaleCause[];
  /** Latest evaluation of each check, by check name: passed or not. */
  readonly checks: Readonly<Record<string, boolean>>;
}

/** One column of `stepster assets`: its header and how a row fills it. */
export interface AssetColumn {
  readonly header: string;
  readonly cell: (row: AssetRow) => string;
}

/**
 * The columns, left to right. A new fact about assets (staleness, checks) is one more field of
 * {@link AssetRow}, filled in {@link assetRows}, and one more entry here.
 */
export const ASSET_COLUMNS: readonly AssetColumn[] = [
  { header: 'ASSET', cell: (row) => row.key },
  { header: 'GROUP', cell: (row) => row.group },
  { header: 'KINDS', cell: (row) => row.kinds.join(',') || '-' },
  {
    header: 'LAST MATERIALIZATION',
    cell: (row) => {
      // A source is never materialized: its column tells when it was last observed instead.
      if (row.lastObservation !== undefined) {
        const seen = row.lastObservation;
        return seen ? `observed ${seen.timestamp}  run ${seen.runId}` : 'never observed';
      }
      return row.lastMaterialization
        ? `${row.lastMaterialization.timestamp}  run ${row.lastMaterialization.runId}`
        : 'never';
    },
  },
  {
    header: 'STALE',
    cell: (row) =>
      row.staleBecause.length === 0 ? '-' : `upstream changed: ${row.staleBecause.map((c) => c.key).join(', ')}`,
  },
  {
    header: 'CHECKS',
    cell: (row) => {
      const entries = Object.entries(row.checks);
      if (entries.length === 0) return '-';
      const failed = entries.filter(([, passed]) => !passed).map(([name]) => name);
      return failed.length === 0 ? `${entries.length} passed` : `failed: ${failed.join(', ')}`;
    },
  },
];

/**
 * The rows of one asset definition (one per key: a multi-asset has several): its facts from the
 * definition, and from the event log its last materialization, staleness and latest check
 * results (`getAssetStatus`).
 *
 * @example
 * const [row] = await assetRows(salesTransform, instance); // row.lastMaterialization?.runId
 */
export async function assetRows(asset: AnyAssetDefinition, instance: EventLogInstance): Promise<AssetRow[]> {
  return Promise.all(
    assetSpecsOf(asset).map(async (spec) => {
      const status = await instance.getAssetStatus(spec.key);
      const last = status.lastMaterialization;
      const observed = isObservableSource(asset)
        ? (await instance.getAssetEvents(spec.key, { ofType: EventType.ASSET_OBSERVATION, limit: 1 }))[0]
        : undefined;
      return {
        key: spec.key,
        group: spec.group,
        kinds: spec.kinds,
        ...(last ? { lastMaterialization: { runId: last.runId, timestamp: last.timestamp } } : {}),
        ...(isObservableSource(asset)
          ? { lastObservation: observed ? { runId: observed.runId, timestamp: observed.timestamp } : null }
          : {}),
        staleBecause: status.staleBecause,
        checks: Object.fromEntries(Object.entries(status.checks).map(([name, check]) => [name, check.passed])),
      };
    }),
  );
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
