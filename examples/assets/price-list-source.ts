import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { asset, DataVersion, defineAssetJob, observableSourceAsset, schedule } from 'stepster';
import { pathsOf } from './paths-resource.js';

/** The file another team drops into the output directory; stepster does not write it. */
export const PRICE_LIST_FILE = 'price_list.csv';

async function readPriceList(outputDir: string): Promise<string> {
  try {
    return await readFile(join(outputDir, PRICE_LIST_FILE), 'utf8');
  } catch (error) {
    // Not delivered yet: an empty list, whose version changes once the file arrives.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/**
 * Seed 002's observable source asset: its observation hashes the file's content into a
 * DataVersion. When the file changes, assets materialized from an older version show as stale
 * ("upstream changed") in `npx stepster assets` and `getAssetStatus`.
 */
export const priceListSource = observableSourceAsset(
  {
    name: 'price_list',
    group: 'pricing',
    kinds: ['csv'],
    description: 'The price list another team delivers as a CSV file',
    requiredResourceKeys: ['paths'],
  },
  async (context) => {
    const content = await readPriceList(pathsOf(context).outputDir);
    return new DataVersion(createHash('sha256').update(content, 'utf8').digest('hex'));
  },
);

/** An asset built from the price list: `deps` records the list's version as its provenance. */
export const priceSummary = asset(
  {
    name: 'price_summary',
    group: 'pricing',
    deps: [priceListSource],
    description: 'How many prices the list holds',
    requiredResourceKeys: ['paths'],
  },
  async (context) => {
    const lines = (await readPriceList(pathsOf(context).outputDir)).split('\n').filter((line) => line.trim() !== '');
    const prices = Math.max(0, lines.length - 1);
    context.addOutputMetadata({ price_count: prices });
    return { prices };
  },
);

/** Seed 002's observation job: observes the source and materializes nothing. */
export const observationJob = defineAssetJob({ name: 'observation_job', selection: [priceListSource] });

/** The observation job every day at midnight UTC (EventBridge Scheduler on AWS). */
export const observationSchedule = schedule({
  name: 'observation_schedule',
  job: observationJob,
  cronSchedule: '0 0 * * *',
});
