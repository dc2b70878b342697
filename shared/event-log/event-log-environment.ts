/**
 * Environment variables the event log reads in Lambda and local child processes.
 * The CDK construct sets `TABLE_NAME` on every stepster Lambda.
 */
export const EventLogEnvironment = {
  /** Name of the event table. Required by `EventLogStore.fromEnvironment()`. */
  TABLE_NAME: 'STEPSTER_TABLE_NAME',
  /** DynamoDB endpoint override (the embedded local store); unset in AWS. */
  DYNAMODB_ENDPOINT: 'STEPSTER_DYNAMODB_ENDPOINT',
} as const;
