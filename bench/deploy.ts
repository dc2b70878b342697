// Deploy figures for `npm run bench`: bundle size and cold load time per op bundle, synth time
// for the examples and for a 500-op job, state transitions per run of each example.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { App } from 'aws-cdk-lib';
import type { FunctionBundle } from '../infra/bundling/function-bundle.js';
import { buildFunctionBundles } from '../infra/bundling/function-bundles.js';
import type { LayerBundle } from '../infra/bundling/layer-bundle.js';
import { createStepsterApp } from '../infra/stepster-app.js';
import { compileJob } from '../shared/compiler/compile-job.js';
import { loadDefinitions } from '../shared/definitions/load-definitions.js';

const ROOT = resolve(import.meta.dirname ?? '.', '..');
const EXAMPLES = 'examples/definitions.ts';
const SDK_MODULES = ['@aws-sdk/client-dynamodb', '@aws-sdk/client-sfn', '@aws-sdk/client-cloudwatch-logs'];

/**
 * A directory laid out as Lambda sees a function: its bundle, and a node_modules with the
 * layer's packages and (standing in for the runtime's) the AWS SDK. The bundle resolves zod
 * and stepster from the layer, not from the project: the directory is outside the project,
 * whose own package (also named stepster) would otherwise answer `import 'stepster'`.
 */
function lambdaLayout(bundle: FunctionBundle, layer: LayerBundle): string {
  const root = mkdtempSync(join(tmpdir(), 'stepster-bench-lambda-'));
  mkdirSync(join(root, 'node_modules'));
  for (const name of layer.packages) symlinkSync(join(layer.nodeModules, name), join(root, 'node_modules', name));
  symlinkSync(join(ROOT, 'node_modules', '@aws-sdk'), join(root, 'node_modules', '@aws-sdk'));
  cpSync(bundle.file, join(root, 'index.mjs'));
  return join(root, 'index.mjs');
}

/**
 * Cold load of a bundle in fresh Node.js processes, zod and stepster (from the layer) included: once with
 * the AWS SDK clients already loaded (the bundle's own cost), once alone (the bundle plus the
 * SDK clients it imports at load time, as a Lambda cold start pays them). Best of three each.
 */
function coldLoad(bundle: FunctionBundle, layer: LayerBundle): { bundleMs: number; withSdkMs: number } {
  const file = lambdaLayout(bundle, layer);
  const run = (preload: readonly string[]) => {
    const script = `
      for (const m of ${JSON.stringify(preload)}) await import(m);
      const t = performance.now();
      await import(${JSON.stringify(file)});
      process.stdout.write(String(performance.now() - t));`;
    const samples = [0, 1, 2].map(() =>
      Number(
        execFileSync(process.execPath, ['--input-type=module', '-e', script], {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
          stdio: ['ignore', 'pipe', 'ignore'],
        }),
      ),
    );
    return round(Math.min(...samples));
  };
  return { bundleMs: run(SDK_MODULES), withSdkMs: run([]) };
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** A definitions module with one 500-op job: 20 layers of 25 ops, each joining two ops of the layer before. */
function write500OpDefinitions(): string {
  const dir = join(ROOT, '.stepster', 'bench');
  mkdirSync(dir, { recursive: true });
  const width = 25;
  const layers = 20;
  const lines = [
    "import { Definitions, In, job, op } from 'stepster';",
    "const seed = op({ name: 'seed' }, async () => 1);",
    "const merge = op({ name: 'merge', ins: { a: In(), b: In() } }, async (_context, { a, b }) => (a as number) + (b as number));",
    "export const wideJob = job({ name: 'wide_job' }, () => {",
    `  let previous = Array.from({ length: ${width} }, (_, i) => seed.alias(\`s0_\${i}\`)());`,
    `  for (let layer = 1; layer < ${layers}; layer++) {`,
    `    previous = previous.map((_, i) => merge.alias(\`m\${layer}_\${i}\`)(previous[i]!, previous[(i + 1) % ${width}]!));`,
    '  }',
    '});',
    'export default new Definitions({ jobs: [wideJob] });',
  ];
  const file = join(dir, 'wide-definitions.ts');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function timeSynth(
  definitionsFile: string,
  stage: string,
  bundleCache: boolean,
): Promise<{ seconds: number; resources: number }> {
  const outdir = mkdtempSync(join(tmpdir(), 'stepster-bench-'));
  const started = performance.now();
  const built = await createStepsterApp({ app: new App({ outdir }), stage, definitionsFile, bundleCache });
  built.app.synth();
  const seconds = (performance.now() - started) / 1000;
  const template = JSON.parse(readFileSync(join(outdir, `${built.stack.stackName}.template.json`), 'utf8')) as {
    Resources: object;
  };
  return { seconds: round(seconds, 2), resources: Object.keys(template.Resources).length };
}

/**
 * Bundles (fresh, no cache), their sizes and cold load times, synth times and transitions.
 *
 * @example
 * const figures = await benchDeploy();
 */
export async function benchDeploy(): Promise<Record<string, unknown>> {
  mkdirSync(join(ROOT, '.stepster', 'bench'), { recursive: true });
  const definitions = await loadDefinitions(join(ROOT, EXAMPLES));
  const opNames = [...new Set(definitions.jobs.flatMap((job) => job.nodes.map((node) => node.op.name)))];
  const bundleStart = performance.now();
  const fresh = await buildFunctionBundles({
    definitionsFile: EXAMPLES,
    opNames,
    cache: false,
    // Inside the project, so the bundles find the AWS SDK in node_modules as Lambda finds it in its runtime.
    outDir: mkdtempSync(join(ROOT, '.stepster', 'bench', 'bundles-')),
  });
  const bundleSeconds = (performance.now() - bundleStart) / 1000;

  const perBundle: Record<string, { kb: number; gzipKb: number; coldLoadMs: number; withSdkMs: number }> = {};
  for (const bundle of fresh.all) {
    const bytes = readFileSync(bundle.file);
    const load = coldLoad(bundle, fresh.layer);
    perBundle[bundle.key] = {
      kb: round(bytes.byteLength / 1024),
      gzipKb: round(gzipSync(bytes).byteLength / 1024),
      coldLoadMs: load.bundleMs,
      withSdkMs: load.withSdkMs,
    };
  }
  const ops = Object.entries(perBundle).filter(([key]) => key.startsWith('op-'));
  const maxOf = (pick: (v: (typeof ops)[number][1]) => number) => Math.max(...ops.map(([, v]) => pick(v)));
  const opKbs = ops.map(([, v]) => v.kb).sort((a, b) => a - b);
  const zod = fresh.op(opNames[0] ?? '').composition.zod ?? 0;
  const sampleOp = fresh.op(opNames[0] ?? '');
  const zodAlone = coldLoad(
    { ...sampleOp, file: join(fresh.layer.nodeModules, 'zod', 'index.mjs') },
    fresh.layer,
  ).bundleMs;

  const examplesSynth = await timeSynth(EXAMPLES, 'bench', false);
  const examplesSynthCached = await timeSynth(EXAMPLES, 'bench', true);
  const wideFile = write500OpDefinitions();
  const wideSynth = await timeSynth(wideFile, 'bench', false);
  const wide = await loadDefinitions(wideFile);
  const wideStats = compileJob(wide.getJob('wide_job')).stats;

  const transitions: Record<string, number> = {};
  for (const job of definitions.jobs) transitions[job.name] = compileJob(job).stats.transitionsPerRun;

  return {
    'op bundles': ops.length,
    'op bundle KB (min / median / max)': `${opKbs[0]} / ${opKbs[Math.floor(opKbs.length / 2)]} / ${opKbs.at(-1)}`,
    'op bundle KB (max)': maxOf((v) => v.kb),
    'op bundle gzip KB (max)': maxOf((v) => v.gzipKb),
    'zod share of an op bundle KB (in the layer instead)': round(zod / 1024),
    'shared layer KB (zod and stepster runtime)': round(fresh.layer.bytes / 1024),
    'stepster runtime KB (in the layer, one instance per container)': round(fresh.layer.runtime.bytes / 1024),
    'zod cold load ms (from the layer, part of each load below)': zodAlone,
    'op bundle cold load ms (max, SDK preloaded, zod and stepster runtime included)': maxOf((v) => v.coldLoadMs),
    'op bundle cold load ms (max, with SDK)': maxOf((v) => v.withSdkMs),
    'target: KB ≤ 150, load ms ≤ 50': `${maxOf((v) => v.kb) <= 150 ? 'size met' : 'size NOT met'}, ${maxOf((v) => v.coldLoadMs) <= 50 ? 'load met' : 'load NOT met'}`,
    'bundling s (all examples, fresh)': round(bundleSeconds, 2),
    'per bundle': perBundle,
    'synth s (examples, fresh bundles)': examplesSynth.seconds,
    'synth s (examples, cached bundles)': examplesSynthCached.seconds,
    'synth resources (examples)': examplesSynth.resources,
    'synth s (500-op job)': wideSynth.seconds,
    'synth resources (500-op job, root stack)': wideSynth.resources,
    '500-op job transitions per run': wideStats.transitionsPerRun,
    '500-op job gated ops': wideStats.gatedOps.length,
    'transitions per run': transitions,
  };
}
