// Re-execution of a run with a dynamic fan-out, through the real compiled state machine
// (a Map state in aws-local-stepfunctions, dynalite): as in Dagster, re-executing from failure
// reuses the emitter's key list and the items that succeeded, re-runs only the failed item and
// what is behind the collect, and the collect still gets every item in emission order.
import { describe, expect, it } from 'vitest';
import {
  DynamicOut,
  DynamicOutput,
  type EventRecord,
  executeInProcess,
  FanOutMode,
  type FanOutOptions,
  In,
  job,
  op,
  reexecute,
  reexecuteFromFailure,
} from 'stepster';

/** A fan-out over `keys` (emitted in that order) whose `process` fails for the keys in `broken`. */
function fanJob(name: string, keys: readonly string[], fanOut?: FanOutOptions) {
  const ran: string[] = [];
  const broken = new Set<string>();
  const files = op({ name: 'files', out: { items: DynamicOut() } }, async function* () {
    ran.push('files');
    for (const k of keys) yield new DynamicOutput(`file_${k}`, { mappingKey: k, outputName: 'items' });
  });
  const proc = op({ name: 'process', ins: { f: In() } }, async (_c, { f }) => {
    ran.push(`process(${f as string})`);
    if (broken.has(f as string)) throw new Error(`${f as string} is broken`);
    return (f as string).toUpperCase();
  });
  const merge = op({ name: 'merge', ins: { all: In() } }, async (_c, { all }) => {
    ran.push('merge');
    return all;
  });
  const fan = job({ name, ...(fanOut ? { fanOut } : {}) }, () => {
    merge(files().map(proc).collect());
  });
  return { fan, ran, broken };
}

const stepKeysOf = (events: readonly EventRecord[], type: string) =>
  events.filter((e) => e.eventType === type).map((e) => e.stepKey);

describe('re-execution of a dynamic fan-out', () => {
  for (const mode of [FanOutMode.INLINE, FanOutMode.DISTRIBUTED]) {
    it(`from failure re-runs only the failed item and the collect, reusing the rest (${mode} Map)`, async () => {
      // Prepare: keys out of alphabetical order, so that emission order shows
      const { fan, ran, broken } = fanJob(`refan_${mode.toLowerCase()}`, ['c', 'a', 'b'], { mode });
      broken.add('file_b');
      const failed = await executeInProcess(fan, { raiseOnError: false });
      broken.clear();
      ran.length = 0;

      // Act
      const retried = await reexecuteFromFailure(fan, failed.runId, { instance: failed.instance });

      // Assess
      expect(failed.success).toBe(false);
      expect(retried.success).toBe(true);
      expect(ran).toEqual(['process(file_b)', 'merge']);
      expect(retried.outputFor('merge')).toEqual(['FILE_C', 'FILE_A', 'FILE_B']);
      expect(stepKeysOf(retried.events, 'STEP_START')).toEqual(['process[b]', 'merge']);
      const run = await retried.instance.getRun(retried.runId);
      expect(JSON.parse(run?.tags['stepster/op_selection'] ?? '[]')).toEqual(['process[b]', 'merge']);
      const states = await retried.instance.getStepStates(retried.runId);
      for (const reused of ['files', 'process[a]', 'process[c]']) {
        expect(states[reused]).toMatchObject({ status: 'NOT_SELECTED', reusedFrom: failed.runId });
      }
      expect(states['process[b]']).toMatchObject({ status: 'SUCCESS' });
      // The item that ran again read its emitter's item, which the parent stored.
      const itemInput = retried.eventsForNode('process[b]').find((e) => e.eventType === 'LOADED_INPUT');
      expect(itemInput?.data).toMatchObject({ upstreamStepKey: 'files', upstreamOutputName: 'items[b]' });
    });
  }

  it('from failure of a re-execution reuses each item from the run that produced it', async () => {
    // Prepare: b and c fail first; then c still fails; then everything works
    const { fan, ran, broken } = fanJob('refan_chain', ['a', 'b', 'c']);
    broken.add('file_b').add('file_c');
    const first = await executeInProcess(fan, { raiseOnError: false });
    broken.delete('file_b');
    const second = await reexecuteFromFailure(fan, first.runId, { instance: first.instance, raiseOnError: false });
    broken.clear();
    ran.length = 0;

    // Act
    const third = await reexecuteFromFailure(fan, second.runId, { instance: first.instance });

    // Assess
    expect(second.success).toBe(false);
    expect(ran).toEqual(['process(file_c)', 'merge']);
    expect(third.outputFor('merge')).toEqual(['FILE_A', 'FILE_B', 'FILE_C']);
    const states = await third.instance.getStepStates(third.runId);
    expect(states['process[a]']).toMatchObject({ status: 'NOT_SELECTED', reusedFrom: first.runId });
    expect(states['process[b]']).toMatchObject({ status: 'NOT_SELECTED', reusedFrom: second.runId });
    expect(states.files).toMatchObject({ status: 'NOT_SELECTED', reusedFrom: first.runId });
  });

  it('from failure of a failed collect reuses every item and runs only the collect', async () => {
    // Prepare: merge fails once
    let mergeBroken = true;
    const files = op({ name: 'files', out: { items: DynamicOut() } }, async function* () {
      yield new DynamicOutput(1, { mappingKey: 'one', outputName: 'items' });
      yield new DynamicOutput(2, { mappingKey: 'two', outputName: 'items' });
    });
    const double = op({ name: 'double', ins: { n: In() } }, async (_c, { n }) => (n as number) * 2);
    const sum = op({ name: 'sum', ins: { all: In() } }, async (_c, { all }) => {
      if (mergeBroken) throw new Error('sum is broken');
      return (all as number[]).reduce((x, y) => x + y, 0);
    });
    const fan = job({ name: 'refan_collect' }, () => {
      sum(files().map(double).collect());
    });
    const failed = await executeInProcess(fan, { raiseOnError: false });
    mergeBroken = false;

    // Act
    const retried = await reexecuteFromFailure(fan, failed.runId, { instance: failed.instance });

    // Assess
    expect(retried.outputFor('sum')).toBe(6);
    expect(stepKeysOf(retried.events, 'STEP_START')).toEqual(['sum']);
    const run = await retried.instance.getRun(retried.runId);
    expect(run?.tags['stepster/op_selection']).toBe('["sum"]');
  });

  it('re-executes all of a fan-out run: the emitter and every item run again', async () => {
    // Prepare
    const { fan, ran, broken } = fanJob('refan_all', ['a', 'b']);
    broken.add('file_b');
    const failed = await executeInProcess(fan, { raiseOnError: false });
    broken.clear();
    ran.length = 0;

    // Act
    const again = await reexecute(fan, failed.runId, { instance: failed.instance, mode: 'all' });

    // Assess
    expect(ran.sort()).toEqual(['files', 'merge', 'process(file_a)', 'process(file_b)']);
    expect(again.outputFor('merge')).toEqual(['FILE_A', 'FILE_B']);
    expect((await again.instance.getRun(again.runId))?.tags['stepster/op_selection']).toBeUndefined();
  });

  it('re-executes one item by its step key, process[a], reusing its siblings', async () => {
    // Prepare
    const { fan, ran } = fanJob('refan_select_item', ['a', 'b']);
    const first = await executeInProcess(fan);
    ran.length = 0;

    // Act
    const part = await reexecute(fan, first.runId, { instance: first.instance, selection: ['process[a]*'] });

    // Assess
    expect(ran).toEqual(['process(file_a)', 'merge']);
    expect(part.outputFor('merge')).toEqual(['FILE_A', 'FILE_B']);
  });

  it('refuses a selection of one item whose emitter runs again, before any op runs, naming the fix', async () => {
    // Prepare
    const { fan, ran } = fanJob('refan_select_emitter', ['a', 'b']);
    const first = await executeInProcess(fan);
    ran.length = 0;

    // Act
    const act = reexecute(fan, first.runId, { instance: first.instance, selection: ['files', 'process[a]'] });

    // Assess
    await expect(act).rejects.toThrow(/emitter "files" the selection runs again .*: select "process" whole/);
    expect(ran).toEqual([]);
  });
});
