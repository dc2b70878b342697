import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { EventLogError } from '../event-log/event-log-error.js';
import { DEFAULT_EVENT_TABLE_NAME, EVENT_TABLE_SCHEMA } from '../event-log/table-schema.js';
import { eventTableDefinition } from './event-table-definition.js';

/** Options of {@link ensureTable}. */
export interface EnsureTableOptions {
  /** Give up waiting for ACTIVE after this long. @default 60000 */
  readonly timeoutMs?: number;
}

function hasName(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (hasName(error, 'ResourceNotFoundException')) return undefined;
    throw error;
  }
}

function isReady(table: TableDescription): boolean {
  return (
    table.TableStatus === 'ACTIVE' &&
    (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE')
  );
}

/** An older layout would fail later with an opaque "index not found"; say it here instead. */
function checkLayout(table: TableDescription, tableName: string): void {
  const expected = [
    ...EVENT_TABLE_SCHEMA.localSecondaryIndexes.map((index) => index.indexName),
    ...EVENT_TABLE_SCHEMA.globalSecondaryIndexes.map((index) => index.indexName),
  ];
  const present = new Set([
    ...(table.LocalSecondaryIndexes ?? []).map((index) => index.IndexName),
    ...(table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName),
  ]);
  const missing = expected.filter((name) => !present.has(name));
  const keys = (table.KeySchema ?? []).map((key) => key.AttributeName).join(',');
  if (missing.length > 0 || keys !== `${EVENT_TABLE_SCHEMA.partitionKey.name},${EVENT_TABLE_SCHEMA.sortKey.name}`) {
    throw new EventLogError(
      `table '${tableName}' exists with another layout (keys ${keys}; missing indexes: ${missing.join(', ') || 'none'}): ` +
        'it was made by an older stepster; delete the local store directory (.stepster/dynamodb) or use another table name',
    );
  }
}

/**
 * Creates the event table from `EVENT_TABLE_SCHEMA` if it is missing and waits until it and
 * its indexes are ACTIVE; checks an existing table has the expected keys and indexes.
 * Safe to call concurrently and on every start.
 *
 * @example
 * const local = await startLocalDynamo();
 * await ensureTable(local.client); // 'stepster-events'
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string = DEFAULT_EVENT_TABLE_NAME,
  options: EnsureTableOptions = {},
): Promise<void> {
  let table = await describe(client, tableName);
  if (table === undefined) {
    try {
      await client.send(new CreateTableCommand(eventTableDefinition(tableName)));
    } catch (error) {
      // Another process created it between our describe and create.
      if (!hasName(error, 'ResourceInUseException')) throw error;
    }
    table = await describe(client, tableName);
  }
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let pause = 10;
  while (table === undefined || !isReady(table)) {
    if (Date.now() > deadline) {
      throw new EventLogError(
        `table '${tableName}' is not ACTIVE after ${options.timeoutMs ?? 60_000} ms (status ${table?.TableStatus ?? 'missing'}): check the DynamoDB endpoint`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 1000);
    table = await describe(client, tableName);
  }
  checkLayout(table, tableName);
}
