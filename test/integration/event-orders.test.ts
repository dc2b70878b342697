import { describe, expect, it } from 'vitest';
import {
  type EventRecord,
  executeInProcess,
  Failure,
  In,
  job,
  MetadataValue,
  Out,
  Output,
  op,
  RetryPolicy,
  RetryRequested,
} from 'stepster';

const stepEvents = (events: readonly EventRecord[], step: string) =>
  events.filter((e) => e.stepKey === step && e.eventType !== 'LOG_MESSAGE').map((e) => e.eventType);

describe('event orders, as Dagster writes them', () => {
  it('writes the success order for A → B', async () => {
    // Prepare
    const a = op({ name: 'a' }, async () => 1);
    const b = op({ name: 'b', ins: { x: In() } }, async (_c, { x }) => (x as number) + 1);
    const j = job({ name: 'success_order' }, () => {
      b(a());
    });

    // Act
    const result = await executeInProcess(j);

    // Assess
    const types = result.events.filter((e) => e.eventType !== 'LOG_MESSAGE').map((e) => e.eventType);
    expect(types).toEqual([
      'RUN_START',
      'STEP_START',
      'STEP_OUTPUT',
      'HANDLED_OUTPUT',
      'STEP_SUCCESS',
      'STEP_START',
      'LOADED_INPUT',
      'STEP_INPUT',
      'STEP_OUTPUT',
      'HANDLED_OUTPUT',
      'STEP_SUCCESS',
      'RUN_SUCCESS',
    ]);
    expect(result.events.slice(1, 5).every((e) => e.stepKey === 'a')).toBe(true);
    expect(result.outputFor('b')).toBe(2);
  });

  it('keeps user events in the order they were logged or yielded', async () => {
    // Prepare
    const { AssetMaterialization, AssetObservation, ExpectationResult } = await import('stepster');
    const gen = op({ name: 'gen' }, async function* (context) {
      context.logEvent(new AssetObservation({ assetKey: 'x', partition: '2026-11-01' }));
      yield new ExpectationResult({ success: true, label: 'ok' });
      yield new AssetMaterialization({ assetKey: ['s3', 'x'], metadata: { n: 3 } });
      yield new Output(7, { metadata: { rows: 7, url: MetadataValue.url('https://x.test') } });
    });
    const j = job({ name: 'user_event_order' }, () => {
      gen();
    });

    // Act
    const result = await executeInProcess(j);

    // Assess
    expect(stepEvents(result.events, 'gen')).toEqual([
      'STEP_START',
      'ASSET_OBSERVATION',
      'STEP_EXPECTATION_RESULT',
      'ASSET_MATERIALIZATION',
      'STEP_OUTPUT',
      'HANDLED_OUTPUT',
      'STEP_SUCCESS',
    ]);
    const mat = result.events.find((e) => e.eventType === 'ASSET_MATERIALIZATION');
    expect(mat?.data).toMatchObject({ assetKey: 's3/x', metadata: { n: { type: 'int', value: 3 } } });
    const obs = result.events.find((e) => e.eventType === 'ASSET_OBSERVATION');
    expect(obs?.data).toMatchObject({ assetKey: 'x', partition: '2026-11-01' });
    const out = result.events.find((e) => e.eventType === 'STEP_OUTPUT');
    expect(out?.data?.metadata).toEqual({
      rows: { type: 'int', value: 7 },
      url: { type: 'url', value: 'https://x.test' },
    });
  });

  it('writes one STEP_START, then STEP_UP_FOR_RETRY and STEP_RESTARTED per retry', async () => {
    // Prepare
    const flaky = op({ name: 'flaky', retryPolicy: new RetryPolicy({ maxRetries: 3 }) }, async (context) => {
      if (context.retryNumber < 2) throw new Error(`boom ${context.retryNumber}`);
      return context.retryNumber;
    });
    const j = job({ name: 'retry_order' }, () => {
      flaky();
    });

    // Act
    const result = await executeInProcess(j);

    // Assess
    expect(stepEvents(result.events, 'flaky')).toEqual([
      'STEP_START',
      'STEP_UP_FOR_RETRY',
      'STEP_RESTARTED',
      'STEP_UP_FOR_RETRY',
      'STEP_RESTARTED',
      'STEP_OUTPUT',
      'HANDLED_OUTPUT',
      'STEP_SUCCESS',
    ]);
    const restarted = result.events.filter((e) => e.eventType === 'STEP_RESTARTED');
    expect(restarted.map((e) => e.attempt)).toEqual([2, 3]);
    expect(restarted[0]?.message).toBe('Started re-execution (attempt # 2) of step "flaky".');
    expect(result.outputFor('flaky')).toBe(2);
  });

  it('ends exhausted retries in "Exceeded max_retries of N" with the original error as cause', async () => {
    // Prepare
    const always = op({ name: 'always' }, async () => {
      throw new RetryRequested({ maxRetries: 2 }, { cause: new Error('upstream API is down') });
    });
    const j = job({ name: 'exhausted' }, () => {
      always();
    });

    // Act
    const result = await executeInProcess(j, { raiseOnError: false });

    // Assess
    expect(result.success).toBe(false);
    expect(stepEvents(result.events, 'always')).toEqual([
      'STEP_START',
      'STEP_UP_FOR_RETRY',
      'STEP_RESTARTED',
      'STEP_UP_FOR_RETRY',
      'STEP_RESTARTED',
      'STEP_FAILURE',
    ]);
    const failure = result.events.find((e) => e.eventType === 'STEP_FAILURE');
    expect(failure?.message).toContain('Exceeded max_retries of 2');
    expect(JSON.stringify(failure?.data?.error)).toContain('upstream API is down');
  });

  it('honours RetryRequested before the retry policy, and its secondsToWait', async () => {
    // Prepare
    const started: number[] = [];
    const picky = op({ name: 'picky', retryPolicy: new RetryPolicy({ maxRetries: 0 }) }, async (context) => {
      started.push(Date.now());
      if (context.retryNumber === 0) throw new RetryRequested({ maxRetries: 1, secondsToWait: 1 });
      return 'ok';
    });
    const j = job({ name: 'requested' }, () => {
      picky();
    });

    // Act
    const result = await executeInProcess(j);

    // Assess
    expect(result.success).toBe(true);
    expect(started).toHaveLength(2);
    expect((started[1] ?? 0) - (started[0] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('never retries Failure({ allowRetries: false }) and keeps its metadata', async () => {
    // Prepare
    let calls = 0;
    const fatal = op({ name: 'fatal', retryPolicy: new RetryPolicy({ maxRetries: 3 }) }, async () => {
      calls++;
      throw new Failure({
        description: 'No files to process',
        metadata: { filepath: MetadataValue.path('/path/to/files') },
        allowRetries: false,
      });
    });
    const j = job({ name: 'no_retries' }, () => {
      fatal();
    });

    // Act
    const result = await executeInProcess(j, { raiseOnError: false });

    // Assess
    expect(calls).toBe(1);
    const failure = result.events.find((e) => e.eventType === 'STEP_FAILURE');
    expect(failure?.data?.userFailure).toEqual({
      description: 'No files to process',
      metadata: { filepath: { type: 'path', value: '/path/to/files' } },
    });
  });

  it('runs no op behind a failure, names them in an error, and fails the run naming the failed steps', async () => {
    // Prepare
    const ran: string[] = [];
    const bad = op({ name: 'bad' }, async () => {
      throw new Error('kaput');
    });
    const good = op({ name: 'good' }, async () => {
      ran.push('good');
      return 1;
    });
    const after = op({ name: 'after', ins: { x: In() } }, async () => {
      ran.push('after');
      return 1;
    });
    const afterAfter = op({ name: 'after_after', ins: { x: In() } }, async () => {
      ran.push('after_after');
      return 1;
    });
    const j = job({ name: 'failure_order' }, () => {
      afterAfter(after(bad()));
      good();
    });

    // Act
    const result = await executeInProcess(j, { raiseOnError: false });

    // Assess
    expect(result.success).toBe(false);
    expect(ran).toEqual(['good']);
    expect(stepEvents(result.events, 'after')).toEqual([]);
    expect(stepEvents(result.events, 'after_after')).toEqual([]);
    const blocked = result.events.filter((e) => e.eventType === 'ENGINE_EVENT' && e.level === 'ERROR');
    expect(blocked.map((e) => e.message)).toEqual([
      "Dependencies for step after failed: ['bad']. Not executing.",
      "Dependencies for step after_after failed: ['after']. Not executing.",
    ]);
    const last = result.events.at(-1);
    expect(last?.eventType).toBe('RUN_FAILURE');
    expect(last?.message).toContain("Steps failed: ['bad']");
  });

  it('throws from executeInProcess when a run fails, unless raiseOnError is false', async () => {
    // Prepare
    const bad = op({ name: 'bad' }, async () => {
      throw new Error('kaput');
    });
    const j = job({ name: 'raises' }, () => {
      bad();
    });

    // Act / Assess
    await expect(executeInProcess(j)).rejects.toThrow(/failed/);
  });

  it('skips ops behind an optional output that is not yielded, transitively, and succeeds', async () => {
    // Prepare
    const branch = op(
      { name: 'branch', out: { yes: Out({ isRequired: false }), no: Out({ isRequired: false }) } },
      async function* () {
        yield new Output('taken', { outputName: 'yes' });
      },
    );
    const onYes = op({ name: 'on_yes', ins: { v: In() } }, async (_c, { v }) => v);
    const onNo = op({ name: 'on_no', ins: { v: In() } }, async (_c, { v }) => v);
    const afterNo = op({ name: 'after_no', ins: { v: In() } }, async (_c, { v }) => v);
    const j = job({ name: 'skip_order' }, () => {
      const { yes, no } = branch();
      onYes(yes);
      afterNo(onNo(no));
    });

    // Act
    const result = await executeInProcess(j);

    // Assess
    expect(result.success).toBe(true);
    expect(stepEvents(result.events, 'on_no')).toEqual(['STEP_SKIPPED']);
    expect(stepEvents(result.events, 'after_no')).toEqual(['STEP_SKIPPED']);
    expect(stepEvents(result.events, 'on_yes')).toContain('STEP_SUCCESS');
    expect(result.events.at(-1)?.eventType).toBe('RUN_SUCCESS');
  });
});
