import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DefinitionError, type EventRecord, executeInProcess, materialize } from 'stepster';
import { defaultPaths, PathsResource } from '../../examples/assets/paths-resource.js';
import { PRICE_LIST_FILE, priceSummary } from '../../examples/assets/price-list-source.js';
import { openLocalInstance } from '../../shared/local/local-instance.js';
import definitions from '../../examples/definitions.js';
import { salesAssets as assets } from '../../examples/assets/definitions.js';
import { HIGH_VALUE_REVENUE, rawSales, salesTransform } from '../../examples/assets/sales-assets.js';
import { type ValidationWarning, validationWarningsReport } from '../../examples/assets/warnings-report.js';

const materializationOf = (events: readonly EventRecord[], step: string) =>
  events.find((e) => e.eventType === 'ASSET_MATERIALIZATION' && e.stepKey === step);

describe('seed 001 asset examples', () => {
  it('materializes sales_transform with log levels, timing, counts and a table preview', async () => {
    // Prepare
    const runConfig = { ops: { raw_sales: { config: { date: '2026-11-03' } } } };

    // Act
    const result = await materialize([rawSales, salesTransform], { runConfig });

    // Assess
    const rows = result.assetValue('sales_transform') as { revenue: number; region: string }[];
    const metadata = materializationOf(result.events, 'sales_transform')?.data?.metadata as Record<
      string,
      { type: string; value: unknown }
    >;
    expect(metadata.record_count).toEqual({ type: 'int', value: rows.length });
    expect(metadata.high_value_count).toEqual({
      type: 'int',
      value: rows.filter((r) => r.revenue > HIGH_VALUE_REVENUE).length,
    });
    expect(metadata.processing_time_ms?.type).toBe('float');
    expect(metadata.processing_time_ms?.value).toBeGreaterThanOrEqual(0);
    expect(metadata.columns?.value).toEqual(['orderId', 'region', 'product', 'quantity', 'unitPrice', 'revenue']);
    expect(metadata.schema?.type).toBe('table_schema');
    expect(metadata.preview?.type).toBe('md');
    const previewLines = String(metadata.preview?.value).split('\n');
    expect(previewLines[0]).toMatch(/^\| orderId\s+\| region\s+\|.*\| revenue \|$/);
    expect(previewLines).toHaveLength(2 + 5);
    const levels = result.events
      .filter((e) => e.eventType === 'LOG_MESSAGE' && e.stepKey === 'sales_transform')
      .map((e) => e.level);
    expect(new Set(levels)).toEqual(new Set(['DEBUG', 'INFO', 'WARNING']));
    const timing = result.events.find(
      (e) => e.stepKey === 'sales_transform' && /Completed transformation in/.test(e.message),
    );
    expect(timing?.level).toBe('INFO');
  });

  it('writes the warnings report through the paths resource and puts it on the materialization', async () => {
    // Prepare
    const outputDir = mkdtempSync(join(tmpdir(), 'stepster-paths-'));

    // Act
    const result = await materialize(assets, { resources: { paths: new PathsResource({ outputDir }) } });

    // Assess
    const file = join(outputDir, 'validation_warnings.json');
    const warnings = JSON.parse(readFileSync(file, 'utf8')) as ValidationWarning[];
    const rows = result.assetValue('sales_transform') as { orderId: string; region: string; revenue: number }[];
    const badRows = rows.flatMap((row, index) => (row.region === '' || row.revenue <= 0 ? [index] : []));
    expect(badRows.length).toBeGreaterThan(0);
    expect([...new Set(warnings.map((w) => w.row))].sort((a, b) => a - b)).toEqual(badRows);
    expect(warnings.find((w) => w.column === 'region')).toMatchObject({
      asset: 'sales_transform',
      check: 'region is empty',
      failureCase: '',
    });
    expect(result.assetValue('validation_warnings_report')).toEqual({
      status: 'warnings',
      warningCount: warnings.length,
    });
    const metadata = materializationOf(result.events, 'validation_warnings_report')?.data?.metadata;
    expect(metadata).toMatchObject({
      warning_count: { type: 'int', value: warnings.length },
      warnings_file: { type: 'path', value: file },
      warnings_preview: { type: 'json', value: warnings.slice(0, 10) },
    });
  });

  it('refuses to run the report without the paths resource, naming the asset, the key and the fix', async () => {
    // Act
    const run = materialize(assets, { raiseOnError: false });

    // Assess
    await expect(run).rejects.toBeInstanceOf(DefinitionError);
    await expect(run).rejects.toThrow(
      'op "validation_warnings_report" of job "__ASSET_JOB" requires resource "paths", which is not among the resources (none)',
    );
  });

  it('validates the paths config before any asset runs', async () => {
    // Act
    const result = await materialize(assets, {
      raiseOnError: false,
      resources: { paths: defaultPaths },
      runConfig: { resources: { paths: { config: { outputDir: '' } } } },
    });

    // Assess
    expect(result.success).toBe(false);
    expect(result.events.some((e) => e.eventType === 'STEP_START')).toBe(false);
    expect(JSON.stringify(result.events.find((e) => e.eventType === 'RUN_FAILURE')?.data)).toContain(
      'runConfig.resources.paths.config.outputDir',
    );
  });

  it('runs the sales_assets job of the examples’ Definitions with their resources', async () => {
    // Prepare
    const job = definitions.getJob('sales_assets');

    // Act
    const result = await executeInProcess(job, { definitions });

    // Assess
    expect(job.nodes.map((n) => n.name)).toEqual([
      'raw_sales',
      'sales_transform',
      'sales_transform__check_sales_schema',
      'sales_transform__check_sales_data_quality',
      validationWarningsReport.name,
    ]);
    expect(result.success).toBe(true);
    // The blocking schema check passes; the non-blocking quality check fails and the run goes on.
    const evaluations = result.events
      .filter((e) => e.eventType === 'ASSET_CHECK_EVALUATION')
      .map((e) => [e.data?.checkName, e.data?.passed]);
    expect(evaluations).toEqual([
      ['check_sales_schema', true],
      ['check_sales_data_quality', false],
    ]);
    const materialized = result.events
      .filter((e) => e.eventType === 'ASSET_MATERIALIZATION')
      .map((e) => e.data?.assetKey);
    expect(materialized).toEqual(['raw_sales', 'sales_transform', 'validation_warnings_report']);
    // The implicit job materializes every asset, but observes no source (seed 002's has its own job).
    expect(definitions.getJob('__ASSET_JOB').nodes.map((n) => n.name)).toEqual([
      ...job.nodes.map((n) => n.name),
      'price_summary',
    ]);
  });
});

describe('seed 002: the observable price list', () => {
  it('observes the file, and marks the summary stale once the file changes', async () => {
    // Prepare
    const outputDir = mkdtempSync(join(tmpdir(), 'stepster-prices-'));
    const instance = await openLocalInstance({ inMemory: true });
    const resources = { paths: new PathsResource({ outputDir }) };
    const observe = async () =>
      executeInProcess(definitions.getJob('observation_job'), { definitions, resources, instance: instance.store });
    writeFileSync(join(outputDir, PRICE_LIST_FILE), 'product,price\nbeans,12\n');

    try {
      // Act
      const firstObservation = await observe();
      await materialize([priceSummary], { resources, instance: instance.store });
      const fresh = await instance.store.getAssetStatus('price_summary');
      writeFileSync(join(outputDir, PRICE_LIST_FILE), 'product,price\nbeans,12\ngrinder,129\n');
      await observe();
      const stale = await instance.store.getAssetStatus('price_summary');

      // Assess
      expect(firstObservation.events.map((e) => e.eventType)).toContain('ASSET_OBSERVATION');
      expect(firstObservation.events.some((e) => e.eventType === 'ASSET_MATERIALIZATION')).toBe(false);
      expect(fresh.stale).toBe(false);
      expect(stale.stale).toBe(true);
      expect(stale.staleBecause).toEqual([{ key: 'price_list', was: expect.any(String), now: expect.any(String) }]);
      expect(stale.staleBecause[0]?.was).not.toBe(stale.staleBecause[0]?.now);
    } finally {
      await instance.close();
    }
  });

  it('is scheduled daily', () => {
    // Act
    const schedule = definitions.schedules.find((s) => s.name === 'observation_schedule');

    // Assess
    expect(schedule).toMatchObject({ jobName: 'observation_job', cronSchedules: ['0 0 * * *'] });
  });
});
