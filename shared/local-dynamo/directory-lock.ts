import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** What the lock file beside a store directory records about its holder. */
export interface DirectoryLockHolder {
  readonly pid: number;
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
 * Takes `<dir>.lock` (created exclusively) before dynalite opens LevelDB in `dir`, because
 * dynalite crashes the process with an unhandled stream error when LevelDB's own lock is taken.
 * A lock left by a dead process is taken over.
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
    try {
      unlinkSync(path);
    } catch (error) {
      if (!isCode(error, 'ENOENT')) throw error;
    }
  }
  const holder = readHolder(path);
  return { acquired: false, holder: holder ?? { pid: -1, since: new Date().toISOString() } };
}
