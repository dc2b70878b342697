import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { acquireDirectoryLock, type DirectoryLockHolder } from '../directory-lock/index.js';
import { LocalDynamoLockedError } from './local-dynamo-locked-error.js';

/** Options of {@link startLocalDynamo}. */
export interface LocalDynamoOptions {
  /** LevelDB directory the data persists in. @default '<cwd>/.stepster/dynamodb' */
  readonly dir?: string;
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Keep data in memory only (tests); `dir` is ignored. @default false */
  readonly inMemory?: boolean;
  /**
   * When another live process serves `dir`: `'fail'` throws {@link LocalDynamoLockedError};
   * `'connect'` returns a client to that process's server (close() then leaves it running).
   * @default 'fail'
   */
  readonly ifLocked?: 'fail' | 'connect';
}

/** A running (or, with `shared: true`, borrowed) local DynamoDB-compatible server. */
export interface LocalDynamo {
  /** `http://127.0.0.1:<port>`; set it as `STEPSTER_DYNAMODB_ENDPOINT` for child processes. */
  readonly endpoint: string;
  /** A client for the endpoint (dummy credentials, region us-east-1). */
  readonly client: DynamoDBClient;
  /** The LevelDB directory, or undefined in memory. */
  readonly dir: string | undefined;
  /** True when connected to another process's server (ifLocked: 'connect'). */
  readonly shared: boolean;
  /** Destroys the client; stops the server and flushes LevelDB unless shared. */
  close(): Promise<void>;
}

const REGION = 'us-east-1';

function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

async function connectToHolder(dir: string, holder: DirectoryLockHolder): Promise<LocalDynamo> {
  let endpoint = holder.endpoint;
  // The holder writes its endpoint once it listens; give a just-started holder a moment.
  for (let wait = 0; endpoint === undefined && wait < 20; wait++) {
    await new Promise((done) => setTimeout(done, 100));
    const retry = acquireDirectoryLock(dir);
    if (retry.acquired) {
      retry.lock.release();
      break;
    }
    endpoint = retry.holder.endpoint;
  }
  if (endpoint === undefined) {
    throw new LocalDynamoLockedError(
      `local store ${dir} is held by process ${holder.pid}, which publishes no endpoint: wait for it to finish`,
      holder.pid,
      undefined,
    );
  }
  const client = localClient(endpoint);
  try {
    await client.send(new ListTablesCommand({}));
  } catch (error) {
    client.destroy();
    throw new LocalDynamoLockedError(
      `local store ${dir} is held by process ${holder.pid}, whose endpoint ${endpoint} does not answer: wait for it to exit or stop it`,
      holder.pid,
      endpoint,
      { cause: error },
    );
  }
  return { endpoint, client, dir, shared: true, close: async () => client.destroy() };
}

/**
 * Starts dynalite in this process on 127.0.0.1, persisting under `dir` (LevelDB), and
 * returns its endpoint and a client. Only one process may serve a directory: a second one
 * fails with {@link LocalDynamoLockedError} naming the holder, or with `ifLocked: 'connect'`
 * shares the holder's server. Tables are ACTIVE at once (createTableMs 0).
 *
 * @example
 * const local = await startLocalDynamo(); // .stepster/dynamodb under the working directory
 * await ensureTable(local.client);
 * const store = new EventLogStore({ client: local.client, tableName: DEFAULT_EVENT_TABLE_NAME });
 * // …
 * await local.close();
 */
export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  // Loaded lazily: a Lambda bundle that reaches this module through `stepster` never
  // evaluates dynalite and its native LevelDB binding.
  const { default: dynalite } = await import('dynalite');
  const dir = options.inMemory ? undefined : resolve(options.dir ?? join(process.cwd(), '.stepster', 'dynamodb'));
  const locking = dir === undefined ? undefined : acquireDirectoryLock(dir);
  if (dir !== undefined && locking !== undefined && !locking.acquired) {
    if (options.ifLocked === 'connect') return connectToHolder(dir, locking.holder);
    throw new LocalDynamoLockedError(
      `local store ${dir} is in use by process ${locking.holder.pid}` +
        `${locking.holder.endpoint ? ` (serving ${locking.holder.endpoint})` : ''}: ` +
        "wait for it to finish, pass ifLocked: 'connect' to share its server, or use another dir",
      locking.holder.pid,
      locking.holder.endpoint,
    );
  }
  const lock = locking?.acquired ? locking.lock : undefined;
  const server = dynalite({
    ...(dir !== undefined ? { path: dir } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  try {
    await new Promise<void>((listening, failed) => {
      server.once('error', failed);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', failed);
        listening();
      });
    });
  } catch (error) {
    lock?.release();
    throw new Error(
      `local DynamoDB could not listen on 127.0.0.1:${options.port ?? 0} (${error instanceof Error ? error.message : String(error)}): pass port 0 for a free port`,
      { cause: error },
    );
  }
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  lock?.publishEndpoint(endpoint);
  const client = localClient(endpoint);
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    client,
    dir,
    shared: false,
    close() {
      closing ??= new Promise<void>((closed, failed) => {
        client.destroy();
        server.close((error) => {
          lock?.release();
          if (error) failed(error);
          else closed();
        });
      });
      return closing;
    },
  };
}
