import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import {
  acquireDirectoryLock,
  type DirectoryLock,
  type DirectoryLockHolder,
} from '../directory-lock/directory-lock.js';
import { type DynaliteServer, startDynaliteServer } from './dynalite-server.js';
import { LocalDynamoLockedError } from './local-dynamo-locked-error.js';

/** How this process reaches a store directory: it serves it, or it borrows another process's server. */
export type DirectoryAttachment =
  | { readonly kind: 'served'; readonly server: DynaliteServer; readonly lock: DirectoryLock }
  | { readonly kind: 'borrowed'; readonly endpoint: string; readonly holderPid: number };

/** Options of {@link attachToDirectory}. */
export interface AttachOptions {
  readonly port: number;
  readonly keepProcessAlive: boolean;
  /** False: a live holder is an error at once ({@link LocalDynamoLockedError}). */
  readonly borrow: boolean;
  /** How long to wait for a holder that neither answers nor releases the directory. */
  readonly timeoutMs: number;
}

const POLL_MS = 100;
/** Long enough for a busy local server to answer one ListTables, short enough to poll. */
const PROBE_TIMEOUT_MS = 2_000;

/** The same dummy credentials and region every local client uses. */
export function localClientConfig() {
  return { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}

async function answers(endpoint: string): Promise<boolean> {
  const probe = new DynamoDBClient({
    ...localClientConfig(),
    endpoint,
    maxAttempts: 1,
    requestHandler: { requestTimeout: PROBE_TIMEOUT_MS },
  });
  try {
    await probe.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    probe.destroy();
  }
}

function describeHolder(holder: DirectoryLockHolder): string {
  return `process ${holder.pid}${holder.endpoint ? ` (serving ${holder.endpoint})` : ''}`;
}

/**
 * Serves `dir` from this process if no live process holds it, else borrows the holder's server.
 * A holder that is starting (no endpoint yet) or closing (endpoint refused, lock not yet released)
 * is waited for, up to `timeoutMs`; once it releases the lock or dies, this process takes the
 * directory over. Used both to open a store and to fail over when the server in use goes away.
 *
 * @example
 * const attached = await attachToDirectory(dir, { port: 0, keepProcessAlive: true, borrow: true, timeoutMs: 30_000 });
 */
export async function attachToDirectory(dir: string, options: AttachOptions): Promise<DirectoryAttachment> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const locking = acquireDirectoryLock(dir);
    if (locking.acquired) {
      let server: DynaliteServer;
      try {
        server = await startDynaliteServer({ dir, port: options.port, keepProcessAlive: options.keepProcessAlive });
      } catch (error) {
        locking.lock.release();
        throw error;
      }
      locking.lock.publishEndpoint(server.endpoint);
      return { kind: 'served', server, lock: locking.lock };
    }
    const { holder } = locking;
    if (!options.borrow) {
      throw new LocalDynamoLockedError(
        `local store ${dir} is in use by ${describeHolder(holder)}: ` +
          "wait for it to finish, pass ifLocked: 'connect' to share its server, or use another dir",
        holder.pid,
        holder.endpoint,
      );
    }
    if (holder.endpoint !== undefined && (await answers(holder.endpoint))) {
      return { kind: 'borrowed', endpoint: holder.endpoint, holderPid: holder.pid };
    }
    if (Date.now() >= deadline) {
      throw new LocalDynamoLockedError(
        `local store ${dir} is held by ${describeHolder(holder)}, which neither answers nor releases it after ` +
          `${options.timeoutMs} ms: wait for that process to exit, or stop it (a lock left by a dead process is taken over)`,
        holder.pid,
        holder.endpoint,
      );
    }
    await sleep(POLL_MS);
  }
}
