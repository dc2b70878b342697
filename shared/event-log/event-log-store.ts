import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AssetEventQuery } from './asset-event-query.js';
import type { AssetRecordStore } from './asset-record-store.js';
import type { AssetStatus } from './asset-status.js';
import { DynamoAssetRecords } from './dynamo-asset-records.js';
import { DynamoGates } from './dynamo-gates.js';
import { DynamoOnceMarkers } from './dynamo-once-markers.js';
import { DynamoQueries } from './dynamo-queries.js';
import { DynamoRuns } from './dynamo-runs.js';
import { DynamoStepAttempts } from './dynamo-step-attempts.js';
import type { EventEntry } from './event-entry.js';
import type { Environment } from '../environment/environment.js';
import { eventTableFromEnvironment } from './task-store.js';
import type {
  AssetEventsOptions,
  EventLogInstance,
  EventRecordsPage,
  RecordsForRunOptions,
  RunsFilter,
} from './event-log-instance.js';
import type { EventRecord } from './event-record.js';
import type { AttemptClaim, ClaimOutcome } from './attempt-claim.js';
import { EventTableClient, type EventTableClientOptions } from './event-table-client.js';
import type { GateStore } from './gate-store.js';
import type { GateChild, GateStatus } from './gate-status.js';
import type { OnceAttributes, OnceMarker, OnceMarkerStore, OnceUpdate, PutOnceOptions } from './once-marker-store.js';
import type { RunRecord, TerminalRunStatus } from './run-record.js';
import type { FinishRunOptions, RunStore } from './run-store.js';
import type { StepAttemptCommit } from './step-attempt-commit.js';
import type { StepAttemptStore } from './step-attempt-store.js';
import type { OutputLookup, StepContext, StepContextRequest } from './step-context.js';
import type { StepState } from './step-state.js';

export type { FinishRunOptions } from './run-store.js';
export type { OnceAttributes } from './once-marker-store.js';

/**
 * Constructor options of {@link EventLogStore}: the DynamoDB client, the event table's name,
 * the batch retry policy (`retry`, @default DEFAULT_BATCH_RETRY_POLICY) and the retry of
 * throttled requests (`throttleRetry`, @default DEFAULT_STORAGE_THROTTLING_POLICY).
 */
export type EventLogStoreOptions = EventTableClientOptions;

/**
 * The event log and run storage over one DynamoDB table (layout: `EVENT_TABLE_SCHEMA`).
 * The same class runs in Lambda against DynamoDB and locally against the embedded store.
 * It is all five ports at once, each delegated to its facet over one {@link EventTableClient},
 * so every request of every facet goes through one counter, {@link EventLogStore.requestCount}.
 * Handlers should take the narrow port they use (`StepAttemptStore`, `GateStore`, …).
 *
 * @example
 * const store = EventLogStore.fromEnvironment();
 * const context = await store.readStepContext(runId, 'transform', { upstream: ['fetch_sales'],
 *   inputs: [{ node: 'fetch_sales', output: 'rows' }] });
 * await store.commitStepAttempt(runId, 'transform', { events, step: { status: 'SUCCESS', attempt: 1 } });
 */
export class EventLogStore
  implements StepAttemptStore, GateStore, RunStore, OnceMarkerStore, EventLogInstance, AssetRecordStore
{
  private readonly table: EventTableClient;
  private readonly steps: DynamoStepAttempts;
  private readonly gates: DynamoGates;
  private readonly runs: DynamoRuns;
  private readonly markers: DynamoOnceMarkers;
  private readonly queries: DynamoQueries;
  private readonly assetRecords: DynamoAssetRecords;

  constructor(options: EventLogStoreOptions) {
    this.table = new EventTableClient(options);
    this.steps = new DynamoStepAttempts(this.table);
    this.gates = new DynamoGates(this.table);
    this.runs = new DynamoRuns(this.table);
    this.markers = new DynamoOnceMarkers(this.table);
    this.queries = new DynamoQueries(this.table, this.runs);
    this.assetRecords = new DynamoAssetRecords(this.table);
  }

  /**
   * A store configured from the environment: `STEPSTER_TABLE_NAME` (required) and
   * `STEPSTER_DYNAMODB_ENDPOINT` (optional; with it and no AWS credentials in the
   * environment, dummy local credentials are used).
   *
   * @example
   * const store = EventLogStore.fromEnvironment(); // in a Lambda handler, once per container
   */
  static fromEnvironment(env: Environment = process.env): EventLogStore {
    return new EventLogStore(eventTableFromEnvironment(env));
  }

  /** The DynamoDB client every facet sends through. */
  get client(): DynamoDBClient {
    return this.table.client;
  }

  /** The event table's name. */
  get tableName(): string {
    return this.table.tableName;
  }

  /** DynamoDB requests sent by this store, all facets together (SDK-internal retries of one request count once). */
  get requestCount(): number {
    return this.table.requestCount;
  }

  set requestCount(count: number) {
    this.table.requestCount = count;
  }

  /**
   * Extra tries of requests DynamoDB throttled beyond the SDK's retries (not in {@link requestCount}).
   *
   * @example
   * store.resetRequestCount(); await runAttempt(); console.log(store.requestCount, store.throttledRetryCount);
   */
  get throttledRetryCount(): number {
    return this.table.throttledRetryCount;
  }

  /**
   * Sets {@link requestCount} back to 0 and returns what it was.
   *
   * @example
   * store.resetRequestCount(); await runAttempt(); const perAttempt = store.requestCount;
   */
  resetRequestCount(): number {
    return this.table.resetRequestCount();
  }

  // ---- Step attempts (op Lambda) ----

  /** {@inheritDoc DynamoStepAttempts.readStepContext} */
  readStepContext(runId: string, node: string, request: StepContextRequest): Promise<StepContext> {
    return this.steps.readStepContext(runId, node, request);
  }

  /** {@inheritDoc DynamoStepAttempts.readOutputs} */
  readOutputs(runId: string, refs: StepContextRequest['inputs']): Promise<Map<string, OutputLookup>> {
    return this.steps.readOutputs(runId, refs);
  }

  /** {@inheritDoc DynamoStepAttempts.claimAttempt} */
  claimAttempt(runId: string, node: string, claim: AttemptClaim, nowMs: number): Promise<ClaimOutcome> {
    return this.steps.claimAttempt(runId, node, claim, nowMs);
  }

  /** {@inheritDoc DynamoStepAttempts.commitStepAttempt} */
  commitStepAttempt(runId: string, node: string, commit: StepAttemptCommit): Promise<void> {
    return this.steps.commitStepAttempt(runId, node, commit);
  }

  /** {@inheritDoc DynamoStepAttempts.getStepStates} */
  getStepStates(runId: string): Promise<Record<string, StepState>> {
    return this.steps.getStepStates(runId);
  }

  // ---- Gates (joins the state machine cannot order structurally) ----

  /** {@inheritDoc DynamoGates.registerGate} */
  registerGate(runId: string, node: string, token: string): Promise<void> {
    return this.gates.registerGate(runId, node, token);
  }

  /** {@inheritDoc DynamoGates.readGates} */
  readGates(runId: string, children: readonly GateChild[]): Promise<Record<string, GateStatus>> {
    return this.gates.readGates(runId, children);
  }

  // ---- Runs ----

  /** {@inheritDoc DynamoRuns.startRun} */
  startRun(run: RunRecord, events: readonly EventEntry[]): Promise<void> {
    return this.runs.startRun(run, events);
  }

  /** {@inheritDoc DynamoRuns.finishRun} */
  finishRun(
    runId: string,
    status: TerminalRunStatus,
    events: readonly EventEntry[],
    options: FinishRunOptions = {},
  ): Promise<boolean> {
    return this.runs.finishRun(runId, status, events, options);
  }

  /** {@inheritDoc DynamoRuns.resumeRun} */
  resumeRun(runId: string, events: readonly EventEntry[]): Promise<boolean> {
    return this.runs.resumeRun(runId, events);
  }

  /** {@inheritDoc DynamoRuns.appendEvents} */
  appendEvents(runId: string, entries: readonly EventEntry[]): Promise<void> {
    return this.runs.appendEvents(runId, entries);
  }

  // ---- Once-markers (sensors) ----

  /** {@inheritDoc DynamoOnceMarkers.putOnce} */
  putOnce(runId: string, key: string, attrs: OnceAttributes = {}, options: PutOnceOptions = {}): Promise<boolean> {
    return this.markers.putOnce(runId, key, attrs, options);
  }

  /** {@inheritDoc DynamoOnceMarkers.getOnce} */
  getOnce(runId: string, key: string): Promise<OnceMarker | undefined> {
    return this.markers.getOnce(runId, key);
  }

  /** {@inheritDoc DynamoOnceMarkers.updateOnce} */
  updateOnce(runId: string, key: string, update: OnceUpdate): Promise<boolean> {
    return this.markers.updateOnce(runId, key, update);
  }

  /** {@inheritDoc DynamoOnceMarkers.listOpenOnce} */
  listOpenOnce(): Promise<OnceMarker[]> {
    return this.markers.listOpenOnce();
  }

  // ---- Query API (EventLogInstance) ----

  /** {@inheritDoc DynamoQueries.getRecordsForRun} */
  getRecordsForRun(runId: string, options: RecordsForRunOptions = {}): Promise<EventRecordsPage> {
    return this.queries.getRecordsForRun(runId, options);
  }

  /** {@inheritDoc DynamoQueries.getRuns} */
  getRuns(filter: RunsFilter = {}): Promise<RunRecord[]> {
    return this.queries.getRuns(filter);
  }

  /** {@inheritDoc DynamoRuns.getRun} */
  getRun(runId: string): Promise<RunRecord | undefined> {
    return this.runs.getRun(runId);
  }

  /** {@inheritDoc DynamoQueries.getAssetEvents} */
  getAssetEvents(assetKey: string, options: AssetEventsOptions = {}): Promise<EventRecord[]> {
    return this.queries.getAssetEvents(assetKey, options);
  }

  /** {@inheritDoc DynamoAssetRecords.latestAssetEvent} */
  latestAssetEvent(query: AssetEventQuery): Promise<EventRecord | undefined> {
    return this.assetRecords.latestAssetEvent(query);
  }

  /** {@inheritDoc DynamoQueries.getAssetKeys} */
  getAssetKeys(): Promise<string[]> {
    return this.queries.getAssetKeys();
  }

  /** {@inheritDoc DynamoQueries.getAssetCheckHistory} */
  getAssetCheckHistory(assetKey: string, checkName?: string): Promise<EventRecord[]> {
    return this.queries.getAssetCheckHistory(assetKey, checkName);
  }

  /** {@inheritDoc DynamoQueries.getAssetStatus} */
  getAssetStatus(assetKey: string): Promise<AssetStatus> {
    return this.queries.getAssetStatus(assetKey);
  }
}
