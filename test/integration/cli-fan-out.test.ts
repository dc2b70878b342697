// `stepster run` and `stepster events` on a dynamic fan-out, each in its own process on one
// local store, as a user types them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const cli = join(repo, 'bin', 'stepster.mjs');
const definitions = join(repo, 'test/integration/fixtures/fan-out-definitions.ts');

function workspace() {
  const cwd = mkdtempSync(join(tmpdir(), 'stepster-fan-'));
  return (...args: string[]) => {
    const result = spawnSync(process.execPath, [cli, '--definitions', definitions, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 90_000,
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
}

const runIdOf = (out: string) => /run id ([0-9a-f-]{36})/.exec(out)?.[1] ?? 'missing';
const stepColumn = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((line) => line.split(/\s+/)[2]);

describe('stepster CLI: a fan-out run', () => {
  it('summarises process[*] with its counts and lists each item under it, in emission order', () => {
    // Prepare
    const stepster = workspace();

    // Act
    const run = stepster('run', 'fan_small');

    // Assess
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/FAILURE\s+process\[\*\]\s+3 items: 2 succeeded, 1 failed/);
    const items = [...run.out.matchAll(/^ {4}(SUCCESS|FAILURE)\s+(process\[\w+\])/gm)].map((m) => [m[2], m[1]]);
    expect(items).toEqual([
      ['process[c]', 'SUCCESS'],
      ['process[a]', 'SUCCESS'],
      ['process[b]', 'FAILURE'],
    ]);
    expect(run.out).toContain('b is empty');
    expect(run.out).toMatch(/NOT RUN\s+merge/);
  });

  it('filters events by one item (process[b]) or by the mapped op (process, every item)', () => {
    // Prepare
    const stepster = workspace();
    const runId = runIdOf(stepster('run', 'fan_small').out);

    // Act
    const one = stepster('events', runId, '--step', 'process[b]');
    const all = stepster('events', runId, '--step', 'process', '--type', 'STEP_START');
    const starred = stepster('events', runId, '--step', 'process[*]', '--type', 'STEP_START');

    // Assess
    expect(one.code).toBe(0);
    expect(new Set(stepColumn(one.out))).toEqual(new Set(['process[b]']));
    expect(one.out).toContain('STEP_FAILURE');
    // Items run at once inside the Map: their starts come in no fixed order.
    expect(stepColumn(all.out).sort()).toEqual(['process[a]', 'process[b]', 'process[c]']);
    expect(starred.out).toBe(all.out);
  });

  it('folds a wide fan-out to its summary and its failed items, and says how to see the rest', () => {
    // Prepare
    const stepster = workspace();

    // Act
    const run = stepster('run', 'fan_wide');
    const runId = runIdOf(run.out);

    // Assess
    expect(run.out).toMatch(/FAILURE\s+process\[\*\]\s+30 items: 29 succeeded, 1 failed/);
    expect([...run.out.matchAll(/^ {4}\w+\s+(process\[\w+\])/gm)].map((m) => m[1])).toEqual(['process[k7]']);
    expect(run.out).toContain(`29 more items; their events: npx stepster events ${runId} --step process`);
    expect(run.out).not.toMatch(/output items\[k3\]/);
  });
});
