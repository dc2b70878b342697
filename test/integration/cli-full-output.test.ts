// The stepster CLI shows failures and metadata in full: real CLI processes (bin/stepster.mjs) on a
// fresh local store each (<cwd>/.stepster), with the definitions in fixtures/cli-definitions.ts.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const cli = join(repo, 'bin', 'stepster.mjs');
const fixtureDefinitions = join(repo, 'test/integration/fixtures/cli-definitions.ts');
const exampleDefinitions = join(repo, 'examples/definitions.ts');

interface CliEnd {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** One `stepster` process; async, so independent commands (in different directories) run side by side. */
function stepster(args: readonly string[], cwd: string, definitions = fixtureDefinitions): Promise<CliEnd> {
  const child = spawn(process.execPath, [cli, '--definitions', definitions, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 90_000,
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  return new Promise((done) => child.on('close', (code) => done({ code, out, err })));
}

const freshDir = () => mkdtempSync(join(tmpdir(), 'stepster-cli-full-'));
const runIdOf = (end: CliEnd) => /run id ([0-9a-f-]{36})/.exec(end.out)?.[1] ?? 'missing';
const FRAME_IN_FIXTURE = /^ +at .*cli-definitions\.ts:\d+:\d+/m;

describe('a failed step, as stepster run and stepster events --full print it', () => {
  let cwd: string;
  let run: CliEnd;

  beforeAll(async () => {
    cwd = freshDir();
    run = await stepster(['run', 'files_job'], cwd);
  }, 120_000);

  it('prints the retry cause, the error with its stack and causes, and the Failure metadata under the step', () => {
    // Assess
    expect(run.code).toBe(1);
    const summary = run.out.slice(run.out.indexOf('\nSteps\n'));
    expect(summary).toMatch(/FAILURE\s+load_files .*\(2 attempts\)/);
    expect(summary).toContain('attempt 1: Retry cause: Error: connection reset by the SFTP server');
    expect(summary).toContain('Caused by: Error: ECONNRESET');
    expect(summary).toContain('RetriesExhausted: Exceeded max_retries of 1');
    expect(summary).toContain('Caused by: Failure: No files to process in /landing');
    expect(summary).toMatch(FRAME_IN_FIXTURE);
    const metadata = summary.split('\n').map((line) => line.trim());
    expect(
      metadata.slice(metadata.indexOf('Failure metadata:') + 1, metadata.indexOf('Failure metadata:') + 3),
    ).toEqual(['directory: /landing', 'dashboard: https://example.com/landing']);
    // The console logger printed the same failure live, on stderr.
    expect(run.err).toContain(
      '- load_files - ERROR - Execution of step "load_files" failed: Exceeded max_retries of 1.',
    );
    expect(run.err).toContain('    Retry cause: Error: connection reset by the SFTP server');
  });

  it('prints the stored failure whole with --full, and one line per event without it', async () => {
    // Act
    const full = await stepster(['events', runIdOf(run), '--full', '--type', 'STEP_FAILURE'], cwd);
    const short = await stepster(['events', runIdOf(run), '--type', 'STEP_FAILURE,STEP_UP_FOR_RETRY'], cwd);

    // Assess
    expect(full.code).toBe(0);
    expect(full.out).toContain('\n    RetriesExhausted: Exceeded max_retries of 1\n    Caused by: Failure: No files');
    expect(full.out).toMatch(FRAME_IN_FIXTURE);
    expect(full.out).toContain('\n    Failure metadata:\n        directory: /landing\n');
    expect(short.code).toBe(0);
    expect(short.out.trim().split('\n')).toHaveLength(2);
    expect(short.out).not.toContain(' at ');
  });
});

describe('stepster events --full and stepster runs', () => {
  let cwd: string;
  let first: CliEnd;
  let second: CliEnd;
  let failed: CliEnd;

  beforeAll(async () => {
    cwd = freshDir();
    first = await stepster(['run', 'report_job', '--tag', 'team=sales', '--tag', 'env=dev'], cwd);
    second = await stepster(['run', 'report_job', '--tag', 'team=finance', '--tag', 'env=dev'], cwd);
    failed = await stepster(['run', 'files_job', '--tag', 'team=sales'], cwd);
  }, 180_000);

  it('prints markdown as its text, a table aligned under its header, and JSON pretty-printed', async () => {
    // Act
    const full = await stepster(['events', runIdOf(first), '--full', '--type', 'step_output'], cwd);

    // Assess
    expect(first.code).toBe(0);
    expect(full.code).toBe(0);
    const lines = full.out.split('\n');
    const at = (label: string) => lines.indexOf(label);
    expect(lines.slice(at('    summary (markdown):') + 1, at('    summary (markdown):') + 4)).toEqual([
      '        # Regional totals',
      '',
      '        Two regions, **EU** first.',
    ]);
    expect(lines.slice(at('    totals (table):') + 1, at('    totals (table):') + 6)).toEqual([
      '        region         orders  revenue',
      '        -------------  ------  -------',
      '        EU             12      1520.5',
      '        North America  3       80',
      '        (2 rows)',
    ]);
    expect(lines.slice(at('    settings (json):') + 1, at('    settings (json):') + 5)).toEqual([
      '        {',
      '          "currency": "EUR",',
      '          "rounding": 2',
      '        }',
    ]);
    expect(lines).toContain('    rowCount: 2');
  });

  it('lists runs with end time and duration, filtered by every --tag and by --status', async () => {
    // Act
    const all = await stepster(['runs'], cwd);
    const sales = await stepster(['runs', '--tag', 'team=sales'], cwd);
    const salesInDev = await stepster(['runs', '--tag', 'team=sales', '--tag', 'env=dev'], cwd);
    const failures = await stepster(['runs', '--status', 'failure'], cwd);
    const none = await stepster(['runs', '--tag', 'team=nobody'], cwd);

    // Assess
    const ids = (end: CliEnd) =>
      end.out
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((line) => line.slice(0, 36));
    expect(ids(all)).toEqual([runIdOf(failed), runIdOf(second), runIdOf(first)]);
    expect(all.out.split('\n')[0]).toMatch(/^RUN ID\s+STATUS\s+JOB\s+START\s+END\s+DURATION\s+TAGS$/);
    const firstRow = all.out.split('\n').find((line) => line.startsWith(runIdOf(first))) ?? '';
    expect(firstRow).toMatch(/SUCCESS\s+report_job\s+\S+Z\s+\S+Z\s+\d+(ms|\.\ds)\s+team=sales env=dev$/);
    expect(ids(sales)).toEqual([runIdOf(failed), runIdOf(first)]);
    expect(ids(salesInDev)).toEqual([runIdOf(first)]);
    expect(ids(failures)).toEqual([runIdOf(failed)]);
    expect(none.out).toBe('No runs match --tag team=nobody.\n');
  });
});

describe('bad flags and config files', () => {
  it('fails with exit 2 and a message naming the flag and the fix, before touching any store', async () => {
    // Act
    const [type, limit, zero, count, status] = await Promise.all([
      stepster(['events', 'some-run', '--type', 'BOGUS'], freshDir()),
      stepster(['runs', '--limit', 'abc'], freshDir()),
      stepster(['runs', '--limit', '0'], freshDir()),
      stepster(['schedules', '--count', 'x'], freshDir(), exampleDefinitions),
      stepster(['runs', '--status', 'BOGUS'], freshDir()),
    ]);

    // Assess
    expect([type, limit, zero, count, status].map((end) => end.code)).toEqual([2, 2, 2, 2, 2]);
    expect(type.err).toContain('--type BOGUS is not an event type. Use one of: RUN_START, RUN_SUCCESS,');
    expect(type.err).toContain('STEP_FAILURE');
    expect(limit.err).toBe('stepster: --limit abc: give a whole number of at least 1, e.g. --limit 20\n');
    expect(zero.err).toBe('stepster: --limit 0: give a whole number of at least 1, e.g. --limit 20\n');
    expect(count.err).toBe('stepster: --count x: give a whole number of at least 1, e.g. --count 3\n');
    expect(status.err).toBe(
      'stepster: --status BOGUS is not a run status. Use one of: QUEUED, STARTED, SUCCESS, FAILURE, CANCELED\n',
    );
  });

  it('runs with a YAML config, and names the file, line and column of a YAML syntax error', async () => {
    // Prepare
    const cwd = freshDir();
    const good = join(cwd, 'run.yaml');
    writeFileSync(good, 'ops:\n  fetch_sales:\n    config:\n      date: 2026-11-05   # a date stays text\n');
    const bad = join(cwd, 'bad.yml');
    writeFileSync(bad, 'ops:\n  fetch_sales:\n    config: { date: "2026-11-05"\n  transform: {}\n');
    const badJson = join(cwd, 'bad.json');
    writeFileSync(badJson, '{\n  "ops": {\n    "fetch_sales" }\n}\n');

    // Act
    const ran = await stepster(['run', 'sales_job', '--config', good], cwd, exampleDefinitions);
    const yamlError = await stepster(['run', 'sales_job', '--config', bad], cwd, exampleDefinitions);
    const jsonError = await stepster(['run', 'sales_job', '--config', badJson], cwd, exampleDefinitions);

    // Assess
    expect(ran.code, ran.err).toBe(0);
    expect(ran.out).toContain('raw_sales [2026-11-05]');
    expect(yamlError.code).toBe(2);
    expect(yamlError.err).toContain(`--config ${bad} is not valid YAML at line 4, column 3 (${bad}:4:3)`);
    expect(yamlError.err).toContain('\n    transform: {}\n    ^');
    expect(jsonError.code).toBe(2);
    expect(jsonError.err).toContain(`--config ${badJson} is not valid JSON at line 3, column 19`);
  });
});
