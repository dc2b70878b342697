import { AssetSelection, Definitions, defineAssetJob } from 'stepster';
import { defaultPaths } from './paths-resource.js';
import { rawSales, salesTransform } from './sales-assets.js';
import { salesChecks } from './sales-checks.js';
import { validationWarningsReport } from './warnings-report.js';

/** Seed 001's assets: the sales export, its transform, and the warnings report (pattern 4). */
export const assets = [rawSales, salesTransform, validationWarningsReport];

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
export default new Definitions({ assets, assetChecks: salesChecks, jobs: [salesAssetsJob], resources });
