/** Table name used when none is configured (local mode, tests). @default 'stepster-events' */
export const DEFAULT_EVENT_TABLE_NAME = 'stepster-events';

/** Index names of the event table, for queries and for the CDK construct. */
export const EventTableIndex = {
  /** LSI: a run's events in time order (sort key `tsk`). */
  BY_TIME: 'byTime',
  /** GSI: runs of a job, newest first. */
  BY_JOB: 'byJob',
  /** GSI: runs in a status, newest first. */
  BY_STATUS: 'byStatus',
  /** GSI: asset events (materializations, observations, check evaluations), newest first. */
  BY_ASSET: 'byAsset',
} as const;

export type EventTableIndex = (typeof EventTableIndex)[keyof typeof EventTableIndex];

/**
 * The one DynamoDB table holding runs, events, step states, op outputs and gates.
 * Both the local `ensureTable` and the CDK construct build the table from this constant,
 * so the two can never drift. Attribute types use DynamoDB's letters (`'S'`), which are also
 * the values of CDK's `AttributeType`; projections are CDK's `ProjectionType` values.
 *
 * Items (all under `pk = RUN#<runId>`): the run (`sk = RUN`), events (`sk = E#<scope>#<attempt>#<seq>`),
 * step states (`S#<node>`), op outputs (`O#<node>#<output>` plus chunk items), gates (`G#<node>`),
 * once-markers (`X#<key>`). Only events carry `tsk`; only runs carry the `gsi1`/`gsi2` keys;
 * only asset events carry the `gsi3` keys, so every index is sparse.
 *
 * @example
 * new dynamodb.Table(this, 'Events', {
 *   partitionKey: { name: EVENT_TABLE_SCHEMA.partitionKey.name, type: dynamodb.AttributeType.STRING },
 *   sortKey: { name: EVENT_TABLE_SCHEMA.sortKey.name, type: dynamodb.AttributeType.STRING },
 *   billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
 * });
 */
export const EVENT_TABLE_SCHEMA = {
  billingMode: 'PAY_PER_REQUEST',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  attributes: [
    { name: 'pk', type: 'S' },
    { name: 'sk', type: 'S' },
    { name: 'tsk', type: 'S' },
    { name: 'gsi1pk', type: 'S' },
    { name: 'gsi1sk', type: 'S' },
    { name: 'gsi2pk', type: 'S' },
    { name: 'gsi2sk', type: 'S' },
    { name: 'gsi3pk', type: 'S' },
    { name: 'gsi3sk', type: 'S' },
  ],
  localSecondaryIndexes: [
    {
      indexName: EventTableIndex.BY_TIME,
      sortKey: { name: 'tsk', type: 'S' },
      projectionType: 'ALL',
    },
  ],
  globalSecondaryIndexes: [
    {
      indexName: EventTableIndex.BY_JOB,
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
      projectionType: 'ALL',
    },
    {
      indexName: EventTableIndex.BY_STATUS,
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
      projectionType: 'ALL',
    },
    {
      indexName: EventTableIndex.BY_ASSET,
      partitionKey: { name: 'gsi3pk', type: 'S' },
      sortKey: { name: 'gsi3sk', type: 'S' },
      projectionType: 'ALL',
    },
  ],
} as const;

export type EventTableSchema = typeof EVENT_TABLE_SCHEMA;
