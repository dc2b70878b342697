import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { attachToDirectory, type DirectoryAttachment, localClientConfig } from './attach-to-directory.js';
import { startDynaliteServer } from './dynalite-server.js';
import { withFailover } from './failover-middleware.js';

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
   * `'connect'` borrows that process's server (close() then leaves it running), and if that
   * server goes away mid-use, fails over: takes the directory and serves it from this process,
   * or borrows the server of whichever process took it first.
   * @default 'fail'
   */
  readonly ifLocked?: 'fail' | 'connect';
  /**
   * With `ifLocked: 'connect'`: how long to wait for a holder that is starting or closing (it
   * neither answers nor releases the directory) before failing with {@link LocalDynamoLockedError}.
   * @default 30000
   */
  readonly lockWaitMs?: number;
  /**
   * False: the server's sockets do not keep the process alive, so a script that never calls
   * close() still exits once its work is done (what the process-wide in-memory store of
   * `executeInProcess` needs). Requests in flight are still waited for.
   * @default true
   */
  readonly keepProcessAlive?: boolean;
  /** Called after a borrower failed over to another server (see `ifLocked`). @default none */
  readonly onFailover?: (failover: LocalDynamoFailover) => void;
}

/** What a borrower did when the server it used went away. */
export interface LocalDynamoFailover {
  /** The endpoint that stopped answering. */
  readonly from: string;
  /** The endpoint now in use. */
  readonly to: string;
  /** True when this process now serves the directory itself. */
  readonly served: boolean;
}

/** A running (or, with `shared: true`, borrowed) local DynamoDB-compatible server. */
export interface LocalDynamo {
  /**
   * `http://127.0.0.1:<port>`, the endpoint in use now (a borrower's changes when it fails over);
   * set it as `StepsterEnv.DYNAMODB_ENDPOINT` (`STEPSTER_DYNAMODB_ENDPOINT`) for child processes.
   */
  readonly endpoint: string;
  /** A client for the endpoint in use (dummy credentials, region us-east-1); it follows fail-overs. */
  readonly client: DynamoDBClient;
  /** The LevelDB directory, or undefined in memory. */
  readonly dir: string | undefined;
  /** True while connected to another process's server (ifLocked: 'connect'). */
  readonly shared: boolean;
  /** Destroys the client; stops the server and flushes LevelDB if this process serves it. */
  close(): Promise<void>;
}

const DEFAULT_LOCK_WAIT_MS = 30_000;

function endpointOf(attachment: DirectoryAttachment): string {
  return attachment.kind === 'served' ? attachment.server.endpoint : attachment.endpoint;
}

/**
 * Starts dynalite in this process on 127.0.0.1, persisting under `dir` (LevelDB), and
 * returns its endpoint and a client. Only one process may serve a directory: a second one
 * fails with {@link LocalDynamoLockedError} naming the holder, or with `ifLocked: 'connect'`
 * borrows the holder's server, failing over when it goes away. Tables are ACTIVE at once.
 *
 * @example
 * const local = await startLocalDynamo(); // .stepster/dynamodb under the working directory
 * await ensureTable(local.client);
 * const store = new EventLogStore({ client: local.client, tableName: DEFAULT_EVENT_TABLE_NAME });
 * // …
 * await local.close();
 */
export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  const port = options.port ?? 0;
  const keepProcessAlive = options.keepProcessAlive ?? true;
  if (options.inMemory) {
    const server = await startDynaliteServer({ port, keepProcessAlive });
    const client = new DynamoDBClient({ ...localClientConfig(), endpoint: server.endpoint });
    return {
      endpoint: server.endpoint,
      client,
      dir: undefined,
      shared: false,
      async close() {
        client.destroy();
        await server.close();
      },
    };
  }

  const dir = resolve(options.dir ?? join(process.cwd(), '.stepster', 'dynamodb'));
  const attach = () =>
    attachToDirectory(dir, {
      port,
      keepProcessAlive,
      borrow: options.ifLocked === 'connect',
      timeoutMs: options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
    });
  let attachment = await attach();
  let closing: Promise<void> | undefined;
  // The client asks for the endpoint on every send, so a fail-over redirects the store's requests.
  const client = new DynamoDBClient({
    ...localClientConfig(),
    endpoint: async () => ({ url: new URL(endpointOf(attachment)) }),
  });

  // Why fail over rather than have the serving process wait for its borrowers: a process that is
  // killed (SIGKILL, a crash, a closed terminal) cannot wait, so a borrower must survive its
  // server's end anyway; and a finished `stepster run` must not hang for a borrower's long run.
  // LevelDB lets one process open the directory, so the borrower takes the directory lock first
  // (released by the old server after it closed LevelDB, or stale once its process died).
  let reattaching: Promise<void> | undefined;
  withFailover(client, {
    current: () => endpointOf(attachment),
    reattach(failed) {
      if (closing !== undefined) return Promise.resolve(false);
      // Another request of this client already moved on: just send again.
      if (endpointOf(attachment) !== failed) return Promise.resolve(true);
      // Our own server refusing is no server change: fail with the error.
      if (attachment.kind === 'served') return Promise.resolve(false);
      reattaching ??= attach()
        .then((next) => {
          attachment = next;
          options.onFailover?.({ from: failed, to: endpointOf(next), served: next.kind === 'served' });
        })
        .finally(() => {
          reattaching = undefined;
        });
      return reattaching.then(() => true);
    },
  });

  return {
    get endpoint() {
      return endpointOf(attachment);
    },
    client,
    dir,
    get shared() {
      return attachment.kind === 'borrowed';
    },
    close() {
      closing ??= (async () => {
        await reattaching?.catch(() => undefined);
        client.destroy();
        if (attachment.kind === 'served') {
          const { server, lock } = attachment;
          try {
            await server.close();
          } finally {
            // Only once LevelDB is closed may another process open the directory.
            lock.release();
          }
        }
      })();
      return closing;
    },
  };
}
