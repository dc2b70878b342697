import {
  type AttributeValue,
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type BatchRetryPolicy, DEFAULT_BATCH_RETRY_POLICY } from './batch-retry-policy.js';
import { readPartitionItems } from './batch-get.js';
import { writeItemsInBatches } from './batch-write.js';
import type { EventEntry } from './event-entry.js';
import { eventToItem, itemToEvent } from './event-item.js';
import { EventLogEnvironment } from './event-log-environment.js';
import { EventLogError } from './event-log-error.js';
import type {
  AssetEventsOptions,
  EventLogInstance,
  EventRecordsPage,
  RecordsForRunOptions,
  RunsFilter,
} from './event-log-instance.js';
import type { EventRecord } from './event-record.js';
import { gateToItem, itemToGateToken } from './gate-item.js';
import type { GateChild, GateStatus } from './gate-status.js';
import { keyAttributes, readString, type TableItem } from './item-attributes.js';
import { assembleChunkedOutput, decodeOutputItem, outputToItems } from './output-item.js';
import { decodeRecordsCursor, encodeRecordsCursor } from './records-cursor.js';
import { itemToRun, runToItem } from './run-item.js';
import {
  isTerminalRunStatus,
  type RunRecord,
  RunStatus,
  TERMINAL_RUN_STATUSES,
  type TerminalRunStatus,
} from './run-record.js';
import type { GateStore } from './gate-store.js';
import type { OnceAttributes, OnceMarkerStore } from './once-marker-store.js';
import type { FinishRunOptions, RunStore } from './run-store.js';
import type { StepAttemptCommit } from './step-attempt-commit.js';
import type { StepAttemptStore } from './step-attempt-store.js';
import type { OutputLookup, StepContext, StepContextRequest } from './step-context.js';
import { itemToStep, stepItemNode, stepToItem } from './step-item.js';
import { isStepDone, type StepState } from './step-state.js';
import { EventTableIndex } from './table-schema.js';
import { TableKeys } from './table-keys.js';

/** Constructor options of {@link EventLogStore}. */
export interface EventLogStoreOptions {
  /** A DynamoDB client: the default AWS one in Lambda, or the embedded store's client locally. */
  readonly client: DynamoDBClient;
  /** The event table (built from `EVENT_TABLE_SCHEMA`). */
  readonly tableName: string;
  /** Retry of unprocessed batch items. @default DEFAULT_BATCH_RETRY_POLICY */
  readonly retry?: Partial<BatchRetryPolicy>;
}

export type { FinishRunOptions } from './run-store.js';
export type { OnceAttributes } from './once-marker-store.js';

const ALL_RUN_STATUSES: readonly RunStatus[] = Object.values(RunStatus);

function isConditionalCheckFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

function asList<T>(value: T | readonly T[] | undefined): readonly T[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

/** `#name IN (:p0, :p1, …)` with its placeholders, for filter expressions. */
function inFilter(
  attribute: string,
  values: readonly string[],
  prefix: string,
): { expression: string; names: Record<string, string>; values: Record<string, AttributeValue> } {
  const placeholders: Record<string, AttributeValue> = {};
  values.forEach((value, index) => {
    placeholders[`:${prefix}${index}`] = { S: value };
  });
  return {
    expression: `#${prefix} IN (${Object.keys(placeholders).join(', ')})`,
    names: { [`#${prefix}`]: attribute },
    values: placeholders,
  };
}

function validateLimit(limit: number | undefined): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new EventLogError(`limit ${limit} must be a positive integer (omit it to read everything)`);
  }
}

/**
 * The event log and run storage over one DynamoDB table (layout: `EVENT_TABLE_SCHEMA`).
 * The same class runs in Lambda against DynamoDB and locally against the embedded store.
 * Every request goes through one counter, {@link EventLogStore.requestCount}.
 *
 * @example
 * const store = EventLogStore.fromEnvironment();
 * const context = await store.readStepContext(runId, 'transform', { upstream: ['fetch_sales'],
 *   inputs: [{ node: 'fetch_sales', output: 'rows' }] });
 * await store.commitStepAttempt(runId, 'transform', { events, step: { status: 'SUCCESS', attempt: 1 } });
 */
export class EventLogStore implements StepAttemptStore, GateStore, RunStore, OnceMarkerStore, EventLogInstance {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** DynamoDB requests sent by this store (SDK-internal retries of one request count once). */
  requestCount = 0;
  private readonly retry: BatchRetryPolicy;

  constructor(options: EventLogStoreOptions) {
    if (options.tableName.length < 3) {
      throw new EventLogError(
        `tableName '${options.tableName}' is shorter than DynamoDB's 3 characters: pass the event table's name`,
      );
    }
    this.client = options.client;
    this.tableName = options.tableName;
    this.retry = { ...DEFAULT_BATCH_RETRY_POLICY, ...options.retry };
  }

  /**
   * A store configured from the environment: `STEPSTER_TABLE_NAME` (required) and
   * `STEPSTER_DYNAMODB_ENDPOINT` (optional; with it and no AWS credentials in the
   * environment, dummy local credentials are used).
   *
   * @example
   * const store = EventLogStore.fromEnvironment(); // in a Lambda handler, once per container
   */
  static fromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): EventLogStore {
    const tableName = env[EventLogEnvironment.TABLE_NAME];
    if (tableName === undefined || tableName.length === 0) {
      throw new EventLogError(
        `${EventLogEnvironment.TABLE_NAME} is not set: the CDK app sets it on every stepster Lambda; ` +
          'locally, start the embedded store (startLocalDynamo) and construct EventLogStore with its client',
      );
    }
    const endpoint = env[EventLogEnvironment.DYNAMODB_ENDPOINT];
    if (endpoint === undefined || endpoint.length === 0) {
      return new EventLogStore({ client: new DynamoDBClient({}), tableName });
    }
    const client = new DynamoDBClient({
      endpoint,
      region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
      ...(env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    });
    return new EventLogStore({ client, tableName });
  }

  /**
   * Sets {@link requestCount} back to 0 and returns what it was.
   *
   * @example
   * store.resetRequestCount(); await runAttempt(); const perAttempt = store.requestCount;
   */
  resetRequestCount(): number {
    const count = this.requestCount;
    this.requestCount = 0;
    return count;
  }

  /** The only path to DynamoDB, so the request count is exact. */
  private send<T>(call: (client: DynamoDBClient) => Promise<T>): Promise<T> {
    this.requestCount++;
    return call(this.client);
  }

  private readonly batchWrite = (input: BatchWriteItemCommandInput) =>
    this.send((client) => client.send(new BatchWriteItemCommand(input)));

  private readonly batchGet = (input: BatchGetItemCommandInput) =>
    this.send((client) => client.send(new BatchGetItemCommand(input)));

  private writeItems(items: readonly TableItem[]): Promise<void> {
    return writeItemsInBatches(this.batchWrite, this.tableName, items, this.retry);
  }

  private readItems(runId: string, sortKeys: readonly string[]): Promise<Map<string, TableItem>> {
    return readPartitionItems(this.batchGet, this.tableName, TableKeys.runPartition(runId), sortKeys, this.retry);
  }

  /**
   * Runs a Query until `limit + 1` items (one ahead, so `more` is exact) or the end.
   * Without a filter the page size is what is still needed; with one, DynamoDB's 1 MB pages.
   */
  private async queryItems(
    input: QueryCommandInput,
    limit: number | undefined,
  ): Promise<{ items: TableItem[]; more: boolean }> {
    const want = limit === undefined ? Number.POSITIVE_INFINITY : limit + 1;
    const filtered = input.FilterExpression !== undefined;
    const items: TableItem[] = [];
    let startKey = input.ExclusiveStartKey;
    do {
      const page = await this.send((client) =>
        client.send(
          new QueryCommand({
            ...input,
            ExclusiveStartKey: startKey,
            Limit: filtered || limit === undefined ? undefined : want - items.length,
          }),
        ),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined && items.length < want);
    if (limit === undefined || items.length <= limit) return { items, more: false };
    return { items: items.slice(0, limit), more: true };
  }

  // ---- Step attempts (op Lambda) ----

  /**
   * Everything an op attempt needs before it runs, in one strongly consistent BatchGetItem:
   * its own step state, its upstream steps' states, and its input values.
   * Chunked (large) outputs need a second read, only then.
   *
   * @example
   * const { own, upstream, outputs } = await store.readStepContext(runId, 'transform', {
   *   upstream: ['fetch_sales'], inputs: [{ node: 'fetch_sales', output: 'rows' }] });
   * const rows = outputs.get('fetch_sales.rows')?.value;
   */
  async readStepContext(runId: string, node: string, request: StepContextRequest): Promise<StepContext> {
    const ownKey = TableKeys.stepSort(node);
    const upstreamKeys = request.upstream.map((name) => TableKeys.stepSort(name));
    const outputKeys = request.inputs.map((input) => TableKeys.outputSort(input.node, input.output));
    const items = await this.readItems(runId, [ownKey, ...upstreamKeys, ...outputKeys]);

    const ownItem = items.get(ownKey);
    const upstream: Record<string, StepState | undefined> = {};
    request.upstream.forEach((name, index) => {
      const item = items.get(upstreamKeys[index] ?? '');
      upstream[name] = item === undefined ? undefined : itemToStep(item);
    });

    const outputs = await this.decodeOutputs(runId, request.inputs, outputKeys, items);
    return { ...(ownItem !== undefined ? { own: itemToStep(ownItem) } : {}), upstream, outputs };
  }

  /**
   * Several steps' output values in one read (e.g. every output of a finished run).
   *
   * @example
   * const values = await store.readOutputs(runId, [{ node: 'summary_report', output: 'result' }]);
   */
  async readOutputs(runId: string, refs: StepContextRequest['inputs']): Promise<Map<string, OutputLookup>> {
    const outputKeys = refs.map((ref) => TableKeys.outputSort(ref.node, ref.output));
    return this.decodeOutputs(runId, refs, outputKeys, await this.readItems(runId, outputKeys));
  }

  /** Output lookups from read items, reading chunked (large) outputs' chunks only then. */
  private async decodeOutputs(
    runId: string,
    refs: StepContextRequest['inputs'],
    outputKeys: readonly string[],
    items: ReadonlyMap<string, TableItem>,
  ): Promise<Map<string, OutputLookup>> {
    const outputs = new Map<string, OutputLookup>();
    const chunked: { label: string; main: TableItem }[] = [];
    const chunkKeys: string[] = [];
    refs.forEach((input, index) => {
      const label = `${input.node}.${input.output}`;
      const item = items.get(outputKeys[index] ?? '');
      if (item === undefined) {
        outputs.set(label, { found: false });
        return;
      }
      const decoded = decodeOutputItem(item);
      if (decoded.kind === 'value') {
        outputs.set(label, { found: true, value: decoded.value });
      } else {
        chunked.push({ label, main: item });
        chunkKeys.push(...decoded.chunkKeys.map((key) => key.sk));
      }
    });
    if (chunked.length > 0) {
      const chunks = await this.readItems(runId, chunkKeys);
      for (const { label, main } of chunked) {
        outputs.set(label, { found: true, value: assembleChunkedOutput(main, chunks) });
      }
    }
    return outputs;
  }

  /**
   * Writes one attempt's outputs, events and step state with BatchWriteItem: one request for
   * a typical op (≤ 25 items). The step state goes in the last batch, written after all others
   * succeeded. Keys are deterministic, so a re-delivered attempt overwrites itself.
   *
   * @example
   * await store.commitStepAttempt(runId, 'fetch_sales', { events: writer.events,
   *   step: { status: 'SUCCESS', attempt: 1, endTime: new Date().toISOString() },
   *   outputs: [{ name: 'rows', value: rows }] });
   */
  async commitStepAttempt(runId: string, node: string, commit: StepAttemptCommit): Promise<void> {
    const outputs = commit.outputs ?? [];
    const step: StepState =
      commit.step.outputs === undefined && outputs.length > 0
        ? { ...commit.step, outputs: outputs.map((output) => output.name) }
        : commit.step;
    const items: TableItem[] = [
      ...outputs.flatMap((output) => outputToItems(runId, node, output.name, output.value)),
      ...commit.events.map((entry) => eventToItem(runId, entry)),
      stepToItem(runId, node, step),
    ];
    await this.writeItems(items);
  }

  /**
   * Every step state of a run, keyed by node (one strongly consistent Query).
   *
   * @example
   * const states = await store.getStepStates(runId); // { fetch_sales: { status: 'SUCCESS', attempt: 1 } }
   */
  async getStepStates(runId: string): Promise<Record<string, StepState>> {
    const { items } = await this.queryItems(
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': { S: TableKeys.runPartition(runId) },
          ':prefix': { S: TableKeys.STEP_PREFIX },
        },
        ConsistentRead: true,
      },
      undefined,
    );
    const states: Record<string, StepState> = {};
    for (const item of items) states[stepItemNode(item)] = itemToStep(item);
    return states;
  }

  // ---- Gates (joins the state machine cannot order structurally) ----

  /**
   * Records the task token of a join state waiting for `node`'s upstream steps (PutItem;
   * a later registration, e.g. after a retry, replaces the token).
   *
   * @example
   * await store.registerGate(runId, 'd', event.taskToken);
   */
  async registerGate(runId: string, node: string, token: string): Promise<void> {
    if (token.length === 0)
      throw new EventLogError(`registerGate for op '${node}' got an empty token: pass $$.Task.Token`);
    await this.send((client) =>
      client.send(new PutItemCommand({ TableName: this.tableName, Item: gateToItem(runId, node, token) })),
    );
  }

  /**
   * For each child: its gate token (if registered) and whether all its upstream steps are done
   * (SUCCESS, FAILURE, SKIPPED or BLOCKED). One strongly consistent BatchGetItem.
   *
   * @example
   * const gates = await store.readGates(runId, [{ node: 'd', upstream: ['a', 'b'] }]);
   * if (gates.d?.token && gates.d.upstreamDone) await sendTaskSuccess(gates.d.token);
   */
  async readGates(runId: string, children: readonly GateChild[]): Promise<Record<string, GateStatus>> {
    const keys = children.flatMap((child) => [
      TableKeys.gateSort(child.node),
      ...child.upstream.map((name) => TableKeys.stepSort(name)),
    ]);
    const items = await this.readItems(runId, keys);
    const result: Record<string, GateStatus> = {};
    for (const child of children) {
      const gate = items.get(TableKeys.gateSort(child.node));
      const upstreamDone = child.upstream.every((name) => {
        const item = items.get(TableKeys.stepSort(name));
        return item !== undefined && isStepDone(itemToStep(item));
      });
      result[child.node] = { ...(gate !== undefined ? { token: itemToGateToken(gate) } : {}), upstreamDone };
    }
    return result;
  }

  // ---- Runs ----

  /**
   * Writes the run item and its start events (RUN_START) in one batch. Idempotent: the same
   * call again rewrites the same items.
   *
   * @example
   * await store.startRun({ runId, jobName: 'sales_job', status: 'STARTED', tags, startTime }, [
   *   { key: eventKey(RunEventScope.START, 0, 0), record: runStartRecord }]);
   */
  async startRun(run: RunRecord, events: readonly EventEntry[]): Promise<void> {
    // The run item goes last: whoever sees the run also sees RUN_START.
    await this.writeItems([...events.map((entry) => eventToItem(run.runId, entry)), runToItem(run)]);
  }

  /**
   * Sets the run's terminal status unless it already has one (conditional UpdateItem) and
   * returns whether this call changed it, so sensors fire once. Events (RUN_SUCCESS, …) are
   * written after the status: by the call that changed it, or by a repeat of that same status
   * (repairing a call that stopped in between); never under a different terminal status.
   *
   * @example
   * const changed = await store.finishRun(runId, 'SUCCESS', [{ key: eventKey(RunEventScope.END, 0, 0), record }]);
   */
  async finishRun(
    runId: string,
    status: TerminalRunStatus,
    events: readonly EventEntry[],
    options: FinishRunOptions = {},
  ): Promise<boolean> {
    if (!isTerminalRunStatus(status)) {
      throw new EventLogError(
        `finishRun status '${String(status)}' is not terminal: pass ${TERMINAL_RUN_STATUSES.join(', ')}`,
      );
    }
    const terminal = inFilter('status', TERMINAL_RUN_STATUSES, 'status');
    let changed = true;
    try {
      await this.send((client) =>
        client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: keyAttributes({ pk: TableKeys.runPartition(runId), sk: TableKeys.RUN_SORT_KEY }),
            UpdateExpression: 'SET #status = :next, #endTime = :endTime, #gsi2pk = :gsi2pk',
            ConditionExpression: `attribute_exists(pk) AND NOT (${terminal.expression})`,
            ExpressionAttributeNames: { ...terminal.names, '#endTime': 'endTime', '#gsi2pk': 'gsi2pk' },
            ExpressionAttributeValues: {
              ...terminal.values,
              ':next': { S: status },
              ':endTime': { S: options.endTime ?? new Date().toISOString() },
              ':gsi2pk': { S: TableKeys.statusPartition(status) },
            },
          }),
        ),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      const current = await this.getRun(runId);
      if (current === undefined) {
        throw new EventLogError(
          `finishRun: run '${runId}' has no run item: call startRun first (the run-start state does)`,
          {
            cause: error,
          },
        );
      }
      if (current.status !== status) return false;
      changed = false;
    }
    await this.appendEvents(runId, events);
    return changed;
  }

  /**
   * Re-opens a terminal run for a redrive (resume from failure): status back to STARTED,
   * end time removed. Returns whether this call changed it. Give the redrive's events their
   * own attempt (e.g. the redrive count) so they do not overwrite the first end events.
   *
   * @example
   * if (detail.redriveCount > 0) await store.resumeRun(runId, []);
   */
  async resumeRun(runId: string, events: readonly EventEntry[]): Promise<boolean> {
    const terminal = inFilter('status', TERMINAL_RUN_STATUSES, 'status');
    let changed = true;
    try {
      await this.send((client) =>
        client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: keyAttributes({ pk: TableKeys.runPartition(runId), sk: TableKeys.RUN_SORT_KEY }),
            UpdateExpression: 'SET #status = :started, #gsi2pk = :gsi2pk REMOVE #endTime',
            ConditionExpression: terminal.expression,
            ExpressionAttributeNames: { ...terminal.names, '#endTime': 'endTime', '#gsi2pk': 'gsi2pk' },
            ExpressionAttributeValues: {
              ...terminal.values,
              ':started': { S: RunStatus.STARTED },
              ':gsi2pk': { S: TableKeys.statusPartition(RunStatus.STARTED) },
            },
          }),
        ),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      const current = await this.getRun(runId);
      if (current === undefined) {
        throw new EventLogError(`resumeRun: run '${runId}' has no run item: only a recorded run can be redriven`, {
          cause: error,
        });
      }
      if (current.status !== RunStatus.STARTED) return false;
      changed = false;
    }
    await this.appendEvents(runId, events);
    return changed;
  }

  /**
   * Puts a marker item `X#<key>` only if absent (conditional PutItem); true for the first caller
   * only. Sensors use it to fire once per run and status however often the trigger arrives.
   *
   * @example
   * if (await store.putOnce(runId, `sensor#on_success#SUCCESS`, { firedAt: new Date().toISOString() })) await notify();
   */
  async putOnce(runId: string, key: string, attrs: OnceAttributes = {}): Promise<boolean> {
    const item: TableItem = { pk: { S: TableKeys.runPartition(runId) }, sk: { S: TableKeys.onceSort(key) } };
    for (const [name, value] of Object.entries(attrs)) {
      if (name === 'pk' || name === 'sk' || name === 'tsk' || name.startsWith('gsi')) {
        throw new EventLogError(`putOnce attribute '${name}' is reserved by the event table's keys: rename it`);
      }
      item[name] =
        typeof value === 'string' ? { S: value } : typeof value === 'number' ? { N: String(value) } : { BOOL: value };
    }
    try {
      await this.send((client) =>
        client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Writes run-level events (engine events, the lifecycle's own records) with their deterministic keys.
   *
   * @example
   * await store.appendEvents(runId, [{ key: eventKey(RunEventScope.LIFECYCLE, 0, 0), record }]);
   */
  async appendEvents(runId: string, entries: readonly EventEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.writeItems(entries.map((entry) => eventToItem(runId, entry)));
  }

  // ---- Query API (EventLogInstance) ----

  /**
   * A run's events in time order (strongly consistent Query on the `byTime` LSI).
   * With `limit`, returns a page and a cursor to continue; `ofType` filters types.
   * A cursor resumes after a record's time; events committed later with an earlier
   * timestamp (a slower parallel op) are not revisited, so tail live runs via step states.
   *
   * @example
   * let page = await store.getRecordsForRun(runId, { limit: 100 });
   * while (page.hasMore) page = await store.getRecordsForRun(runId, { limit: 100, cursor: page.cursor });
   */
  async getRecordsForRun(runId: string, options: RecordsForRunOptions = {}): Promise<EventRecordsPage> {
    validateLimit(options.limit);
    const pk = TableKeys.runPartition(runId);
    const types = asList(options.ofType);
    const filter = types !== undefined && types.length > 0 ? inFilter('eventType', types, 'type') : undefined;
    const position = options.cursor === undefined ? undefined : decodeRecordsCursor(runId, options.cursor);
    const { items, more } = await this.queryItems(
      {
        TableName: this.tableName,
        IndexName: EventTableIndex.BY_TIME,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: pk }, ...filter?.values },
        ...(filter !== undefined
          ? { FilterExpression: filter.expression, ExpressionAttributeNames: filter.names }
          : {}),
        ScanIndexForward: options.ascending ?? true,
        ConsistentRead: true,
        ...(position !== undefined
          ? { ExclusiveStartKey: { pk: { S: pk }, sk: { S: position.sk }, tsk: { S: position.tsk } } }
          : {}),
      },
      options.limit,
    );
    const records = items.map(itemToEvent);
    const last = items.at(-1);
    return {
      records,
      ...(last !== undefined
        ? { cursor: encodeRecordsCursor(runId, { sk: readString(last, 'sk'), tsk: readString(last, 'tsk') }) }
        : {}),
      hasMore: more,
    };
  }

  /**
   * Runs newest first: by job (`byJob`), by status (`byStatus`), both (job index filtered
   * by status), or all (the status index, one Query per status, merged).
   *
   * @example
   * const recent = await store.getRuns({ jobName: 'sales_job', limit: 10 });
   * const failed = await store.getRuns({ status: 'FAILURE' });
   */
  async getRuns(filter: RunsFilter = {}): Promise<RunRecord[]> {
    validateLimit(filter.limit);
    const statuses = asList(filter.status);
    if (filter.jobName !== undefined) {
      const statusFilter = statuses !== undefined ? inFilter('status', statuses, 'status') : undefined;
      const { items } = await this.queryItems(
        {
          TableName: this.tableName,
          IndexName: EventTableIndex.BY_JOB,
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: TableKeys.jobPartition(filter.jobName) }, ...statusFilter?.values },
          ...(statusFilter !== undefined
            ? { FilterExpression: statusFilter.expression, ExpressionAttributeNames: statusFilter.names }
            : {}),
          ScanIndexForward: false,
        },
        filter.limit,
      );
      return items.map(itemToRun);
    }
    const perStatus = await Promise.all(
      [...new Set(statuses ?? ALL_RUN_STATUSES)].map((status) =>
        this.queryItems(
          {
            TableName: this.tableName,
            IndexName: EventTableIndex.BY_STATUS,
            KeyConditionExpression: 'gsi2pk = :pk',
            ExpressionAttributeValues: { ':pk': { S: TableKeys.statusPartition(status) } },
            ScanIndexForward: false,
          },
          filter.limit,
        ),
      ),
    );
    const merged = perStatus
      .flatMap((result) => result.items)
      .sort((a, b) => readString(b, 'gsi2sk').localeCompare(readString(a, 'gsi2sk')));
    return (filter.limit === undefined ? merged : merged.slice(0, filter.limit)).map(itemToRun);
  }

  /**
   * One run (strongly consistent GetItem), or undefined.
   *
   * @example
   * const run = await store.getRun(runId); // run?.status === 'SUCCESS'
   */
  async getRun(runId: string): Promise<RunRecord | undefined> {
    const output = await this.send((client) =>
      client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: keyAttributes({ pk: TableKeys.runPartition(runId), sk: TableKeys.RUN_SORT_KEY }),
          ConsistentRead: true,
        }),
      ),
    );
    return output.Item === undefined ? undefined : itemToRun(output.Item);
  }

  /**
   * An asset's events across runs, newest first (`byAsset` GSI). `assetKey` is the user
   * string (`a/b` for a path key).
   *
   * @example
   * const [latest] = await store.getAssetEvents('sales_output', { ofType: 'ASSET_MATERIALIZATION', limit: 1 });
   */
  async getAssetEvents(assetKey: string, options: AssetEventsOptions = {}): Promise<EventRecord[]> {
    validateLimit(options.limit);
    // Only asset events enter the byAsset index, so the default needs no filter.
    const types = asList(options.ofType);
    const filter = types !== undefined && types.length > 0 ? inFilter('eventType', types, 'type') : undefined;
    const { items } = await this.queryItems(
      {
        TableName: this.tableName,
        IndexName: EventTableIndex.BY_ASSET,
        KeyConditionExpression: 'gsi3pk = :pk',
        ...(filter !== undefined
          ? { FilterExpression: filter.expression, ExpressionAttributeNames: filter.names }
          : {}),
        ExpressionAttributeValues: { ':pk': { S: TableKeys.assetPartition(assetKey) }, ...filter?.values },
        ScanIndexForward: false,
      },
      options.limit,
    );
    return items.map(itemToEvent);
  }
}
