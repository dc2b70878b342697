import { join } from 'node:path';
import { EventLogStore } from '../event-log/index.js';
import { ensureTable, startLocalDynamo } from '../local-dynamo/index.js';

/** The local event log: an embedded DynamoDB-compatible server (dynalite) and the store over it. */
export interface LocalInstance {
  readonly store: EventLogStore;
  readonly endpoint: string;
  close(): Promise<void>;
}

export const LOCAL_TABLE_NAME = 'stepster-events';

/**
 * Opens the local instance. With `dir` (default `.stepster/dynamodb` under the working
 * directory) runs persist, so `stepster runs` sees them after the process exits.
 */
export async function openLocalInstance(options: { dir?: string; inMemory?: boolean } = {}): Promise<LocalInstance> {
  const dynamo = await startLocalDynamo(
    options.inMemory
      ? { inMemory: true }
      : // A second CLI process (e.g. `stepster runs` during a run) shares the first one's server.
        { dir: options.dir ?? join(process.cwd(), '.stepster', 'dynamodb'), ifLocked: 'connect' },
  );
  await ensureTable(dynamo.client, LOCAL_TABLE_NAME);
  return {
    store: new EventLogStore({ client: dynamo.client, tableName: LOCAL_TABLE_NAME }),
    endpoint: dynamo.endpoint,
    close: () => dynamo.close(),
  };
}

let shared: Promise<LocalInstance> | undefined;

/** One in-memory instance per process, for executeInProcess and tests. */
export function sharedInMemoryInstance(): Promise<LocalInstance> {
  shared ??= openLocalInstance({ inMemory: true });
  return shared;
}
