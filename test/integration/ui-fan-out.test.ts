// What the `stepster ui` server answers for a dynamic fan-out (run-view and job-view JSON), over
// real runs through the compiled state machine (Map state) on an in-memory local instance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Definitions,
  DynamicOut,
  DynamicOutput,
  executeInProcess,
  Failure,
  In,
  job,
  type LocalInstance,
  op,
  openLocalInstance,
} from 'stepster';
import { jobResponse } from '../../shared/ui/job-view.js';
import { runResponse } from '../../shared/ui/run-view.js';

// Emitted out of alphabetical order, so that the order shown is the emitter's.
const KEYS = ['c', 'a', 'b'];
const files = op({ name: 'files', out: { items: DynamicOut() } }, async function* () {
  for (const key of KEYS) yield new DynamicOutput(`file_${key}`, { mappingKey: key, outputName: 'items' });
});
const processFile = op({ name: 'process', ins: { f: In() } }, async (_context, { f }) => {
  if (f === 'file_b') throw new Failure({ description: 'file_b is empty' });
  return String(f).toUpperCase();
});
const merge = op({ name: 'merge', ins: { all: In() } }, async (_context, { all }) => all);
const fanJob = job({ name: 'ui_fan' }, () => {
  merge(files().map(processFile).collect());
});
const definitions = new Definitions({ jobs: [fanJob] });

let local: LocalInstance;
let runId: string;

beforeAll(async () => {
  local = await openLocalInstance({ inMemory: true });
  const result = await executeInProcess(fanJob, { instance: local.store, raiseOnError: false });
  runId = result.runId;
});

afterAll(async () => {
  await local?.close();
});

describe('stepster ui server: a fan-out run', () => {
  it('shows the mapped op as one row in the job order, its items in emission order with their own attempts', async () => {
    // Act
    const response = await runResponse(local.store, definitions, runId);
    const process = response.steps.find((step) => step.stepKey === 'process');

    // Assess
    expect(response.steps.map((step) => [step.stepKey, step.status])).toEqual([
      ['files', 'SUCCESS'],
      ['process', 'FAILURE'],
      ['merge', 'NOT_STARTED'],
    ]);
    expect(process?.mapped?.fanOut).toEqual({ node: 'files', output: 'items' });
    expect(process?.mapped?.itemCount).toBe(3);
    expect(process?.mapped?.counts).toEqual({ SUCCESS: 2, FAILURE: 1 });
    expect(process?.mapped?.omitted).toBe(0);
    expect(process?.mapped?.items.map((item) => [item.stepKey, item.mappingKey, item.status])).toEqual([
      ['process[c]', 'c', 'SUCCESS'],
      ['process[a]', 'a', 'SUCCESS'],
      ['process[b]', 'b', 'FAILURE'],
    ]);
    expect(process?.mapped?.items[2]?.attempts[0]?.error).toContain('file_b is empty');
    expect(process?.mapped?.span?.end).toBeDefined();
  });

  it("draws the job graph as Dagster does: process is mapped over files' dynamic output, then collected", async () => {
    // Act
    const response = await jobResponse(local.store, definitions, 'ui_fan');

    // Assess
    expect(response.nodes).toEqual([
      { name: 'files', kind: 'op', dynamicOutputs: ['items'] },
      { name: 'process', kind: 'op', mappedFrom: { node: 'files', output: 'items' } },
      { name: 'merge', kind: 'op' },
    ]);
    expect(response.edges).toEqual([
      { from: 'files', to: 'process', output: 'items', input: 'f', fanOut: 'map' },
      { from: 'process', to: 'merge', output: 'result', input: 'all', fanOut: 'collect' },
    ]);
  });
});
