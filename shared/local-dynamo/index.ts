export { type EnsureTableOptions, ensureTable } from './ensure-table.js';
export { eventTableDefinition } from './event-table-definition.js';
export { LocalDynamoLockedError } from './local-dynamo-locked-error.js';
export {
  type LocalDynamo,
  type LocalDynamoFailover,
  type LocalDynamoOptions,
  startLocalDynamo,
} from './start-local-dynamo.js';
