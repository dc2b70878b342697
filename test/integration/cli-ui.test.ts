// `stepster ui` as a user starts it: the real CLI process over the examples, on a free port.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const cli = join(repo, 'bin', 'stepster.mjs');
const definitions = join(repo, 'examples/definitions.ts');
const env = { ...process.env, NO_COLOR: '1' };
const started: ChildProcess[] = [];

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts `stepster ui` in `cwd` and resolves with the process and the URL it printed. */
function startUi(cwd: string): Promise<{ child: ChildProcess; url: string; out: () => string; err: () => string }> {
  const child = spawn(process.execPath, [cli, 'ui', '--port', '0', '--definitions', definitions], { cwd, env });
  started.push(child);
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += String(chunk);
  });
  return new Promise((resolvePrinted, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += String(chunk);
      const url = /stepster ui: (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolvePrinted({ child, url, out: () => out, err: () => err });
    });
    child.on('exit', (code) => reject(new Error(`stepster ui exited (${code}) before printing its URL: ${err}`)));
  });
}

describe('stepster ui (CLI)', () => {
  it('prints its 127.0.0.1 URL, serves the examples, refuses a port in use naming --port, and stops on Ctrl-C', async () => {
    // Prepare
    const cwd = mkdtempSync(join(tmpdir(), 'stepster-ui-'));
    const ui = await startUi(cwd);
    const port = new URL(ui.url).port;

    // Act
    const jobs = (await (await fetch(`${ui.url}/api/jobs`)).json()) as { jobs: { name: string }[] };
    const second = spawnSync(process.execPath, [cli, 'ui', '--port', port, '--definitions', definitions], {
      cwd,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const exited = new Promise<number | null>((resolveExit) => ui.child.on('exit', (code) => resolveExit(code)));
    ui.child.kill('SIGINT');
    const code = await exited;

    // Assess
    expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(jobs.jobs.map((job) => job.name)).toContain('sales_job');
    expect(second.status).toBe(2);
    expect(second.stderr).toContain(`--port ${port}: port ${port} is in use on 127.0.0.1`);
    expect(second.stderr).toContain('--port 0');
    expect(code).toBe(0);
  });

  it('refuses a --port that is not a port number', () => {
    // Act
    const result = spawnSync(process.execPath, [cli, 'ui', '--port', 'http', '--definitions', definitions], {
      cwd: mkdtempSync(join(tmpdir(), 'stepster-ui-')),
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port http: use a port number from 1 to 65535, or --port 0 for any free port');
  });
});
