import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, startCli, waitForFile } from './support/cli-process.js';

interface GatedRun {
  readonly config: string;
  readonly started: string;
  readonly release: string;
}

/** A config file for one gated_job run, and the files that show and end its hold. */
function gatedRun(cwd: string, name: string): GatedRun {
  const started = join(cwd, `${name}.started`);
  const release = join(cwd, `${name}.release`);
  const config = join(cwd, `${name}.json`);
  writeFileSync(
    config,
    JSON.stringify({ ops: { hold_until_released: { config: { startedFile: started, releaseFile: release } } } }),
  );
  return { config, started, release };
}

function runIdOf(output: string): string | undefined {
  return /run id ([0-9a-f-]{36})/.exec(output)?.[1];
}

// Real CLI processes on one `.stepster` directory: the first serves the store (dynalite), the
// second borrows its server. Faults: the first process exiting, or being SIGKILLed, mid-run.
describe('two CLI processes on one local store', () => {
  it('a borrower finishes its run after the process serving the store exits, and both runs are recorded', async () => {
    // Prepare
    const cwd = mkdtempSync(join(tmpdir(), 'stepster-two-cli-'));
    const first = gatedRun(cwd, 'first');
    const second = gatedRun(cwd, 'second');
    const server = startCli(['run', 'gated_job', '--config', first.config], cwd);
    await waitForFile(first.started, server);
    const borrower = startCli(['run', 'gated_job', '--config', second.config], cwd);
    await waitForFile(second.started, borrower);

    // Act
    writeFileSync(first.release, '');
    const serverEnd = await server.exited;
    writeFileSync(second.release, '');
    const borrowerEnd = await borrower.exited;
    const runs = await cli(['runs'], cwd);

    // Assess
    expect(serverEnd.code).toBe(0);
    expect(borrowerEnd.err).not.toContain('ECONNREFUSED');
    expect(borrowerEnd.err).toMatch(
      /server at http:\/\/127\.0\.0\.1:\d+ went away; this process \(pid \d+\) now serves it/,
    );
    expect(borrowerEnd.out).toMatch(/SUCCESS\s+after_release/);
    expect(borrowerEnd.code).toBe(0);
    expect(runs.out).toContain(`${runIdOf(serverEnd.out)}  SUCCESS`);
    expect(runs.out).toContain(`${runIdOf(borrowerEnd.out)}  SUCCESS`);
    expect(runs.out).not.toContain('STARTED');
  });

  it('SIGKILL of the serving process mid-run: the borrower finishes, and `stepster runs` records the killed run as failed, naming its process', async () => {
    // Prepare
    const cwd = mkdtempSync(join(tmpdir(), 'stepster-two-cli-'));
    const killed = gatedRun(cwd, 'killed');
    const second = gatedRun(cwd, 'second');
    const server = startCli(['run', 'gated_job', '--config', killed.config], cwd);
    await waitForFile(killed.started, server);
    const borrower = startCli(['run', 'gated_job', '--config', second.config], cwd);
    await waitForFile(second.started, borrower);

    // Act
    server.child.kill('SIGKILL');
    const serverEnd = await server.exited;
    writeFileSync(second.release, '');
    const borrowerEnd = await borrower.exited;
    const runs = await cli(['runs'], cwd);
    const killedRunId = /^([0-9a-f-]{36}) {2}FAILURE/m.exec(runs.out)?.[1];
    const failure = await cli(['events', killedRunId ?? 'missing', '--type', 'RUN_FAILURE'], cwd);
    const runsAgain = await cli(['runs'], cwd);

    // Assess
    expect(serverEnd.signal).toBe('SIGKILL');
    expect(borrowerEnd.code).toBe(0);
    expect(runs.out).toContain(`${runIdOf(borrowerEnd.out)}  SUCCESS`);
    expect(killedRunId).toBeDefined();
    expect(runs.out).not.toContain('STARTED');
    expect(runs.err).toContain(
      `run ${killedRunId} of gated_job was left STARTED: the process that ran it (pid ${server.child.pid} on host`,
    );
    expect(failure.out).toContain(`LocalProcessExited: the process that ran it (pid ${server.child.pid} on host`);
    expect(failure.out).toContain('exited without finishing it');
    expect(runsAgain.err).toBe('');
    expect(runsAgain.out).toContain(`${killedRunId}  FAILURE`);
  });
});
