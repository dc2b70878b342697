// Observable source assets and observation jobs, through the compiled state machine on the
// process-wide in-memory instance; each test uses keys of its own.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AssetIn,
  asset,
  DataVersion,
  Definitions,
  defineAssetJob,
  executeInProcess,
  materialize,
  observableSourceAsset,
} from 'stepster';

const unique = () => `o${randomUUID().slice(0, 8)}`;

describe('observable source assets', () => {
  it('records ASSET_OBSERVATION with the returned data version from an observation job, and no materialization', async () => {
    // Prepare
    const key = unique();
    const source = observableSourceAsset({ name: key, group: 'sources' }, async () => new DataVersion('hash-1'));
    const observationJob = defineAssetJob({ name: 'observation_job', selection: [source] });
    const defs = new Definitions({ assets: [source], jobs: [observationJob] });

    // Act
    const result = await executeInProcess(defs.getJob('observation_job'), { definitions: defs });

    // Assess
    const types = result.eventsForNode(key).map((e) => e.eventType);
    expect(types).toContain('ASSET_OBSERVATION');
    expect(types).not.toContain('ASSET_MATERIALIZATION');
    expect(types).not.toContain('STEP_OUTPUT');
    const observations = await result.instance.getAssetEvents(key, { ofType: 'ASSET_OBSERVATION' });
    expect(observations.map((e) => e.data?.dataVersion)).toEqual(['hash-1']);
  });

  it('gives a downstream that deps on it the latest observed version as input data version', async () => {
    // Prepare
    const [src, down] = [unique(), unique()];
    let version = 'v1';
    const source = observableSourceAsset({ name: src }, async () => new DataVersion(version));
    const downstream = asset({ name: down, deps: [source] }, async () => 'built');
    await materialize([source]);
    version = 'v2';
    await materialize([source]);

    // Act
    const result = await materialize([downstream]);

    // Assess
    const materialization = result.events.find((e) => e.eventType === 'ASSET_MATERIALIZATION');
    expect(materialization?.data?.inputDataVersions).toEqual({ [src]: 'v2' });
  });

  it('fails the observation step with a clear error when the body returns no DataVersion', async () => {
    // Prepare
    const key = unique();
    const source = observableSourceAsset({ name: key }, async () => 'abc' as unknown as DataVersion);

    // Act
    const result = await materialize([source], { raiseOnError: false });

    // Assess
    expect(result.success).toBe(false);
    const failure = result.events.find((e) => e.eventType === 'STEP_FAILURE');
    expect(failure?.data?.error).toMatchObject({
      name: 'ObservationError',
      message: expect.stringContaining(`"${key}" returned "abc". Return a DataVersion`),
    });
  });
});

describe('observation jobs and Definitions', () => {
  const source = observableSourceAsset({ name: 'obs_rules_source' }, () => new DataVersion('x'));
  const regular = asset({ name: 'obs_rules_regular', deps: [source] }, async () => 1);

  it('refuses a job whose selection mixes observable sources and regular assets', () => {
    // Prepare
    const byDefinitions = () => defineAssetJob({ name: 'mixed', selection: [source, regular] });
    const byKeys = () =>
      new Definitions({
        assets: [source, regular],
        jobs: [defineAssetJob({ name: 'mixed', selection: ['obs_rules_source', 'obs_rules_regular'] })],
      });

    // Act / Assess
    expect(byDefinitions).toThrow(/asset job "mixed" selects observable source assets \(obs_rules_source\)/);
    expect(byKeys).toThrow(/A job observes sources or materializes assets, not both/);
  });

  it('leaves observable sources out of "*", groups, upstream walks and the implicit __ASSET_JOB', () => {
    // Prepare
    const defs = new Definitions({
      assets: [source, regular],
      jobs: [defineAssetJob({ name: 'upstream_of_regular', selection: '*obs_rules_regular' })],
    });

    // Act
    const implicit = defs.getJob('__ASSET_JOB').nodes.map((n) => n.name);
    const walked = defs.getJob('upstream_of_regular').nodes.map((n) => n.name);

    // Assess
    expect(implicit).toEqual(['obs_rules_regular']);
    expect(walked).toEqual(['obs_rules_regular']);
  });

  it('refuses an AssetIn on an observable source, naming deps as the fix', () => {
    // Prepare
    const loading = asset({ name: 'obs_rules_loading', ins: { s: AssetIn('obs_rules_source') } }, async () => 1);

    // Act
    const define = () => new Definitions({ assets: [source, loading] });

    // Assess
    expect(define).toThrow(
      /input "s" loads observable source asset "obs_rules_source".*Use deps: \["obs_rules_source"\]/,
    );
  });
});
