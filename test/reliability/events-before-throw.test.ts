import { describe, expect, it } from 'vitest';
import { AssetCheckResult, AssetMaterialization, executeInProcess, job, op, RetryPolicy } from 'stepster';

describe('events logged before a throw (DESIGN section 12)', () => {
  it('keeps context.logEvent events of a failed attempt, in order, before its STEP_FAILURE', async () => {
    // Prepare
    const partial = op({ name: 'partial' }, async (context) => {
      context.logEvent(new AssetMaterialization({ assetKey: 'half_written', metadata: { rows: 10 } }));
      context.logEvent(new AssetCheckResult({ passed: false, checkName: 'row_count', assetKey: 'half_written' }));
      throw new Error('disk full after 10 rows');
    });
    const failing = job({ name: 'events_before_throw' }, () => {
      partial();
    });

    // Act
    const result = await executeInProcess(failing, { raiseOnError: false });

    // Assess
    const types = result.eventsForNode('partial').map((e) => e.eventType);
    expect(types).toEqual(['STEP_START', 'ASSET_MATERIALIZATION', 'ASSET_CHECK_EVALUATION', 'STEP_FAILURE']);
    expect(result.events.find((e) => e.eventType === 'ASSET_MATERIALIZATION')?.data).toMatchObject({
      assetKey: 'half_written',
      metadata: { rows: { type: 'int', value: 10 } },
    });
  });

  it('keeps them under the attempt that logged them when the step is retried', async () => {
    // Prepare
    let attempt = 0;
    const flaky = op({ name: 'flaky', retryPolicy: new RetryPolicy({ maxRetries: 1 }) }, async (context) => {
      attempt++;
      context.logEvent(new AssetMaterialization({ assetKey: 'tries', metadata: { attempt } }));
      if (attempt === 1) throw new Error('first attempt fails');
      return attempt;
    });
    const retrying = job({ name: 'events_before_retry' }, () => {
      flaky();
    });

    // Act
    const result = await executeInProcess(retrying);

    // Assess
    const materializations = result.events.filter((e) => e.eventType === 'ASSET_MATERIALIZATION');
    expect(materializations.map((e) => e.attempt)).toEqual([1, 2]);
  });
});
