// Data versions and provenance on ASSET_MATERIALIZATION, through the compiled state machine
// on the process-wide in-memory instance; each test uses keys of its own.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AssetIn,
  asset,
  DailyPartitionsDefinition,
  DataVersion,
  type EventRecord,
  materialize,
  Output,
} from 'stepster';

const unique = () => `v${randomUUID().slice(0, 8)}`;
const daily = new DailyPartitionsDefinition({ startDate: '2026-11-01' });

function materializationOf(events: readonly EventRecord[], assetKey: string): Record<string, unknown> | undefined {
  return events.find((e) => e.eventType === 'ASSET_MATERIALIZATION' && e.data?.assetKey === assetKey)?.data;
}

describe('data versions of materializations', () => {
  it('versions an output by its stored bytes: equal values get equal versions across runs, others differ', async () => {
    // Prepare
    const key = unique();
    let rows: unknown = [{ id: 1 }, { id: 2 }];
    const table = asset({ name: key }, async () => rows);

    // Act
    const first = materializationOf((await materialize([table])).events, key);
    const second = materializationOf((await materialize([table])).events, key);
    rows = [{ id: 1 }, { id: 3 }];
    const third = materializationOf((await materialize([table])).events, key);

    // Assess
    expect(first?.dataVersion).toMatch(/^[0-9a-f]{64}$/);
    expect(second?.dataVersion).toBe(first?.dataVersion);
    expect(third?.dataVersion).not.toBe(first?.dataVersion);
  });

  it('records the version the asset sets on its Output instead of the hash', async () => {
    // Prepare
    const key = unique();
    const table = asset({ name: key }, async () => new Output([1, 2, 3], { dataVersion: new DataVersion('rev-7') }));

    // Act
    const result = await materialize([table]);

    // Assess
    expect(materializationOf(result.events, key)).toMatchObject({ dataVersion: 'rev-7' });
    expect(result.assetValue(key)).toEqual([1, 2, 3]);
  });

  it('records the versions of its ins and deps from the same run (provenance) and where its value is stored', async () => {
    // Prepare
    const [up, side, down] = [unique(), unique(), unique()];
    const upstream = asset({ name: up }, async () => new Output(10, { dataVersion: new DataVersion('up-1') }));
    const sideAsset = asset({ name: side }, async () => 'side');
    const downstream = asset(
      { name: down, ins: { n: AssetIn(up) }, deps: [sideAsset] },
      async (_c, { n }) => Number(n) + 1,
    );

    // Act
    const result = await materialize([upstream, sideAsset, downstream]);

    // Assess
    const sideVersion = materializationOf(result.events, side)?.dataVersion;
    expect(materializationOf(result.events, down)).toMatchObject({
      inputDataVersions: { [up]: 'up-1', [side]: sideVersion },
      partition: null,
      storedOutput: { runId: result.runId, stepKey: down, outputName: 'result' },
    });
    expect(materializationOf(result.events, up)).toMatchObject({ inputDataVersions: {} });
  });

  it('takes the latest recorded version of an upstream the run does not materialize', async () => {
    // Prepare
    const [up, down] = [unique(), unique()];
    const upstream = asset({ name: up }, async () => new Output('x', { dataVersion: new DataVersion('earlier-run') }));
    const downstream = asset({ name: down, deps: [upstream] }, async () => 'y');
    await materialize([upstream]);

    // Act
    const result = await materialize([downstream]);

    // Assess
    expect(materializationOf(result.events, down)?.inputDataVersions).toEqual({ [up]: 'earlier-run' });
  });

  it('records the run partition on the materialization and filters asset events by it', async () => {
    // Prepare
    const key = unique();
    const dailyAsset = asset({ name: key, partitionsDef: daily }, async () => 1);
    const first = await materialize([dailyAsset], { partitionKey: '2026-11-01' });
    await materialize([dailyAsset], { partitionKey: '2026-11-02' });

    // Act
    const run = await first.instance.getRun(first.runId);
    const ofFirstDay = await first.instance.getAssetEvents(key, { partition: '2026-11-01' });
    const all = await first.instance.getAssetEvents(key, { ofType: 'ASSET_MATERIALIZATION' });

    // Assess
    expect(run?.tags['stepster/partition']).toBe('2026-11-01');
    expect(materializationOf(first.events, key)?.partition).toBe('2026-11-01');
    expect(ofFirstDay.map((e) => e.data?.partition)).toEqual(['2026-11-01']);
    expect(all.map((e) => e.data?.partition)).toEqual(['2026-11-02', '2026-11-01']);
  });
});

describe('loading an upstream the job does not run', () => {
  it('loads the upstream’s last materialized value without recomputing it, and records its version', async () => {
    // Prepare
    const [up, down] = [unique(), unique()];
    let computed = 0;
    const upstream = asset({ name: up }, async () => {
      computed++;
      return new Map([['rows', computed * 10]]);
    });
    const downstream = asset({ name: down, ins: { counts: AssetIn(up) } }, async (_c, { counts }) =>
      (counts as Map<string, number>).get('rows'),
    );
    await materialize([upstream]);
    const second = await materialize([upstream]);

    // Act
    const result = await materialize([downstream]);

    // Assess
    expect(computed).toBe(2);
    expect(result.assetValue(down)).toBe(20);
    expect(result.eventsForNode(up)).toEqual([]);
    const loaded = result.eventsForNode(down).find((e) => e.eventType === 'LOADED_INPUT');
    expect(loaded?.data).toMatchObject({ inputName: 'counts', upstreamStepKey: up, upstreamOutputName: 'result' });
    expect(materializationOf(result.events, down)?.inputDataVersions).toEqual({
      [up]: materializationOf(second.events, up)?.dataVersion,
    });
  });

  it('fails the step before its body runs, naming the asset and the fix, when the upstream was never materialized', async () => {
    // Prepare
    const [up, down] = [unique(), unique()];
    let ran = false;
    const downstream = asset({ name: down, ins: { x: AssetIn(up) } }, async () => {
      ran = true;
      return 1;
    });

    // Act
    const result = await materialize([downstream], { raiseOnError: false });

    // Assess
    expect(result.success).toBe(false);
    expect(ran).toBe(false);
    const failure = result.eventsForNode(down).find((e) => e.eventType === 'STEP_FAILURE');
    expect(failure?.data?.error).toMatchObject({
      name: 'MissingAssetValueError',
      message: expect.stringContaining(
        `loads asset "${up}", which job "__ASSET_JOB" does not run and which has no stored materialization. Materialize "${up}" first`,
      ),
    });
  });

  it('loads the materialization of the run’s partition', async () => {
    // Prepare
    const [up, down] = [unique(), unique()];
    const upstream = asset({ name: up, partitionsDef: daily }, async (context) => `rows of ${context.partitionKey}`);
    const downstream = asset(
      { name: down, ins: { rows: AssetIn(up) }, partitionsDef: daily },
      async (_c, { rows }) => rows,
    );
    await materialize([upstream], { partitionKey: '2026-11-01' });
    await materialize([upstream], { partitionKey: '2026-11-02' });

    // Act
    const result = await materialize([downstream], { partitionKey: '2026-11-01' });

    // Assess
    expect(result.assetValue(down)).toBe('rows of 2026-11-01');
  });
});
