// `stepster run --select` and `stepster reexecute`, as a user types them, each in its own process
// on one local store; bodies are counted through a file the fixture's ops append to.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const cli = join(repo, 'bin', 'stepster.mjs');
const definitions = join(repo, 'test/integration/fixtures/reexecute-definitions.ts');

function workspace() {
  const cwd = mkdtempSync(join(tmpdir(), 'stepster-reexec-'));
  const env = { ...process.env, NO_COLOR: '1', BODY_LOG: join(cwd, 'bodies.log'), BROKEN_MARKER: join(cwd, 'broken') };
  const stepster = (...args: string[]) => {
    const result = spawnSync(process.execPath, [cli, '--definitions', definitions, ...args], {
      cwd,
      encoding: 'utf8',
      env,
      timeout: 90_000,
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
  const bodies = () => {
    try {
      return readFileSync(env.BODY_LOG, 'utf8').trim().split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  return { stepster, bodies, marker: env.BROKEN_MARKER };
}

describe('stepster reexecute and --select', () => {
  it('re-executes a failed run from failure, reusing extract, then refuses to do it again once it succeeded', () => {
    // Prepare
    const { stepster, bodies, marker } = workspace();
    writeFileSync(marker, 'broken');
    const failed = stepster('run', 'flaky_job');
    const failedRunId = /run id ([0-9a-f-]{36})/.exec(failed.out)?.[1] ?? 'missing';
    rmSync(marker);

    // Act
    const retried = stepster('reexecute', failedRunId);
    const retriedRunId = /run id ([0-9a-f-]{36})/.exec(retried.out)?.[1] ?? 'missing';
    const again = stepster('reexecute', retriedRunId, '--from-failure');
    const runs = stepster('runs', '--job', 'flaky_job');

    // Assess
    expect(failed.code).toBe(1);
    expect(retried.code).toBe(0);
    expect(retried.out).toMatch(/SUCCESS\s+transform/);
    expect(retried.out).toContain('reused (not run): extract');
    expect(bodies()).toEqual(['extract', 'transform', 'transform', 'load']);
    expect(runs.out).toContain(`stepster/parent_run_id=${failedRunId}`);
    expect(again.code).toBe(2);
    expect(again.err).toContain('succeeded, so there is no failure to re-execute from');
  }, 240_000);

  it('re-executes a fan-out from failure: only the failed item and the collect run, the other items show as reused', () => {
    // Prepare
    const { stepster, bodies, marker } = workspace();
    writeFileSync(marker, 'broken');
    const failed = stepster('run', 'fan_job');
    const failedRunId = /run id ([0-9a-f-]{36})/.exec(failed.out)?.[1] ?? 'missing';
    rmSync(marker);

    // Act
    const retried = stepster('reexecute', failedRunId);

    // Assess
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/FAILURE\s+process\[b\]/);
    expect(retried.code).toBe(0);
    expect(retried.out).toContain('Running fan_job (2 of 3 ops');
    expect(retried.out).toMatch(/SUCCESS\s+process\[b\]/);
    expect(retried.out).toContain('reused (not run): files, process[a], process[c]');
    expect(bodies().sort()).toEqual(['files', 'merge', 'process[a]', 'process[b]', 'process[b]', 'process[c]']);
  }, 240_000);

  it('runs only the --select steps, and names a query that matches no step', () => {
    // Prepare
    const { stepster, bodies } = workspace();

    // Act
    const selected = stepster('run', 'flaky_job', '--select', 'extract+');
    const unknown = stepster('run', 'flaky_job', '--select', 'extract,nope*');

    // Assess
    expect(selected.code).toBe(0);
    expect(selected.out).toContain('Running flaky_job (2 of 3 ops');
    expect(selected.out).not.toContain('load');
    expect(bodies()).toEqual(['extract', 'transform']);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('selection[1]');
    expect(unknown.out).toContain('job "flaky_job" has no step "nope"');
  }, 240_000);
});
