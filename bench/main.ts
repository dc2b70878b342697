import '../shared/local/promise-with-resolvers.js';
import { benchCore } from './core.js';

// `npm run bench`: a benchmark, not a test. Prints figures; asserts nothing.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

type Section = { title: string; run: () => Promise<Record<string, unknown>> };

async function optional(
  path: string,
  exportName: string,
): Promise<(() => Promise<Record<string, unknown>>) | undefined> {
  try {
    const mod = (await import(path)) as Record<string, unknown>;
    const fn = mod[exportName];
    return typeof fn === 'function' ? (fn as () => Promise<Record<string, unknown>>) : undefined;
  } catch {
    return undefined;
  }
}

const sections: Section[] = [{ title: 'Core: local engine, state machine, event log', run: benchCore }];
const assets = await optional('./assets.js', 'benchAssets');
if (assets) sections.push({ title: 'Assets: transitions and DynamoDB requests per asset step', run: assets });
const loggers = await optional('./loggers.js', 'benchLoggers');
if (loggers) sections.push({ title: 'Loggers', run: loggers });
const reexecution = await optional('./reexecution.js', 'benchReexecution');
if (reexecution) sections.push({ title: 'Re-execution: steps skipped vs steps re-run', run: reexecution });
const deploy = await optional('./deploy.js', 'benchDeploy');
if (deploy) sections.push({ title: 'Deploy: bundles, synth, transitions', run: deploy });

for (const section of sections) {
  process.stdout.write(`\n== ${section.title} ==\n`);
  const figures = await section.run();
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  for (const [k, v] of Object.entries(figures)) {
    process.stdout.write(`${k.padEnd(width)}  ${typeof v === 'object' ? JSON.stringify(v) : String(v)}\n`);
  }
}
