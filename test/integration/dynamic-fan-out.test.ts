// Dynamic fan-out through the real compiled state machine (a Map state in aws-local-stepfunctions,
// dynalite): one step per mapping key, collect in emission order, failures isolated per item.
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
  RetryPolicy,
} from 'stepster';

/** A job that fans out over `keys`, runs `process` per item and collects into `merge`. */
function fanJob(
  name: string,
  keys: readonly string[],
  process: (f: string, retry: number) => string,
  fanOut?: FanOutOptions,
) {
  const ran: string[] = [];
  const files = op({ name: 'files', out: { items: DynamicOut() } }, async function* () {
    for (const k of keys) yield new DynamicOutput(`file_${k}`, { mappingKey: k, outputName: 'items' });
  });
  const proc = op(
    { name: 'process', ins: { f: In() }, retryPolicy: new RetryPolicy({ maxRetries: 2, delay: 0 }) },
    async (context, { f }) => {
      ran.push(f as string);
      return process(f as string, context.retryNumber);
    },
  );
  const merge = op({ name: 'merge', ins: { all: In() } }, async (_c, { all }) => {
    ran.push('merge');
    return all;
  });
  const fan = job({ name, ...(fanOut ? { fanOut } : {}) }, () => {
    merge(files().map(proc).collect());
  });
  return { fan, ran };
}

const stepKeysOf = (events: readonly EventRecord[], type: string) =>
  events.filter((e) => e.eventType === type).map((e) => e.stepKey);

describe('dynamic fan-out: DynamicOut, .map(op), .collect()', () => {
  it('runs one step per item, keyed op[mappingKey], and collects results in emission order', async () => {
    // Prepare: keys emitted out of alphabetical order, so that order is the emitter's
    const { fan } = fanJob('fan_three', ['c', 'a', 'b'], (f) => f.toUpperCase());

    // Act
    const result = await executeInProcess(fan);

    // Assess
    expect(result.success).toBe(true);
    expect(result.outputFor('merge')).toEqual(['FILE_C', 'FILE_A', 'FILE_B']);
    expect(stepKeysOf(result.events, 'STEP_SUCCESS').sort()).toEqual(
      ['files', 'merge', 'process[a]', 'process[b]', 'process[c]'].sort(),
    );
  });

  it('runs the same job compiled to a Distributed Map locally, with the same results', async () => {
    // Prepare
    const { fan } = fanJob('fan_distributed', ['x', 'y'], (f) => f.toUpperCase(), { mode: FanOutMode.DISTRIBUTED });

    // Act
    const result = await executeInProcess(fan);

    // Assess
    expect(result.outputFor('merge')).toEqual(['FILE_X', 'FILE_Y']);
  });

  it('collects [] from an empty fan-out, and the op behind the collect still runs', async () => {
    // Prepare
    const { fan, ran } = fanJob('fan_empty', [], (f) => f);

    // Act
    const result = await executeInProcess(fan);

    // Assess
    expect(result.success).toBe(true);
    expect(result.outputFor('merge')).toEqual([]);
    expect(ran).toEqual(['merge']);
  });

  it('lets siblings of a failing item finish, fails the run naming process[b], and skips merge', async () => {
    // Prepare
    const { fan, ran } = fanJob('fan_fail', ['a', 'b', 'c'], (f) => {
      if (f === 'file_b') throw new Error('bad file b');
      return f;
    });

    // Act
    const result = await executeInProcess(fan, { raiseOnError: false });

    // Assess
    expect(result.success).toBe(false);
    expect(stepKeysOf(result.events, 'STEP_FAILURE')).toEqual(['process[b]']);
    expect(stepKeysOf(result.events, 'STEP_SUCCESS')).toEqual(expect.arrayContaining(['process[a]', 'process[c]']));
    expect(ran).not.toContain('merge');
    const runFailure = result.events.find((e) => e.eventType === 'RUN_FAILURE');
    expect(runFailure?.message).toContain("'process[b]'");
  });

  it('retries one item on its own: the others run once', async () => {
    // Prepare: item b fails its first attempt only
    const { fan, ran } = fanJob('fan_retry', ['a', 'b'], (f, retry) => {
      if (f === 'file_b' && retry === 0) throw new Error('flaky');
      return `${f}@${retry}`;
    });

    // Act
    const result = await executeInProcess(fan);

    // Assess
    expect(result.outputFor('merge')).toEqual(['file_a@0', 'file_b@1']);
    expect(ran.filter((f) => f === 'file_a')).toHaveLength(1);
    expect(ran.filter((f) => f === 'file_b')).toHaveLength(2);
    expect(stepKeysOf(result.events, 'STEP_UP_FOR_RETRY')).toEqual(['process[b]']);
    expect(stepKeysOf(result.events, 'STEP_RESTARTED')).toEqual(['process[b]']);
  });
});

describe('dynamic fan-out: emitter contract and other shapes', () => {
  it('fails the emitter naming a mapping key yielded twice, and maps nothing', async () => {
    // Prepare
    const { fan, ran } = fanJob('fan_dup', ['a', 'x', 'a'], (f) => f);

    // Act
    const result = await executeInProcess(fan, { raiseOnError: false });

    // Assess
    expect(result.success).toBe(false);
    const failure = result.events.find((e) => e.eventType === 'STEP_FAILURE');
    expect(failure?.stepKey).toBe('files');
    expect(JSON.stringify(failure?.data)).toContain('mapping key \\"a\\" twice');
    expect(ran).toEqual([]);
  });

  it('collects the items themselves with files().collect(), beside a parallel branch', async () => {
    // Prepare
    const files = op({ name: 'files', out: { items: DynamicOut() } }, async function* () {
      yield new DynamicOutput(2, { mappingKey: 'two', outputName: 'items' });
      yield new DynamicOutput(1, { mappingKey: 'one', outputName: 'items' });
    });
    const double = op({ name: 'double', ins: { n: In() } }, async (_c, { n }) => (n as number) * 2);
    const side = op({ name: 'side' }, async () => 'side');
    const pair = op({ name: 'pair', ins: { doubled: In(), items: In(), other: In() } }, async (_c, inputs) => inputs);
    const fan = job({ name: 'fan_items' }, () => {
      const dynamic = files();
      pair(dynamic.map(double).collect(), dynamic.collect(), side());
    });

    // Act
    const result = await executeInProcess(fan);

    // Assess
    expect(result.outputFor('pair')).toEqual({ doubled: [4, 2], items: [2, 1], other: 'side' });
  });
});
