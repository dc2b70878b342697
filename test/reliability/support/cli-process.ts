import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const repo = resolve(import.meta.dirname, '../../..');
const cliEntry = join(repo, 'bin', 'stepster.mjs');
/** The job whose first op holds until the test releases it. */
export const gatedDefinitions = join(repo, 'test/reliability/fixtures/gated-definitions.ts');

/** A `stepster` CLI process running in the background, as a user's terminal runs it. */
export interface CliProcess {
  readonly child: ChildProcess;
  /** Resolves when the process has exited, with its exit code (null when a signal ended it) and output. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>;
}

/** Starts `stepster <args>` in `cwd` (its store is `<cwd>/.stepster/dynamodb`). */
export function startCli(args: readonly string[], cwd: string): CliProcess {
  const child = spawn(process.execPath, [cliEntry, '--definitions', gatedDefinitions, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((done) =>
    child.on('close', (code, signal) => done({ code, signal, out, err })),
  );
  return { child, exited };
}

/** Runs `stepster <args>` to its end. */
export async function cli(args: readonly string[], cwd: string) {
  return startCli(args, cwd).exited;
}

/**
 * Waits until `path` exists (the gated job's first op writes it once it runs); fails at once,
 * with the process's output, if `running` exits first.
 */
export async function waitForFile(path: string, running: CliProcess, timeoutMs = 45_000): Promise<void> {
  let ended: string | undefined;
  void running.exited.then((end) => {
    ended = `exit ${end.code ?? end.signal}\n${end.out}\n${end.err}`;
  });
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (ended !== undefined) throw new Error(`the CLI process exited before writing ${path}: ${ended}`);
    if (Date.now() > deadline) throw new Error(`${path} did not appear within ${timeoutMs} ms`);
    await sleep(25);
  }
}
