import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const script = join(repo, 'test/reliability/fixtures/execute-in-process-script.ts');
/** What "exits by itself" means here: well under a second is typical; a hang is forever. */
const EXIT_WITHIN_MS = 5_000;

interface ScriptEnd {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
  /** From the script's last output to the process's exit. */
  readonly exitDelayMs: number;
}

/** Runs the script as `node --import tsx <script>`; kills it if it lingers past its output. */
function runScript(): Promise<ScriptEnd> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let printedAt = Number.POSITIVE_INFINITY;
  let lingering: NodeJS.Timeout | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    printedAt = Date.now();
    clearTimeout(lingering);
    lingering = setTimeout(() => child.kill('SIGKILL'), EXIT_WITHIN_MS * 2);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  return new Promise((done) =>
    child.on('close', (code) => {
      clearTimeout(lingering);
      done({ code, out, err, exitDelayMs: Date.now() - printedAt });
    }),
  );
}

// A real child process: the only way to see whether the event loop empties.
describe('executeInProcess in a script', () => {
  it('lets the process exit by itself when no instance was passed', async () => {
    // Act
    const end = await runScript();

    // Assess
    expect(end.out.trim(), end.err).toBe('{"success":true,"output":"hello"}');
    expect(end.code).toBe(0);
    expect(end.exitDelayMs).toBeLessThan(EXIT_WITHIN_MS);
  });
});
