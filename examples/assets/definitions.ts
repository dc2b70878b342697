import { AssetSelection, Definitions, defineAssetJob } from 'stepster';
import { defaultPaths } from './paths-resource.js';
import { observationJob, observationSchedule, priceListSource, priceSummary } from './price-list-source.js';
import { rawSales, salesTransform } from './sales-assets.js';
import { salesChecks } from './sales-checks.js';
import { validationWarningsReport } from './warnings-report.js';

/** Seed 001's assets (the sales export, its transform, the warnings report of pattern 4) and seed 002's observable price list. */
export const salesAssets = [rawSales, salesTransform, validationWarningsReport];
export const assets = [...salesAssets, priceListSource, priceSummary];

/** The sales assets and the quality report behind them, as one job. */
export const salesAssetsJob = defineAssetJob({
  name: 'sales_assets',
  description: 'Materializes the sales assets and their warnings report',
  selection: AssetSelection.groups('sales', 'quality'),
  tags: { team: 'data', domain: 'sales' },
});

/** Seed 001's checks on sales_transform: a blocking schema check and a non-blocking quality check. */
export const assetChecks = salesChecks;

/** What the assets read from `context.resources`. */
export const resources = { paths: defaultPaths };

/**
 * The asset examples on their own (`--definitions examples/assets/definitions.ts`);
 * `examples/definitions.ts` includes the same parts.
 */
/** Seed 002: the observation job of the price list, and its daily schedule. */
export { observationJob, observationSchedule };

export default new Definitions({
  assets,
  assetChecks: salesChecks,
  jobs: [salesAssetsJob, observationJob],
  schedules: [observationSchedule],
  resources,
});
