import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { EVENT_TABLE_SCHEMA } from '../event-log/table-schema.js';

/**
 * The CreateTable request for the event table, built from `EVENT_TABLE_SCHEMA`
 * (the CDK construct builds the deployed table from the same constant).
 *
 * @example
 * await client.send(new CreateTableCommand(eventTableDefinition('stepster-events')));
 */
export function eventTableDefinition(tableName: string): CreateTableCommandInput {
  const schema = EVENT_TABLE_SCHEMA;
  return {
    TableName: tableName,
    BillingMode: schema.billingMode,
    AttributeDefinitions: schema.attributes.map((attribute) => ({
      AttributeName: attribute.name,
      AttributeType: attribute.type,
    })),
    KeySchema: [
      { AttributeName: schema.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: schema.sortKey.name, KeyType: 'RANGE' },
    ],
    LocalSecondaryIndexes: schema.localSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: schema.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: index.projectionType },
    })),
    GlobalSecondaryIndexes: schema.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: index.projectionType },
    })),
  };
}
