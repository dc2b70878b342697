import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { Definitions, Failure, job, MetadataValue, Output, op, RetryPolicy } from 'stepster';
import { salesAssets, salesAssetsJob } from '../../../examples/assets/definitions.js';
import { PathsResource } from '../../../examples/assets/paths-resource.js';
import { fanOutJob } from '../../integration/fixtures/fan-out-definitions.js';
import { salesChecks } from '../../../examples/assets/sales-checks.js';

/**
 * XSS probes: each would set `window.__pwned` or open a dialog if the page ever put it in the
 * DOM as HTML or followed it as a link.
 */
export const Probe = {
  img: '<img src=x onerror="window.__pwned=1;alert(1)">',
  script: '<script>window.__pwned=2;alert(2)</script>',
  markdownLink: '[click me](javascript:window.__pwned=3)',
  url: 'javascript:window.__pwned=4',
  tag: '<b onmouseover="window.__pwned=5">bold</b>',
  svg: '<svg><script>window.__pwned=6</script></svg>',
} as const;

const xssOp = op({ name: 'xss_op' }, async (context) => {
  context.log.info(Probe.img);
  context.log.error(`${Probe.script} ${Probe.svg}`);
  return new Output(1, {
    metadata: {
      report: MetadataValue.md(
        [
          `# Report ${Probe.img}`,
          '',
          Probe.script,
          '',
          `${Probe.markdownLink} and [the docs](https://example.com/md)`,
          '',
          '| cell |',
          '|---|',
          `| ${Probe.img} |`,
        ].join('\n'),
      ),
      link: MetadataValue.url(Probe.url),
      note: MetadataValue.text(Probe.img),
      raw: MetadataValue.json({ html: Probe.script }),
      where: MetadataValue.path(Probe.svg),
      docs: MetadataValue.url('https://example.com/docs'),
      rows: MetadataValue.table({ records: [{ city: Probe.img, sales: 3 }] }),
      columns: MetadataValue.tableSchema({
        columns: [
          { name: 'city', type: 'string' },
          { name: 'sales', type: 'int' },
        ],
      }),
      source: MetadataValue.assetKey(['warehouse', 'sales']),
      owner_job: MetadataValue.jobName('sales_assets'),
      complete: MetadataValue.bool(true),
      ratio: MetadataValue.float(0.25),
      count: MetadataValue.int(42),
      at: MetadataValue.timestamp(new Date('2026-11-01T00:00:00Z')),
      nothing: MetadataValue.null(),
    },
  });
});

/** A job whose every user text (description, tags, logs, metadata) is an XSS probe. */
export const xssJob = job(
  {
    name: 'xss_job',
    description: Probe.img,
    tags: { probe: Probe.tag },
    metadata: { notes: MetadataValue.md(`${Probe.script}\n\n${Probe.markdownLink}`) },
  },
  () => {
    xssOp();
  },
);

/** Fails on every attempt with a Failure and its metadata: one retry, then the step fails. */
const flakyExport = op(
  { name: 'flaky_export', retryPolicy: new RetryPolicy({ maxRetries: 1, delay: 0.2 }) },
  async () => {
    throw new Failure({
      description: 'The export was empty',
      metadata: { rows: MetadataValue.int(0), export: MetadataValue.path('/data/export.csv') },
    });
  },
);

export const flakyJob = job({ name: 'flaky_job', description: 'Retries once, then fails' }, () => {
  flakyExport();
});

/** Sleeps as configured, so a test can see a run while it goes on. */
const napOp = op({ name: 'nap', config: z.object({ seconds: z.number().min(0).max(30) }) }, async (context) => {
  await new Promise((resolve) => setTimeout(resolve, context.opConfig.seconds * 1000));
  context.log.info(`slept ${context.opConfig.seconds}s`);
  return context.opConfig.seconds;
});

export const napJob = job({ name: 'nap_job', description: 'Sleeps, to watch a live run' }, () => {
  napOp();
});

/** A fan-out of 3 items (`process[b]` fails) and one of 1,000 (two fail), for the fan-out pages. */
export const FAN_THOUSAND_FAILING = ['k17', 'k503'];
const fanJobs = [
  fanOutJob('fan_small', ['c', 'a', 'b'], ['b']),
  fanOutJob(
    'fan_thousand',
    Array.from({ length: 1000 }, (_, i) => `k${i}`),
    FAN_THOUSAND_FAILING,
  ),
];

/** The Definitions the browser tests serve: seed 001's sales assets and checks, and the jobs above. */
export function browserDefinitions(): Definitions {
  const outputDir = mkdtempSync(join(tmpdir(), 'stepster-ui-browser-'));
  return new Definitions({
    assets: salesAssets,
    assetChecks: salesChecks,
    jobs: [salesAssetsJob, xssJob, flakyJob, napJob, ...fanJobs],
    resources: { paths: new PathsResource({ outputDir }) },
  });
}
