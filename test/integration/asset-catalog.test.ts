// The asset catalog of the instance (getAssetKeys, getAssetCheckHistory, getAssetStatus), on
// an in-memory instance of its own, through runs of the compiled state machine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AssetCheckSpec,
  AssetCheckResult,
  asset,
  DataVersion,
  type EventLogStore,
  type LocalInstance,
  materialize,
  observableSourceAsset,
  openLocalInstance,
} from 'stepster';

let local: LocalInstance;
let instance: EventLogStore;

beforeAll(async () => {
  local = await openLocalInstance({ inMemory: true });
  instance = local.store;
});

afterAll(async () => {
  await local?.close();
});

describe('staleness', () => {
  it('follows a source across two observations: fresh after materializing, stale once it changes, fresh again', async () => {
    // Prepare
    let version = 'v1';
    const source = observableSourceAsset({ name: 'cat_source' }, async () => new DataVersion(version));
    const report = asset({ name: 'cat_report', deps: [source] }, async () => `report of ${version}`);
    await materialize([source], { instance });
    const built = await materialize([report], { instance });

    // Act
    const fresh = await instance.getAssetStatus('cat_report');
    version = 'v2';
    await materialize([source], { instance });
    const stale = await instance.getAssetStatus('cat_report');
    await materialize([report], { instance });
    const refreshed = await instance.getAssetStatus('cat_report');

    // Assess
    expect(fresh).toMatchObject({
      assetKey: 'cat_report',
      lastMaterialization: { runId: built.runId, dataVersion: expect.stringMatching(/^[0-9a-f]{64}$/) },
      stale: false,
      staleBecause: [],
    });
    expect(fresh.dataVersion).toBe(fresh.lastMaterialization?.dataVersion);
    expect(stale).toMatchObject({ stale: true, staleBecause: [{ key: 'cat_source', was: 'v1', now: 'v2' }] });
    expect(refreshed).toMatchObject({ stale: false, staleBecause: [] });
    expect(refreshed.dataVersion).not.toBe(fresh.dataVersion);
  });

  it('marks a downstream stale when its upstream asset is materialized with another version', async () => {
    // Prepare
    let rows = [1, 2];
    const upstream = asset({ name: 'cat_rows' }, async () => rows);
    const downstream = asset({ name: 'cat_total', deps: [upstream] }, async () => 'total');
    const first = await materialize([upstream, downstream], { instance });
    rows = [1, 2, 3];
    const second = await materialize([upstream], { instance });

    // Act
    const status = await instance.getAssetStatus('cat_total');

    // Assess
    const versionOf = (events: typeof first.events) =>
      events.find((e) => e.eventType === 'ASSET_MATERIALIZATION' && e.data?.assetKey === 'cat_rows')?.data?.dataVersion;
    expect(status.staleBecause).toEqual([
      { key: 'cat_rows', was: versionOf(first.events), now: versionOf(second.events) },
    ]);
  });

  it('answers for a source its latest observed version, and for an unknown asset nothing', async () => {
    // Act
    const source = await instance.getAssetStatus('cat_source');
    const unknown = await instance.getAssetStatus('cat_never_recorded');

    // Assess
    expect(source).toMatchObject({ lastMaterialization: null, dataVersion: 'v2', stale: false });
    expect(unknown).toEqual({
      assetKey: 'cat_never_recorded',
      lastMaterialization: null,
      dataVersion: null,
      stale: false,
      staleBecause: [],
      checks: {},
    });
  });
});

describe('check history and asset keys', () => {
  it('keeps every check evaluation newest first, per check on request, and the latest per check in the status', async () => {
    // Prepare
    let passes = true;
    const checked = asset(
      {
        key: 'cat/checked',
        checkSpecs: [new AssetCheckSpec({ name: 'not_empty' }), new AssetCheckSpec({ name: 'fresh' })],
      },
      async (context) => {
        context.logEvent(new AssetCheckResult({ assetKey: 'cat/checked', checkName: 'not_empty', passed: passes }));
        context.logEvent(
          new AssetCheckResult({ assetKey: 'cat/checked', checkName: 'fresh', passed: true, severity: 'WARN' }),
        );
        return [1];
      },
    );
    const first = await materialize([checked], { instance });
    passes = false;
    const second = await materialize([checked], { instance });

    // Act
    const all = await instance.getAssetCheckHistory('cat/checked');
    const notEmpty = await instance.getAssetCheckHistory('cat/checked', 'not_empty');
    const status = await instance.getAssetStatus('cat/checked');

    // Assess
    expect(all).toHaveLength(4);
    expect(notEmpty.map((e) => [e.runId, e.data?.passed])).toEqual([
      [second.runId, false],
      [first.runId, true],
    ]);
    expect(status.checks).toMatchObject({
      not_empty: { runId: second.runId, passed: false, severity: 'ERROR' },
      fresh: { runId: second.runId, passed: true, severity: 'WARN' },
    });
  });

  it('lists every key with recorded events, sorted, in one request (the asset registry, no scan)', async () => {
    // Prepare
    const before = instance.requestCount;

    // Act
    const keys = await instance.getAssetKeys();

    // Assess
    expect(instance.requestCount - before).toBe(1);
    expect(keys).toEqual(['cat/checked', 'cat_report', 'cat_rows', 'cat_source', 'cat_total']);
  });
});
