import '../shared/local/promise-with-resolvers.js';
import { benchAssets } from './assets.js';
import { benchBigJobs } from './big-jobs.js';
import { benchCore } from './core.js';
import { benchDeploy } from './deploy.js';
import { benchFanOut } from './fan-out.js';
import { benchLoggers } from './loggers.js';
import { benchReexecution } from './reexecution.js';

// `npm run bench`: a benchmark, not a test. Prints figures; asserts nothing.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

type Section = { title: string; run: () => Promise<Record<string, unknown>> };

const sections: Section[] = [
  { title: 'Core: local engine, state machine, event log', run: benchCore },
  { title: 'Assets: transitions and DynamoDB requests per asset step', run: benchAssets },
  { title: 'Loggers', run: benchLoggers },
  { title: 'Re-execution: steps skipped vs steps re-run', run: benchReexecution },
  { title: 'Deploy: bundles, synth, transitions', run: benchDeploy },
  { title: 'Dynamic fan-out: a 1,000-item Map state', run: benchFanOut },
  { title: 'Big jobs: split into child executions', run: benchBigJobs },
];

for (const section of sections) {
  process.stdout.write(`\n== ${section.title} ==\n`);
  const figures = await section.run();
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  for (const [k, v] of Object.entries(figures)) {
    process.stdout.write(`${k.padEnd(width)}  ${typeof v === 'object' ? JSON.stringify(v) : String(v)}\n`);
  }
}
