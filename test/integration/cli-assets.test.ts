import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const cli = join(repo, 'bin', 'stepster.mjs');

// Real CLI processes, as cli.test.ts runs them: the event log lives under <cwd>/.stepster, and
// TMPDIR points into the same fresh directory so the examples' paths resource writes there.
function stepster(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, '--definitions', join(repo, 'examples/definitions.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TMPDIR: cwd },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

const freshDir = () => mkdtempSync(join(tmpdir(), 'stepster-cli-assets-'));
const rowOf = (out: string, key: string) => out.split('\n').find((line) => line.startsWith(`${key} `)) ?? '';

describe('stepster materialize and stepster assets', () => {
  it('materializes a selection with run config and tags, then lists each asset’s last materialization, staleness and checks', () => {
    // Prepare
    const cwd = freshDir();
    const config = join(cwd, 'config.json');
    writeFileSync(config, JSON.stringify({ ops: { raw_sales: { config: { date: '2026-11-05' } } } }));

    // Act
    const before = stepster(['assets'], cwd);
    const run = stepster(['materialize', 'raw_sales+', '--config', config, '--tag', 'requested_by=ada'], cwd);
    const runId = /run id ([0-9a-f-]{36})/.exec(run.out)?.[1] ?? 'missing';
    const after = stepster(['assets'], cwd);
    const runs = stepster(['runs'], cwd);
    const logs = stepster(['logs', runId], cwd);
    // Another day's export changes raw_sales' data version: sales_transform is now stale.
    writeFileSync(config, JSON.stringify({ ops: { raw_sales: { config: { date: '2026-11-06' } } } }));
    const upstream = stepster(['materialize', 'raw_sales', '--config', config], cwd);
    const stale = stepster(['assets'], cwd);

    // Assess
    expect(before.code).toBe(0);
    expect(rowOf(before.out, 'sales_transform')).toMatch(/^sales_transform\s+sales\s+typescript\s+never\s+-\s+-$/);
    expect(run.code).toBe(0);
    expect(run.out).toContain('▶ raw_sales');
    expect(run.out).toMatch(/SUCCESS\s+sales_transform/);
    expect(run.out).toMatch(/materialization\s+sales_transform\s+preview=\(markdown/);
    expect(run.out).not.toContain('validation_warnings_report');
    expect(run.out).toContain('RUN_SUCCESS');
    expect(after.out.split('\n')[0]).toMatch(/^ASSET\s+GROUP\s+KINDS\s+LAST MATERIALIZATION\s+STALE\s+CHECKS$/);
    for (const key of ['raw_sales', 'sales_transform']) {
      expect(rowOf(after.out, key)).toMatch(new RegExp(`\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z  run ${runId}\\s+-\\s`));
    }
    // The blocking schema check passed; the non-blocking quality check failed (seed 001, pattern 2).
    expect(rowOf(after.out, 'sales_transform')).toMatch(/failed: check_sales_data_quality$/);
    expect(rowOf(after.out, 'validation_warnings_report')).toMatch(/quality\s+validation,report\s+never\s+-\s+-$/);
    expect(upstream.code).toBe(0);
    expect(rowOf(stale.out, 'sales_transform')).toMatch(
      /upstream changed: raw_sales\s+failed: check_sales_data_quality$/,
    );
    expect(rowOf(stale.out, 'raw_sales')).toMatch(/\s+-\s+-$/);
    expect(runs.out).toContain(`${runId}  SUCCESS  __ASSET_JOB`);
    expect(runs.out).toContain('requested_by=ada');
    expect(logs.out).toContain('Loaded 26 rows of the 2026-11-05 export');
  });

  it('takes the union of keys and groups, and runs upstream first', () => {
    // Prepare
    const cwd = freshDir();

    // Act
    const run = stepster(['materialize', 'validation_warnings_report', 'group:sales'], cwd);

    // Assess
    expect(run.code).toBe(0);
    const started = [...run.out.matchAll(/▶ (\w+)/g)].map((m) => m[1]);
    // The selected assets, and the checks of sales_transform, which run in parallel behind it.
    expect(started.slice(0, 2)).toEqual(['raw_sales', 'sales_transform']);
    expect([...started].sort()).toEqual([
      'raw_sales',
      'sales_transform',
      'sales_transform__check_sales_data_quality',
      'sales_transform__check_sales_schema',
      'validation_warnings_report',
    ]);
    const warnings = JSON.parse(readFileSync(join(cwd, 'stepster', 'output', 'validation_warnings.json'), 'utf8'));
    expect(warnings.length).toBeGreaterThan(0);
  });

  it('shows when an observable source was last observed, not "never" materialized', () => {
    // Prepare
    const cwd = freshDir();
    const before = stepster(['assets'], cwd);

    // Act
    const observed = stepster(['run', 'observation_job'], cwd);
    const after = stepster(['assets'], cwd);

    // Assess
    expect(rowOf(before.out, 'price_list')).toMatch(/\bnever observed\b/);
    expect(observed.code).toBe(0);
    const runId = /run id ([0-9a-f-]{36})/.exec(observed.out)?.[1] ?? 'missing';
    expect(rowOf(after.out, 'price_list')).toMatch(new RegExp(`observed \\S+Z  run ${runId}`));
  }, 120_000);

  it('refuses a selection that matches nothing, listing the known keys, before opening the store', () => {
    // Prepare
    const cwd = freshDir();

    // Act
    const group = stepster(['materialize', 'group:nope'], cwd);
    const key = stepster(['materialize', 'raw_sale+'], cwd);
    const none = stepster(['materialize'], cwd);

    // Assess
    expect(group.code).toBe(2);
    expect(group.err).toContain(
      'the selection group:nope matches no asset. Known asset keys: raw_sales, sales_transform, validation_warnings_report, price_list, price_summary; groups: sales, quality, pricing.',
    );
    expect(key.code).toBe(2);
    expect(key.err).toContain('names "raw_sale", which is no asset. Known asset keys: raw_sales, sales_transform');
    expect(none.code).toBe(2);
    expect(none.err).toContain('"materialize" needs a selection');
    expect(existsSync(join(cwd, '.stepster'))).toBe(false);
  });
});
