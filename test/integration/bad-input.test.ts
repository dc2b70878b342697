import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileJob, executeInProcess, job, Out, Output, op } from 'stepster';

const ran: string[] = [];
const configured = op(
  { name: 'configured', config: z.object({ date: z.string(), limit: z.number().int().default(10) }) },
  async (context) => {
    ran.push('configured');
    return context.opConfig;
  },
);
const plain = op({ name: 'plain' }, async () => {
  ran.push('plain');
  return 1;
});
const configJob = job({ name: 'config_job' }, () => {
  configured();
  plain();
});

describe('bad run config fails the run before any op runs', () => {
  it('names the missing field and runs nothing', async () => {
    // Prepare
    ran.length = 0;

    // Act
    const result = await executeInProcess(configJob, { raiseOnError: false });

    // Assess
    expect(result.success).toBe(false);
    expect(ran).toEqual([]);
    const failure = result.events.find((e) => e.eventType === 'RUN_FAILURE');
    expect(failure?.message).toContain('runConfig.ops.configured.config.date');
    expect(result.events.some((e) => e.eventType === 'STEP_START')).toBe(false);
  });

  it('names a wrongly typed field, an unknown op and config given to an op that takes none, together', async () => {
    // Act
    const result = await executeInProcess(configJob, {
      raiseOnError: false,
      runConfig: {
        ops: { configured: { config: { date: 20261101 } }, nope: { config: {} }, plain: { config: { x: 1 } } },
      },
    });

    // Assess
    const failure = result.events.find((e) => e.eventType === 'RUN_FAILURE');
    const issues = failure?.data?.issues as { path: string; message: string }[];
    expect(issues.map((i) => i.path).sort()).toEqual([
      'runConfig.ops.configured.config.date',
      'runConfig.ops.nope',
      'runConfig.ops.plain.config',
    ]);
    expect(issues.find((i) => i.path === 'runConfig.ops.nope')?.message).toContain('its ops are: configured, plain');
  });

  it('applies zod defaults to op config', async () => {
    // Act
    const result = await executeInProcess(configJob, {
      runConfig: { ops: { configured: { config: { date: '2026-11-01' } } } },
    });

    // Assess
    expect(result.outputFor('configured')).toEqual({ date: '2026-11-01', limit: 10 });
  });

  it('rejects a run tag under the reserved stepster/ prefix', async () => {
    // Act
    const result = await executeInProcess(configJob, {
      raiseOnError: false,
      runConfig: { ops: { configured: { config: { date: 'x' } } } },
      tags: { 'stepster/parent_run_id': 'spoofed' },
    });

    // Assess
    const failure = result.events.find((e) => e.eventType === 'RUN_FAILURE');
    expect(failure?.message).toContain('tags.stepster/parent_run_id');
    expect(failure?.message).toContain('reserved');
  });

  it('merges job tags, run tags and records them on the run', async () => {
    // Prepare
    const tagged = job({ name: 'tagged_job', tags: { team: 'data' } }, () => {
      plain();
    });

    // Act
    const result = await executeInProcess(tagged, { tags: { requested_by: 'ada' } });
    const run = await result.instance.getRun(result.runId);

    // Assess
    expect(run?.tags).toEqual({ team: 'data', requested_by: 'ada' });
  });
});

describe('bad outputs fail the step with a message naming the op and output', () => {
  it('fails the type check of Out({ schema })', async () => {
    // Prepare
    const typed = op({ name: 'typed', out: { rows: Out({ schema: z.array(z.number()) }) } }, async () => ({
      rows: ['a'],
    }));
    const j = job({ name: 'type_check' }, () => {
      typed();
    });

    // Act
    const result = await executeInProcess(j, { raiseOnError: false });

    // Assess
    const failure = result.events.find((e) => e.eventType === 'STEP_FAILURE');
    expect(JSON.stringify(failure?.data?.error)).toContain('op \\"typed\\" output \\"rows\\"');
  });

  it('fails on metadata that cannot be stored, naming the key', async () => {
    // Prepare
    const badMeta = op({ name: 'bad_meta' }, async () => new Output(1, { metadata: { when: new Date() as never } }));
    const j = job({ name: 'bad_metadata' }, () => {
      badMeta();
    });

    // Act
    const result = await executeInProcess(j, { raiseOnError: false });

    // Assess
    const failure = result.events.find((e) => e.eventType === 'STEP_FAILURE');
    expect(JSON.stringify(failure?.data?.error)).toMatch(/when/);
    expect(JSON.stringify(failure?.data?.error)).toMatch(/MetadataValue\.timestamp/);
  });

  it('fails when a required output is not produced', async () => {
    // Prepare
    const lazy = op({ name: 'lazy', out: { a: Out(), b: Out() } }, async function* () {
      yield new Output(1, { outputName: 'a' });
    });
    const j = job({ name: 'missing_output' }, () => {
      lazy();
    });

    // Act
    const result = await executeInProcess(j, { raiseOnError: false });

    // Assess
    const failure = result.events.find((e) => e.eventType === 'STEP_FAILURE');
    expect(JSON.stringify(failure?.data?.error)).toContain('did not produce its required output \\"b\\"');
  });

  it('fails when an output cannot be stored exactly', async () => {
    // Prepare
    const withFunction = op({ name: 'with_function' }, async () => ({ format: () => 'x' }));
    const j = job({ name: 'unstorable' }, () => {
      withFunction();
    });

    // Act
    const result = await executeInProcess(j, { raiseOnError: false });

    // Assess
    const failure = result.events.find((e) => e.eventType === 'STEP_FAILURE');
    expect(JSON.stringify(failure?.data?.error)).toContain('cannot be stored exactly');
  });
});

describe('bad graphs fail at compile time', () => {
  it('fails when the graph has a cycle, naming the path', () => {
    expect(() =>
      compileJob({
        jobName: 'cyclic',
        nodes: [
          { name: 'a', upstream: ['c'], timeoutSeconds: 60 },
          { name: 'b', upstream: ['a'], timeoutSeconds: 60 },
          { name: 'c', upstream: ['b'], timeoutSeconds: 60 },
        ],
      }),
    ).toThrow(/a → b → c → a|b → c → a → b|c → a → b → c/);
  });

  it('fails on unknown upstream and duplicate names', () => {
    expect(() =>
      compileJob({ jobName: 'unknown', nodes: [{ name: 'a', upstream: ['ghost'], timeoutSeconds: 60 }] }),
    ).toThrow(/ghost/);
    expect(() =>
      compileJob({
        jobName: 'dups',
        nodes: [
          { name: 'a', upstream: [], timeoutSeconds: 60 },
          { name: 'a', upstream: [], timeoutSeconds: 60 },
        ],
      }),
    ).toThrow(/"a"/);
  });
});
