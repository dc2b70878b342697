import { describe, expect, it } from 'vitest';
import {
  AssetIn,
  asset,
  Definitions,
  defineAssetJob,
  type EventRecord,
  executeInProcess,
  makeJsonConsoleLogger,
  materialize,
} from 'stepster';

const typesOf = (events: readonly EventRecord[], step: string) =>
  events.filter((e) => e.stepKey === step && e.eventType !== 'LOG_MESSAGE').map((e) => e.eventType);

describe('assets, run through the compiled state machine', () => {
  it('records ASSET_MATERIALIZATION with the output metadata, in Dagster order', async () => {
    // Prepare
    const rawSales = asset({ key: 'it/raw_sales' }, async () => [{ amount: 3 }, { amount: 4 }]);
    const salesTransform = asset(
      { name: 'it_sales_transform', ins: { raw: AssetIn('it/raw_sales') } },
      async (context, { raw }) => {
        const rows = raw as { amount: number }[];
        context.log.info(`transforming ${rows.length} rows`);
        context.addOutputMetadata({ record_count: rows.length });
        return rows.map((r) => r.amount * 2);
      },
    );

    // Act
    const result = await materialize([rawSales, salesTransform]);

    // Assess
    expect(typesOf(result.events, 'it__raw_sales')).toEqual([
      'STEP_START',
      'STEP_OUTPUT',
      'ASSET_MATERIALIZATION',
      'HANDLED_OUTPUT',
      'STEP_SUCCESS',
    ]);
    expect(typesOf(result.events, 'it_sales_transform')).toEqual([
      'STEP_START',
      'LOADED_INPUT',
      'STEP_INPUT',
      'STEP_OUTPUT',
      'ASSET_MATERIALIZATION',
      'HANDLED_OUTPUT',
      'STEP_SUCCESS',
    ]);
    const materialization = result.events.find(
      (e) => e.eventType === 'ASSET_MATERIALIZATION' && e.stepKey === 'it_sales_transform',
    );
    expect(materialization?.data).toMatchObject({
      assetKey: 'it_sales_transform',
      metadata: { record_count: { type: 'int', value: 2 } },
    });
    expect(result.assetValue('it/raw_sales')).toEqual([{ amount: 3 }, { amount: 4 }]);
    expect(result.assetValue('it_sales_transform')).toEqual([6, 8]);
  });

  it('answers getAssetEvents with the materializations of a key', async () => {
    // Prepare
    const counted = asset({ key: 'catalog/counted' }, async () => 42);
    const first = await materialize([counted]);
    await materialize([counted]);

    // Act
    const events = await first.instance.getAssetEvents('catalog/counted', { ofType: 'ASSET_MATERIALIZATION' });

    // Assess
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.every((e) => e.eventType === 'ASSET_MATERIALIZATION' && e.stepKey === 'catalog__counted')).toBe(true);
  });

  it('runs an asset after its deps without loading their values, through __ASSET_JOB', async () => {
    // Prepare
    const order: string[] = [];
    const upstream = asset({ name: 'deps_upstream' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      order.push('upstream');
      return 'ignored';
    });
    const downstream = asset({ name: 'deps_downstream', deps: ['deps_upstream'] }, async (_c, inputs) => {
      order.push(`downstream:${Object.keys(inputs).length}`);
      return 'done';
    });
    const defs = new Definitions({ assets: [downstream, upstream] });

    // Act
    const result = await executeInProcess(defs.getJob('__ASSET_JOB'), { definitions: defs });

    // Assess
    expect(result.success).toBe(true);
    expect(order).toEqual(['upstream', 'downstream:0']);
    expect(typesOf(result.events, 'deps_downstream')).not.toContain('LOADED_INPUT');
  });
});

describe('loggers of asset jobs', () => {
  it('applies the Definitions’ default loggers to asset jobs, and an asset job’s own loggerDefs over them', async () => {
    // Prepare
    const defaults: string[] = [];
    const own: string[] = [];
    const logged = asset({ name: 'lg_logged' }, async (context) => {
      context.log.info('hello from an asset');
      return 1;
    });
    const defs = new Definitions({
      assets: [logged],
      jobs: [
        defineAssetJob({
          name: 'lg_own',
          selection: ['lg_logged'],
          loggerDefs: { mine: makeJsonConsoleLogger({ stream: { write: (line) => own.push(line) } }) },
        }),
      ],
      loggers: { console: makeJsonConsoleLogger({ stream: { write: (line) => defaults.push(line) } }) },
    });

    // Act
    await executeInProcess(defs.getJob('__ASSET_JOB'), { definitions: defs });
    const afterImplicit = defaults.length;
    await executeInProcess(defs.getJob('lg_own'), { definitions: defs });

    // Assess
    expect(defaults.some((line) => line.includes('hello from an asset'))).toBe(true);
    expect(defaults.length).toBe(afterImplicit);
    expect(own.some((line) => line.includes('hello from an asset'))).toBe(true);
  });
});
