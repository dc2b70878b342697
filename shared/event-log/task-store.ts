import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { clientConfigFromEnvironment } from '../environment/client-config.js';
import type { Environment } from '../environment/environment.js';
import { StepsterEnv } from '../environment/environment-variable.js';
import type { AssetRecordStore } from './asset-record-store.js';
import { DynamoAssetRecords } from './dynamo-asset-records.js';
import { DynamoGates } from './dynamo-gates.js';
import { DynamoRuns } from './dynamo-runs.js';
import { DynamoStepAttempts } from './dynamo-step-attempts.js';
import { EventLogError } from './event-log-error.js';
import { EventTableClient, type EventTableClientOptions } from './event-table-client.js';
import type { GateStore } from './gate-store.js';
import type { RunStore } from './run-store.js';
import type { StepAttemptStore } from './step-attempt-store.js';

/** The ports a job's Task handlers use: step attempts, gates, runs and asset records (no queries, no sensor markers). */
export type TaskStore = StepAttemptStore & GateStore & RunStore & AssetRecordStore;

/**
 * The event table named by the environment: `STEPSTER_TABLE_NAME` (required) and
 * `STEPSTER_DYNAMODB_ENDPOINT` (optional; with it and no AWS credentials, dummy local ones).
 *
 * @example
 * const table = new EventTableClient(eventTableFromEnvironment(process.env));
 */
export function eventTableFromEnvironment(env: Environment = process.env): EventTableClientOptions {
  const tableName = env[StepsterEnv.TABLE_NAME];
  if (tableName === undefined || tableName.length === 0) {
    throw new EventLogError(
      `${StepsterEnv.TABLE_NAME} is not set: the CDK app sets it on every stepster Lambda; ` +
        'locally, start the embedded store (startLocalDynamo) and construct EventLogStore with its client',
    );
  }
  return { client: new DynamoDBClient(clientConfigFromEnvironment(StepsterEnv.DYNAMODB_ENDPOINT, env)), tableName };
}

/**
 * Only the facets a job's functions use, over one table client: an op function's bundle then
 * carries neither the query API nor the sensors' claim markers (each bundle must stay small,
 * its cold start short). `EventLogStore` serves the same ports and everything else.
 *
 * @example
 * const store = taskStore(eventTableFromEnvironment()); // in a Lambda handler, once per container
 */
export function taskStore(options: EventTableClientOptions): TaskStore {
  const table = new EventTableClient(options);
  const steps = new DynamoStepAttempts(table);
  const gates = new DynamoGates(table);
  const runs = new DynamoRuns(table);
  const assets = new DynamoAssetRecords(table);
  return {
    readStepContext: (...args) => steps.readStepContext(...args),
    readOutputs: (...args) => steps.readOutputs(...args),
    commitStepAttempt: (...args) => steps.commitStepAttempt(...args),
    getStepStates: (...args) => steps.getStepStates(...args),
    claimAttempt: (...args) => steps.claimAttempt(...args),
    registerGate: (...args) => gates.registerGate(...args),
    readGates: (...args) => gates.readGates(...args),
    startRun: (...args) => runs.startRun(...args),
    finishRun: (...args) => runs.finishRun(...args),
    resumeRun: (...args) => runs.resumeRun(...args),
    getRun: (...args) => runs.getRun(...args),
    appendEvents: (...args) => runs.appendEvents(...args),
    latestAssetEvent: (...args) => assets.latestAssetEvent(...args),
  };
}
