import type { EventType } from '../events/event-type.js';
import type { AssetStatus } from './asset-status.js';
import type { EventRecord } from './event-record.js';
import type { RunRecord, RunStatus } from './run-record.js';

/** Options of {@link EventLogInstance.getRecordsForRun}. */
export interface RecordsForRunOptions {
  /** Only these event types. @default all types */
  readonly ofType?: EventType | readonly EventType[];
  /** Resume after the page that returned this cursor. */
  readonly cursor?: string;
  /** Page size. @default all records */
  readonly limit?: number;
  /** Oldest first. @default true */
  readonly ascending?: boolean;
}

/** One page of a run's records. */
export interface EventRecordsPage {
  readonly records: EventRecord[];
  /** Position after the last record returned; pass it back to continue. Absent when no record was returned. */
  readonly cursor?: string;
  /** Whether records after this page exist (exact: the store reads one record ahead). */
  readonly hasMore: boolean;
}

/** Filter of {@link EventLogInstance.getRuns}. */
export interface RunsFilter {
  readonly jobName?: string;
  /** One status, or several (e.g. `['QUEUED', 'STARTED']` for runs not finished). @default any status */
  readonly status?: RunStatus | readonly RunStatus[];
  /**
   * Only runs carrying every one of these tags (Dagster's `RunsFilter(tags=...)`); a list of values
   * matches any of them. System tags (`stepster/schedule_name`, …) filter like any other.
   * @default any tags
   * @example { team: 'data', env: ['dev', 'prod'] }
   */
  readonly tags?: Readonly<Record<string, string | readonly string[]>>;
  /** Most runs returned. @default all */
  readonly limit?: number;
}

/** Options of {@link EventLogInstance.getAssetEvents}. */
export interface AssetEventsOptions {
  /** @default ASSET_MATERIALIZATION, ASSET_OBSERVATION and ASSET_CHECK_EVALUATION */
  readonly ofType?: EventType | readonly EventType[];
  /** Only the events of this partition (`data.partition`). @default every partition and none */
  readonly partition?: string;
  /** Most events returned. @default all */
  readonly limit?: number;
}

/**
 * The read side of the event log: what sensors and tests see as `context.instance`
 * (Dagster's `DagsterInstance` query methods, in camelCase).
 *
 * @example
 * const { records } = await instance.getRecordsForRun(runId, { ofType: 'ASSET_MATERIALIZATION' });
 */
export interface EventLogInstance {
  /** A run's events in time order (strongly consistent), paged by `limit` + `cursor`. */
  getRecordsForRun(runId: string, options?: RecordsForRunOptions): Promise<EventRecordsPage>;
  /** Runs newest first, by job and/or status (index reads: eventually consistent). */
  getRuns(filter?: RunsFilter): Promise<RunRecord[]>;
  /** One run, or undefined when no such run was recorded. */
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** An asset's events across runs, newest first (index reads: eventually consistent). */
  getAssetEvents(assetKey: string, options?: AssetEventsOptions): Promise<EventRecord[]>;
  /** Every asset key with recorded events (materializations, observations, check evaluations), sorted. */
  getAssetKeys(): Promise<string[]>;
  /** Every ASSET_CHECK_EVALUATION of an asset (of one check, when named), newest first. */
  getAssetCheckHistory(assetKey: string, checkName?: string): Promise<EventRecord[]>;
  /** The asset's last materialization, data version, staleness (`staleBecause`) and latest check evaluations. */
  getAssetStatus(assetKey: string): Promise<AssetStatus>;
}
