import type { EventRecord } from './event-record.js';

/** An upstream whose data changed since the asset was last materialized from it. */
export interface StaleCause {
  /** The upstream asset key. */
  readonly key: string;
  /** Its version recorded on the asset's last materialization. */
  readonly was: string;
  /** Its current version (latest materialization, or latest observation of a source). */
  readonly now: string;
}

/** The latest evaluation of one asset check. */
export interface AssetCheckStatus {
  readonly runId: string;
  readonly timestamp: string;
  readonly passed: boolean;
  /** `ERROR` or `WARN` (how bad a failure is). */
  readonly severity: string;
  readonly description: string | null;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** What `getAssetStatus(key)` answers (DESIGN section 8). */
export interface AssetStatus {
  readonly assetKey: string;
  /** The latest materialization, or null when the asset was never materialized. */
  readonly lastMaterialization: {
    readonly runId: string;
    readonly timestamp: string;
    readonly dataVersion: string | null;
  } | null;
  /** The current data version: the last materialization's, else (a source) the last observation's; null when none. */
  readonly dataVersion: string | null;
  /** True when an input's current version differs from the one its last materialization recorded. */
  readonly stale: boolean;
  readonly staleBecause: readonly StaleCause[];
  /** Check name → its latest evaluation. */
  readonly checks: Readonly<Record<string, AssetCheckStatus>>;
}

/** The data version an asset event carries, or null. */
export function eventDataVersion(record: EventRecord | undefined): string | null {
  const version = record?.data?.dataVersion;
  return typeof version === 'string' ? version : null;
}

/** The versions a materialization recorded for its inputs (`data.inputDataVersions`). */
export function recordedInputVersions(record: EventRecord | undefined): Record<string, string> {
  const versions = record?.data?.inputDataVersions;
  if (typeof versions !== 'object' || versions === null) return {};
  return Object.fromEntries(
    Object.entries(versions as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/** The latest evaluation per check name, from evaluations newest first. */
export function latestChecks(evaluations: readonly EventRecord[]): Record<string, AssetCheckStatus> {
  const checks: Record<string, AssetCheckStatus> = {};
  for (const record of evaluations) {
    const data = record.data ?? {};
    const name = typeof data.checkName === 'string' ? data.checkName : undefined;
    if (name === undefined || checks[name] !== undefined) continue;
    checks[name] = {
      runId: record.runId,
      timestamp: record.timestamp,
      passed: data.passed === true,
      severity: typeof data.severity === 'string' ? data.severity : 'ERROR',
      description: typeof data.description === 'string' ? data.description : null,
      metadata: (typeof data.metadata === 'object' && data.metadata !== null ? data.metadata : {}) as Record<
        string,
        unknown
      >,
    };
  }
  return checks;
}
