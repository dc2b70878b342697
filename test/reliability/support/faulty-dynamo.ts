import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DEFAULT_EVENT_TABLE_NAME } from '../../../shared/event-log/table-schema.js';
import { EventLogStore } from '../../../shared/event-log/event-log-store.js';
import { ensureTable } from '../../../shared/local-dynamo/ensure-table.js';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/local-dynamo/start-local-dynamo.js';

/** One DynamoDB request as the fault hook sees it. */
export interface DynamoCall {
  readonly command: string;
  readonly input: Record<string, unknown>;
}

/**
 * What the hook decides for a call: pass it through; fail it before it reaches the table;
 * or send it and then fail (the write is applied, its response lost: an ambiguous write).
 */
export type Fault = 'pass' | 'fail-before' | 'fail-after';

export interface FaultyStore {
  /** The store whose requests go through the hook. */
  readonly store: EventLogStore;
  /** A store on the same table without faults, to look at what was written. */
  readonly clean: EventLogStore;
  close(): Promise<void>;
}

/**
 * An event log over a real dynalite server whose client injects faults at the SDK boundary,
 * outside the SDK's own retries (the hook runs in the `initialize` step), so a fault reaches
 * stepster's code exactly as a lost response or an exhausted retry would.
 */
export async function openFaultyStore(hook: (call: DynamoCall) => Fault): Promise<FaultyStore> {
  const local: LocalDynamo = await startLocalDynamo({ inMemory: true });
  await ensureTable(local.client, DEFAULT_EVENT_TABLE_NAME);
  const client = new DynamoDBClient({
    endpoint: local.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const fault = hook({ command: String(context.commandName), input: args.input as Record<string, unknown> });
      if (fault === 'fail-before') throw lostResponse(String(context.commandName));
      const result = await next(args);
      if (fault === 'fail-after') throw lostResponse(String(context.commandName));
      return result;
    },
    { step: 'initialize', name: 'injectFaults' },
  );
  return {
    store: new EventLogStore({ client, tableName: DEFAULT_EVENT_TABLE_NAME }),
    clean: new EventLogStore({ client: local.client, tableName: DEFAULT_EVENT_TABLE_NAME }),
    close: async () => {
      client.destroy();
      await local.close();
    },
  };
}

function lostResponse(command: string): Error {
  const error = new Error(`socket hang up: the ${command} response timed out`);
  error.name = 'TimeoutError';
  return error;
}

/** Whether a BatchWriteItem carries the step item of `node` with `status`. */
export function writesStepState(call: DynamoCall, node: string, status: string): boolean {
  if (call.command !== 'BatchWriteItemCommand') return false;
  return JSON.stringify(call.input).includes(`"S#${node}"`) && JSON.stringify(call.input).includes(`"${status}"`);
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, the call succeeded');
    },
    (error: unknown) => error as Error,
  );
}
