/**
 * The contract between the `stepster ui` server and its page: every JSON body the server sends
 * or accepts, and every path. The page is a browser bundle, so this file imports types only
 * (erased by esbuild) and holds no code that needs Node.
 *
 * Invariants the server keeps and the page relies on:
 * - Times are ISO-8601 strings in UTC; durations are milliseconds.
 * - Event records are the event log's own (`EventRecord`): the page renders `data.metadata`
 *   by its `type` field, as the CLI does; the server never pre-renders user text to HTML,
 *   so only the page decides what is safe to put in the DOM.
 * - A request that changes state carries {@link UI_TOKEN_HEADER} with the token the server wrote
 *   into the page's `<meta name="stepster-token">`, from the server's own origin.
 */
import type { EventRecord } from '../event-log/event-record.js';
import type { AssetCheckStatus, StaleCause } from '../event-log/asset-status.js';
import type { RunStatus } from '../event-log/run-record.js';

/** The header that carries the per-server token on POST requests. */
export const UI_TOKEN_HEADER = 'x-stepster-token' as const;

/** The `<meta>` name under which the server writes the token into the page. */
export const UI_TOKEN_META = 'stepster-token' as const;

/** Every JSON path of the server (`:x` is one URL-encoded path segment). */
export const UiApi = {
  /** GET → {@link RunsResponse}. Query: `job`, `status` (repeatable), `tag=k=v` (repeatable, all must match), `limit`. */
  runs: '/api/runs',
  /** GET → {@link RunResponse}. */
  run: '/api/runs/:runId',
  /** GET → {@link RunEventsResponse}. Query: `after` (a cursor from the previous answer) for live updates. */
  runEvents: '/api/runs/:runId/events',
  /** POST {@link ReexecuteRequest} → {@link LaunchResponse}. Token required. */
  reexecute: '/api/runs/:runId/reexecute',
  /** GET → {@link JobsResponse}. */
  jobs: '/api/jobs',
  /** GET → {@link JobResponse}. */
  job: '/api/jobs/:jobName',
  /** POST {@link LaunchRequest} → {@link LaunchResponse}. Token required. */
  launch: '/api/jobs/:jobName/launch',
  /** GET → {@link AssetsResponse}. */
  assets: '/api/assets',
  /** GET → {@link AssetResponse}. The key is its `/`-joined path, URL-encoded as one segment. */
  asset: '/api/assets/:assetKey',
} as const;

/** One row of the runs list. */
export interface RunRow {
  readonly runId: string;
  readonly jobName: string;
  readonly status: RunStatus;
  readonly startTime: string;
  readonly endTime?: string;
  /** End (or now, while running) minus start. */
  readonly durationMs: number;
  readonly tags: Readonly<Record<string, string>>;
  readonly parentRunId?: string;
  readonly rootRunId?: string;
}

export interface RunsResponse {
  readonly runs: readonly RunRow[];
}

/** One attempt of a step, for the Gantt timeline. */
export interface StepAttemptSpan {
  /** 1-based. */
  readonly attempt: number;
  readonly start: string;
  /** Absent while the attempt runs. */
  readonly end?: string;
  readonly outcome: 'RUNNING' | 'SUCCESS' | 'FAILURE' | 'RETRY' | 'SKIPPED';
  /** The error message of a failed or retried attempt. */
  readonly error?: string;
}

/** One step of a run: its attempts in order. */
export interface StepTimeline {
  readonly stepKey: string;
  readonly status: 'NOT_STARTED' | 'RUNNING' | 'SUCCESS' | 'FAILURE' | 'SKIPPED';
  readonly attempts: readonly StepAttemptSpan[];
  /**
   * Set on a mapped op (`.map(op)`), whose row stands for its items (`process[*]`): the row has
   * no attempts of its own and its status sums up the items'.
   */
  readonly mapped?: MappedSteps;
}

/** One item of a mapped op: a step of its own (`process[a]`), as Dagster keys it. */
export interface MappedStepTimeline extends StepTimeline {
  /** The item's mapping key (`a` of `process[a]`). */
  readonly mappingKey: string;
}

/** The items of a mapped op, in the order their emitter yielded them. */
export interface MappedSteps {
  /** The dynamic output that feeds the map (`{ node: 'files', output: 'items' }`). */
  readonly fanOut: { readonly node: string; readonly output: string };
  /** Every item the run knows of: emitted, or seen running (in a re-execution). */
  readonly itemCount: number;
  /** How many items are in each status; statuses with none are left out. */
  readonly counts: Readonly<Partial<Record<StepTimeline['status'], number>>>;
  /** From the first item's start to the last one's end; absent until an item has started. */
  readonly span?: { readonly start: string; readonly end?: string };
  /**
   * The items, at most `MAPPED_ITEMS_LIMIT` (2,000) so that a huge fan-out keeps the answer small:
   * past it, failed, running and pending items are kept before succeeded ones.
   */
  readonly items: readonly MappedStepTimeline[];
  /** Items counted but not listed in `items`. */
  readonly omitted: number;
}

export interface RunResponse {
  readonly run: RunRow;
  /** Every step of the job, in the job's order, started or not. */
  readonly steps: readonly StepTimeline[];
  /** Whether the job is in the loaded Definitions (re-execute needs it). */
  readonly jobKnown: boolean;
}

export interface RunEventsResponse {
  readonly events: readonly EventRecord[];
  /** Pass back as `after` to get only newer events. */
  readonly cursor?: string;
  /** More events are stored after this answer (it holds at most 5000): ask again at once with `cursor`. */
  readonly hasMore?: boolean;
  /** The run's status now, so the page knows when to stop polling. */
  readonly runStatus: RunStatus;
}

/** A node of a job's graph. */
export interface GraphNode {
  readonly name: string;
  readonly kind: 'op' | 'asset' | 'check';
  readonly description?: string;
  /** Set on a mapped op (`.map(op)`): it runs once per item of this dynamic output, as `name[key]`. */
  readonly mappedFrom?: { readonly node: string; readonly output: string };
  /** The node's `DynamicOut` outputs, which fan out. */
  readonly dynamicOutputs?: readonly string[];
}

/**
 * An edge: `from`'s output feeds `to`'s input. `output` and `input` are both empty for an
 * ordering that passes no value (an asset's `deps`, a check after the asset it checks).
 */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly output: string;
  readonly input: string;
  /** `map`: one item per step of `to`; `collect`: all items (or all mapped results) as one list. */
  readonly fanOut?: 'map' | 'collect';
}

export interface ScheduleSummary {
  readonly name: string;
  readonly cronSchedule: string;
  readonly timezone: string;
  /** The next tick times. */
  readonly nextTicks: readonly string[];
}

export interface SensorSummary {
  readonly name: string;
  /** e.g. `RUN_FAILURE`, `SUCCESS`, `STARTED`. */
  readonly runStatus: string;
  readonly description?: string;
}

export interface JobSummary {
  readonly name: string;
  readonly description?: string;
  readonly nodeCount: number;
  readonly tags: Readonly<Record<string, string>>;
  /** The latest run, if any. */
  readonly lastRun?: RunRow;
}

export interface JobsResponse {
  readonly jobs: readonly JobSummary[];
}

export interface JobResponse {
  readonly name: string;
  readonly description?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Job metadata, as typed metadata entries (`{ type, value }`), rendered like event metadata. */
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** JSON Schema of the run config (ops, loggers, resources), or null when the job takes none. */
  readonly configSchema: unknown;
  readonly schedules: readonly ScheduleSummary[];
  readonly sensors: readonly SensorSummary[];
  readonly recentRuns: readonly RunRow[];
}

export interface LaunchRequest {
  /** The run config, as `stepster run --config` takes it (already parsed). */
  readonly runConfig?: Readonly<Record<string, unknown>>;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ReexecuteRequest {
  readonly mode: 'from-failure' | 'all';
}

export interface LaunchResponse {
  readonly runId: string;
}

export interface AssetRow {
  readonly key: string;
  readonly group: string;
  readonly kinds: readonly string[];
  readonly description?: string;
  readonly lastMaterialization: { readonly runId: string; readonly timestamp: string } | null;
  readonly stale: boolean;
  /** Check name → latest evaluation. */
  readonly checks: Readonly<Record<string, AssetCheckStatus>>;
  /** An observable source asset (observed, never materialized). */
  readonly isSource: boolean;
}

export interface AssetsResponse {
  readonly assets: readonly AssetRow[];
}

/** One point of a numeric metadata series. */
export interface SeriesPoint {
  readonly timestamp: string;
  readonly runId: string;
  readonly value: number;
}

export interface AssetResponse {
  readonly asset: AssetRow;
  readonly dataVersion: string | null;
  readonly staleBecause: readonly StaleCause[];
  /** Materializations and observations, newest first. */
  readonly events: readonly EventRecord[];
  /** Check evaluations, newest first. */
  readonly checkHistory: readonly EventRecord[];
  /** Every numeric metadata key (int, float, or a number value) → its points, oldest first. */
  readonly series: Readonly<Record<string, readonly SeriesPoint[]>>;
  /** The keys of the asset's upstream and downstream assets. */
  readonly upstream: readonly string[];
  readonly downstream: readonly string[];
}

/** Every error body: a message that says what was wrong and what to do. */
export interface ErrorResponse {
  readonly error: string;
}
