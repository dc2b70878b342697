import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const cli = join(repo, 'bin', 'stepster.mjs');

// The CLI keeps its event log under <cwd>/.stepster; each test gets a fresh directory.
function stepster(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, '--definitions', join(repo, 'examples/definitions.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('stepster CLI', () => {
  it('runs a job, then lists the run and prints its events after the process exits', () => {
    // Prepare
    const cwd = mkdtempSync(join(tmpdir(), 'stepster-cli-'));
    const config = join(cwd, 'config.json');
    writeFileSync(config, JSON.stringify({ ops: { fetch_sales: { config: { date: '2026-11-05' } } } }));

    // Act
    const run = stepster(['run', 'sales_job', '--config', config, '--tag', 'requested_by=ada'], cwd);
    const runId = /run id ([0-9a-f-]{36})/.exec(run.out)?.[1];
    const runs = stepster(['runs', '--job', 'sales_job'], cwd);
    const events = stepster(['events', runId ?? 'missing', '--type', 'ASSET_OBSERVATION'], cwd);

    // Assess
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/SUCCESS\s+fetch_sales/);
    expect(run.out).toContain('raw_sales [2026-11-05]');
    expect(run.out).toContain('RUN_SUCCESS');
    expect(runs.out).toContain(`${runId}  SUCCESS`);
    expect(runs.out).toContain('requested_by=ada');
    expect(events.code).toBe(0);
    expect(events.out).toContain('ASSET_OBSERVATION');
    expect(events.out).not.toContain('STEP_START');
  });

  it('exits non-zero with a clear message for an unknown job, bad JSON and invalid config', () => {
    // Prepare
    const cwd = mkdtempSync(join(tmpdir(), 'stepster-cli-'));
    const badJson = join(cwd, 'bad.json');
    writeFileSync(badJson, '{ "ops": ');
    const badConfig = join(cwd, 'config.json');
    writeFileSync(badConfig, JSON.stringify({ ops: { fetch_sales: { config: { date: 'yesterday' } } } }));

    // Act
    const unknown = stepster(['run', 'no_such_job'], cwd);
    const json = stepster(['run', 'sales_job', '--config', badJson], cwd);
    const invalid = stepster(['run', 'sales_job', '--config', badConfig], cwd);

    // Assess
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no job named "no_such_job". Known jobs: sales_job');
    expect(json.code).toBe(2);
    expect(json.err).toContain('is not valid JSON');
    expect(invalid.code).toBe(1);
    expect(invalid.out).toContain('runConfig.ops.fetch_sales.config.date');
    expect(invalid.out).not.toContain('▶ fetch_sales');
  });

  it('lists jobs with their ops, tags and metadata', () => {
    // Act
    const list = stepster(['list'], mkdtempSync(join(tmpdir(), 'stepster-cli-')));

    // Assess
    expect(list.code).toBe(0);
    expect(list.out).toContain('sales_job');
    expect(list.out).toContain('ops: fetch_sales, transform, summary_report');
    expect(list.out).toContain('owner=data team');
  });

  it('fires the matching sensors after a local run, as the lifecycle Lambda does on AWS', () => {
    // Act
    const run = stepster(['run', 'failure_job'], mkdtempSync(join(tmpdir(), 'stepster-cli-')));

    // Assess
    expect(run.code).toBe(1);
    expect(run.out).toContain("Steps failed: ['my_failure_op']");
    expect(run.out).toContain('sensor on_run_failure fired');
    expect(run.out).toContain('sensor on_pipeline_failure fired');
    expect(run.out).not.toContain('sales_report');
  });

  it('lists the schedules with their next ticks and deterministic run ids', () => {
    // Act
    const schedules = stepster(['schedules', '--count', '2'], mkdtempSync(join(tmpdir(), 'stepster-cli-')));

    // Assess
    expect(schedules.code).toBe(0);
    expect(schedules.out).toContain('daily_sales  job sales_job');
    expect(schedules.out.match(/run daily_sales-\d{4}-\d{2}-\d{2}T\d{6}Z/g)).toHaveLength(2);
  });
});
