// The one directory lock behind the bundle cache and the local store: callers wait for a
// live holder, take over a dead one's lock, and give up on a holder that never lets go.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDirectoryLock, withDirectoryLock } from '../../shared/directory-lock/directory-lock.js';
import { DirectoryLockTimeoutError } from '../../shared/directory-lock/directory-lock-timeout-error.js';

const freshDir = (): string => join(mkdtempSync(join(tmpdir(), 'stepster-lock-')), 'out');
const pause = (ms: number) => new Promise((resolveWait) => setTimeout(resolveWait, ms));

describe('withDirectoryLock', () => {
  it('runs two holders of one directory one after the other, and releases the lock after', async () => {
    // Prepare
    const dir = freshDir();
    const steps: string[] = [];
    const work = (name: string) => async () => {
      steps.push(`${name} in`);
      await pause(50);
      steps.push(`${name} out`);
      return name;
    };

    // Act
    const results = await Promise.all([
      withDirectoryLock(dir, work('a'), { pollMs: 10 }),
      withDirectoryLock(dir, work('b'), { pollMs: 10 }),
    ]);

    // Assess
    expect(results).toEqual(['a', 'b']);
    expect(steps).toEqual(['a in', 'a out', 'b in', 'b out']);
    expect(acquireDirectoryLock(dir).acquired).toBe(true);
  });

  it('takes over the lock of a process that no longer runs', async () => {
    // Prepare: a pid above Linux's pid_max, so no process has it.
    const dir = freshDir();
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: 2 ** 22 + 1, since: '2026-01-01T00:00:00.000Z' }));

    // Act
    const result = await withDirectoryLock(dir, async () => 'built', { timeoutMs: 1_000 });

    // Assess
    expect(result).toBe('built');
  });

  it('takes over the lock directory an older bundler left behind', async () => {
    // Prepare
    const dir = freshDir();
    mkdirSync(`${dir}.lock`);

    // Act
    const result = await withDirectoryLock(dir, async () => 'built', { timeoutMs: 1_000 });

    // Assess
    expect(result).toBe('built');
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it('fails when a live process keeps the lock past the timeout, naming the lock file and the holder', async () => {
    // Prepare: the lock held by a live process (this one's parent).
    const dir = freshDir();
    const since = '2026-01-01T00:00:00.000Z';
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: process.ppid, since }));

    // Act
    const result = withDirectoryLock(dir, async () => 'never', { pollMs: 10, timeoutMs: 50 });

    // Assess
    await expect(result).rejects.toThrow(DirectoryLockTimeoutError);
    await expect(result).rejects.toThrow(`${dir}.lock has been held by process ${process.ppid} (since ${since})`);
  });
});
