import { assetSpecsOf } from '../definitions/asset-specs-of.js';
import type { AssetSpec } from '../definitions/asset-spec.js';
import type { Definitions } from '../definitions/definitions.js';
import type { AssetStatus } from '../event-log/asset-status.js';
import type { EventLogInstance } from '../event-log/event-log-instance.js';
import type { EventRecord } from '../event-log/event-record.js';
import { EventType } from '../events/event-type.js';
import type { AssetResponse, AssetRow, AssetsResponse, SeriesPoint } from './ui-api.js';
import { UiErrorStatus, UiRequestError } from './ui-request-error.js';

/** How many materializations and observations an asset's page holds (and plots). */
export const ASSET_EVENTS_LIMIT = 500;

/** The group of an asset the Definitions do not define (an op's logged `AssetMaterialization`). */
export const UNDEFINED_ASSET_GROUP = 'default';

/**
 * The catalog: every asset the Definitions define, in their order, then every other key with
 * recorded events (an op's logged materializations and observations), as Dagster lists both.
 */
export async function assetsResponse(instance: EventLogInstance, definitions: Definitions): Promise<AssetsResponse> {
  const specs = definedSpecs(definitions);
  const recorded = await instance.getAssetKeys();
  const keys = [...specs.keys(), ...recorded.filter((key) => !specs.has(key))];
  const statuses = await Promise.all(keys.map((key) => instance.getAssetStatus(key)));
  return { assets: keys.map((key, i) => assetRow(key, specs.get(key), statuses[i])) };
}

/**
 * One asset's page: its row, data version and why it is stale, its materializations and
 * observations and check evaluations (newest first), every numeric metadata key as a series
 * (oldest first), and its neighbours in the asset graph.
 */
export async function assetResponse(
  instance: EventLogInstance,
  definitions: Definitions,
  key: string,
): Promise<AssetResponse> {
  const specs = definedSpecs(definitions);
  const spec = specs.get(key);
  const [status, events, checkHistory] = await Promise.all([
    instance.getAssetStatus(key),
    instance.getAssetEvents(key, {
      ofType: [EventType.ASSET_MATERIALIZATION, EventType.ASSET_OBSERVATION],
      limit: ASSET_EVENTS_LIMIT,
    }),
    instance.getAssetCheckHistory(key),
  ]);
  if (spec === undefined && events.length === 0 && checkHistory.length === 0) {
    throw new UiRequestError(
      UiErrorStatus.NOT_FOUND,
      `no asset "${key}": it is not in the Definitions and has no recorded events. Pick one from /assets (a key is its path joined with "/", URL-encoded as one segment).`,
    );
  }
  return {
    asset: assetRow(key, spec, status),
    dataVersion: status.dataVersion,
    staleBecause: status.staleBecause,
    events,
    checkHistory,
    series: numericSeries(events),
    upstream: spec === undefined ? [] : upstreamOf(spec),
    downstream: [...specs.values()].filter((other) => upstreamOf(other).includes(key)).map((other) => other.key),
  };
}

/**
 * Every numeric metadata key of the events (int, float, or a plain number) → its values over
 * time, oldest first: what Dagster's asset page plots.
 *
 * @example
 * numericSeries(events).rowCount; // [{ timestamp, runId, value: 42 }, ...]
 */
export function numericSeries(events: readonly EventRecord[]): Record<string, SeriesPoint[]> {
  const series: Record<string, SeriesPoint[]> = {};
  const oldestFirst = [...events].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  for (const event of oldestFirst) {
    const metadata = event.data?.metadata;
    if (typeof metadata !== 'object' || metadata === null) continue;
    for (const [name, entry] of Object.entries(metadata)) {
      const value = numericValue(entry);
      if (value === undefined) continue;
      series[name] ??= [];
      series[name].push({ timestamp: event.timestamp, runId: event.runId, value });
    }
  }
  return series;
}

function numericValue(entry: unknown): number | undefined {
  if (typeof entry === 'number') return Number.isFinite(entry) ? entry : undefined;
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { type, value } = entry as { type?: unknown; value?: unknown };
  if ((type === 'int' || type === 'float') && typeof value === 'number' && Number.isFinite(value)) return value;
  return undefined;
}

function assetRow(key: string, spec: AssetSpec | undefined, status: AssetStatus | undefined): AssetRow {
  const last = status?.lastMaterialization ?? null;
  return {
    key,
    group: spec?.group ?? UNDEFINED_ASSET_GROUP,
    kinds: spec?.kinds ?? [],
    ...(spec?.description !== undefined ? { description: spec.description } : {}),
    lastMaterialization: last ? { runId: last.runId, timestamp: last.timestamp } : null,
    stale: status?.stale ?? false,
    checks: status?.checks ?? {},
    isSource: spec !== undefined && 'observable' in spec && spec.observable === true,
  };
}

function definedSpecs(definitions: Definitions): Map<string, AssetSpec> {
  return new Map(definitions.assets.flatMap((asset) => assetSpecsOf(asset).map((spec) => [spec.key, spec] as const)));
}

function upstreamOf(spec: AssetSpec): string[] {
  return [...new Set([...Object.values(spec.ins), ...spec.deps])];
}
