import { closeSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { DirectoryLockTimeoutError } from './directory-lock-timeout-error.js';

/** What the lock file beside a directory records about its holder. */
export interface DirectoryLockHolder {
  readonly pid: number;
  /** What the holder serves from the directory (the local store's endpoint), once published. */
  readonly endpoint?: string;
  readonly since: string;
}

/** A held lock: publish the endpoint once listening, release on close. */
export interface DirectoryLock {
  readonly path: string;
  publishEndpoint(endpoint: string): void;
  release(): void;
}

/** Outcome of {@link acquireDirectoryLock}: the lock, or who holds it. */
export type DirectoryLockResult =
  | { readonly acquired: true; readonly lock: DirectoryLock }
  | { readonly acquired: false; readonly holder: DirectoryLockHolder };

/** Options of {@link withDirectoryLock}. */
export interface WithDirectoryLockOptions {
  /**
   * How long to wait between tries while a live process holds the lock, in milliseconds.
   * @default 200
   */
  readonly pollMs?: number;
  /**
   * How long to wait for a live holder before giving up with {@link DirectoryLockTimeoutError}, in milliseconds.
   * @default 600_000 (10 minutes)
   */
  readonly timeoutMs?: number;
}

/** Directories this process holds; a pid check cannot tell two opens in one process apart. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

function readHolder(path: string): DirectoryLockHolder | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { pid?: unknown }).pid === 'number') {
      return parsed as DirectoryLockHolder;
    }
  } catch {
    // Unreadable or half-written: treated as stale below.
  }
  return undefined;
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

/**
 * Takes `<dir>.lock` (created exclusively) for `dir`: the local store takes it before dynalite
 * opens LevelDB in `dir` (dynalite crashes the process with an unhandled stream error when
 * LevelDB's own lock is taken), the bundler before it writes bundles into `dir`. A lock left
 * by a dead process is taken over; a live holder is returned, not waited for.
 *
 * @example
 * const locking = acquireDirectoryLock('.stepster/dynamodb');
 * if (locking.acquired) locking.lock.release();
 */
export function acquireDirectoryLock(dir: string): DirectoryLockResult {
  const path = `${dir}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  for (let round = 0; round < 3; round++) {
    const since = new Date().toISOString();
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, since } satisfies DirectoryLockHolder));
      closeSync(fd);
      heldHere.add(dir);
      return {
        acquired: true,
        lock: {
          path,
          publishEndpoint(endpoint) {
            writeFileSync(path, JSON.stringify({ pid: process.pid, endpoint, since } satisfies DirectoryLockHolder));
          },
          release() {
            heldHere.delete(dir);
            if (readHolder(path)?.pid !== process.pid) return;
            try {
              unlinkSync(path);
            } catch (error) {
              if (!isCode(error, 'ENOENT')) throw error;
            }
          },
        },
      };
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
    }
    const holder = readHolder(path);
    const live = holder !== undefined && (holder.pid === process.pid ? heldHere.has(dir) : isAlive(holder.pid));
    if (live) return { acquired: false, holder };
    removeStaleLock(path);
  }
  const holder = readHolder(path);
  return { acquired: false, holder: holder ?? { pid: -1, since: new Date().toISOString() } };
}

// A directory at the lock's path is the lock of an older stepster bundler (made with mkdir):
// as stale as an unreadable file, so it goes too.
function removeStaleLock(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return;
    if (isCode(error, 'EISDIR') || isCode(error, 'EPERM')) rmSync(path, { recursive: true, force: true });
    else throw error;
  }
}

/**
 * Runs `work` while holding `dir`'s lock ({@link acquireDirectoryLock}), waiting while another
 * live holder (another process, or another call in this one) has it, and releases it after.
 *
 * @throws DirectoryLockTimeoutError when a live holder keeps the lock past `timeoutMs`
 * @example
 * await withDirectoryLock('.stepster/bundles/definitions-1a2b3c4d', () => writeBundles());
 */
export async function withDirectoryLock<T>(
  dir: string,
  work: () => Promise<T>,
  options: WithDirectoryLockOptions = {},
): Promise<T> {
  const pollMs = options.pollMs ?? 200;
  const timeoutMs = options.timeoutMs ?? 600_000;
  const started = Date.now();
  for (;;) {
    const locking = acquireDirectoryLock(dir);
    if (locking.acquired) {
      try {
        return await work();
      } finally {
        locking.lock.release();
      }
    }
    if (Date.now() - started >= timeoutMs) {
      throw new DirectoryLockTimeoutError(
        `${dir}.lock has been held by process ${locking.holder.pid} (since ${locking.holder.since}) for over ${Math.round(timeoutMs / 1000)} s: wait for that process to finish or stop it; if it is not stepster (a reused process id), delete ${dir}.lock.`,
        locking.holder.pid,
      );
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, pollMs));
  }
}
