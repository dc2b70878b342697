// `stepster run --partition` and `stepster backfill` in a real CLI process against the fixture
// definitions; each test gets a fresh directory (the local store lives under <cwd>/.stepster).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const cli = join(repo, 'bin', 'stepster.mjs');
const definitions = join(import.meta.dirname, 'fixtures/partitioned-definitions.ts');

function stepster(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, '--definitions', definitions, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('stepster run --partition', () => {
  it('runs the partition, and refuses a bad key before any op runs', () => {
    // Prepare
    const cwd = mkdtempSync(join(tmpdir(), 'stepster-partitions-'));

    // Act
    const good = stepster(['run', 'daily_load', '--partition', '2026-11-03'], cwd);
    const bad = stepster(['run', 'daily_load', '--partition', '2026-11-3'], cwd);
    const events = stepster(['events', /run id ([0-9a-f-]{36})/.exec(bad.out)?.[1] ?? 'missing'], cwd);
    const asset = stepster(['materialize', 'region_sales', '--partition', 'us'], cwd);

    // Assess
    expect(good.code).toBe(0);
    expect(good.out).toContain('daily_load [2026-11-03]');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('partitionKey: "2026-11-3" is not a partition of job "daily_load"');
    expect(events.out).not.toContain('STEP_START');
    expect(asset.code).toBe(0);
    expect(asset.out).toContain('region_sales [us]');
  });
});

describe('stepster backfill', () => {
  it('runs each partition, reports each run and a summary, and exits 1 when one failed', () => {
    // Prepare
    const cwd = mkdtempSync(join(tmpdir(), 'stepster-backfill-'));

    // Act
    const ok = stepster(
      ['backfill', 'daily_load', '--from', '2026-11-01', '--to', '2026-11-03', '--max-concurrent', '2'],
      cwd,
    );
    const partial = stepster(
      ['backfill', 'daily_load', '--partitions', '2026-11-04,2026-11-05', '--tag', 'fail_on=2026-11-05'],
      cwd,
    );
    const runs = stepster(['runs', '--job', 'daily_load'], cwd);

    // Assess
    expect(ok.code).toBe(0);
    expect(ok.out.match(/SUCCESS {2}2026-11-0[123]/g)).toHaveLength(3);
    expect(ok.out).toMatch(/BACKFILL SUCCESS {2}backfill \w+ {2}3\/3 partitions succeeded/);
    expect(partial.code).toBe(1);
    expect(partial.out).toContain('FAILURE  2026-11-05');
    expect(partial.out).toContain('no data for 2026-11-05');
    expect(partial.out).toContain('1/2 partitions succeeded');
    expect(runs.out.match(/stepster\/backfill=/g)).toHaveLength(5);
  });

  it('refuses an unknown key naming the flag, before any run', () => {
    // Prepare
    const cwd = mkdtempSync(join(tmpdir(), 'stepster-backfill-'));

    // Act
    const bad = stepster(['backfill', 'daily_load', '--from', '2026-11-01', '--to', '2026-02-30'], cwd);

    // Assess
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('to "2026-02-30": malformed or not a real date');
  });
});
