// The op task inside a Map state, handler by handler against dynalite: the keys task, one
// mapped step reading only its item, a crash recorded under the item's step key, and the run
// end naming it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamicOut, DynamicOutput, In, job, op } from 'stepster';
import { createJobTasks } from '../../shared/tasks/job-tasks.js';
import { RunFailed } from '../../shared/tasks/run-failed.js';
import type { RunTaskInput } from '../../shared/tasks/task-payloads.js';
import { newRunId, openTaskHarness, RecordingTokens, type TaskHarness } from './support/task-harness.js';

let harness: TaskHarness;
beforeAll(async () => {
  harness = await openTaskHarness();
});
afterAll(async () => {
  await harness.close();
});

const seen: unknown[] = [];
const files = op({ name: 'files', out: { items: DynamicOut() } }, async function* () {
  yield new DynamicOutput({ path: 'b.csv' }, { mappingKey: 'b', outputName: 'items' });
  yield new DynamicOutput({ path: 'a.csv' }, { mappingKey: 'a', outputName: 'items' });
});
const process = op({ name: 'process', ins: { f: In() } }, async (_c, { f }) => {
  seen.push(f);
  return f;
});
const merge = op({ name: 'merge', ins: { all: In() } }, async (_c, { all }) => all);
const fan = job({ name: 'mapped_step_job' }, () => {
  merge(files().map(process).collect());
});

async function started(): Promise<{ tasks: ReturnType<typeof createJobTasks>; input: RunTaskInput }> {
  const tasks = createJobTasks({ job: fan, store: harness.store, tokens: new RecordingTokens() });
  const input = await tasks.runStart({ input: {}, execution: { Name: newRunId() } });
  await tasks.opTask('files', input);
  return { tasks, input };
}

describe('op task inside a Map state', () => {
  it('answers X.keys with the mapping keys in emission order, and runs no body', async () => {
    // Prepare
    seen.length = 0;
    const { tasks, input } = await started();

    // Act
    const result = await tasks.opTask('process', { ...input, readMappingKeys: true });

    // Assess
    expect(result).toMatchObject({ op: 'files', status: 'SUCCESS', mappingKeys: ['b', 'a'] });
    expect(seen).toEqual([]);
  });

  it('runs one item as step process[a], loading only that item', async () => {
    // Prepare
    seen.length = 0;
    const { tasks, input } = await started();

    // Act
    const result = await tasks.opTask('process', { ...input, mappingKey: 'a' });

    // Assess
    expect(result).toMatchObject({ op: 'process[a]', status: 'SUCCESS', attempt: 1 });
    expect(seen).toEqual([{ path: 'a.csv' }]);
    const states = await harness.store.getStepStates(input.runId);
    expect(states['process[a]']?.status).toBe('SUCCESS');
    expect(states['process[b]']).toBeUndefined();
  });

  it('records a crash inside the Map under the item’s step key, blocks the collect and fails the run naming it', async () => {
    // Prepare
    const { tasks, input } = await started();
    await tasks.opTask('process', { ...input, mappingKey: 'a' });

    // Act
    const crash = await tasks.opTask('process', {
      ...input,
      mappingKey: 'b',
      c: { Error: 'States.Timeout', Cause: 'Task timed out' },
    });
    const merged = await tasks.opTask('merge', input);
    const end = tasks.runEnd({ runId: input.runId });

    // Assess
    expect(crash).toMatchObject({ op: 'process[b]', status: 'FAILURE' });
    expect(merged.status).toBe('BLOCKED');
    await expect(end).rejects.toBeInstanceOf(RunFailed);
    await expect(end).rejects.toThrow("Steps failed: ['process[b]']");
  });
});

describe('emitter limits: the keys must fit the Map state input', () => {
  const emitting = (name: string, count: number, keyOf: (i: number) => string) => {
    const many = op({ name, out: { items: DynamicOut() } }, async function* () {
      for (let i = 0; i < count; i++) yield new DynamicOutput(i, { mappingKey: keyOf(i), outputName: 'items' });
    });
    return job({ name: `${name}_job` }, () => {
      many().collect();
    });
  };

  it.each([
    {
      what: 'more than 10,000 items',
      count: 10_001,
      keyOf: (i: number) => `k${i}`,
      message: /more than 10,000 items.*"k10000"/,
    },
    { what: 'keys over 128 KB', count: 200, keyOf: (i: number) => `k${i}_${'x'.repeat(1000)}`, message: /over 128 KB/ },
  ])('fails the emitting step naming the limit for $what', async ({ count, keyOf, message }) => {
    // Prepare
    const limited = emitting('many', count, keyOf);
    const tasks = createJobTasks({ job: limited, store: harness.store, tokens: new RecordingTokens() });
    const input = await tasks.runStart({ input: {}, execution: { Name: newRunId() } });

    // Act
    const result = await tasks.opTask('many', input);

    // Assess
    expect(result.status).toBe('FAILURE');
    const state = (await harness.store.getStepStates(input.runId)).many;
    expect(state?.error?.name).toBe('MappingKeyError');
    expect(state?.error?.message).toMatch(message);
  });
});
