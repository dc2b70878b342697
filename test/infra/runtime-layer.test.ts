// stepster's runtime in the shared layer, seen from a user's Definitions module: the module and
// the handlers share one instance of it, however the module imports it, and a name that only
// runs locally fails the build instead of a Lambda's init.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleError } from '../../infra/bundling/bundle-error.js';
import { buildFunctionBundles, type FunctionBundles } from '../../infra/bundling/function-bundles.js';

const ROOT = resolve('.');
// Inside the project, as a user's modules are (`stepster` resolves to the project's package).
let scratch: string;

beforeAll(() => {
  mkdirSync(join(ROOT, '.stepster'), { recursive: true });
  scratch = mkdtempSync(join(ROOT, '.stepster', 'runtime-layer-'));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Writes a Definitions module under the scratch directory and bundles it (op `a`) into its own output. */
async function bundle(name: string, lines: readonly string[]): Promise<FunctionBundles> {
  const dir = join(scratch, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'definitions.ts'), `${lines.join('\n')}\n`);
  return buildFunctionBundles({
    definitionsFile: join(dir, 'definitions.ts'),
    opNames: ['a'],
    outDir: join(dir, 'out'),
  });
}

/** The value `globalThis.probe` holds once the lifecycle bundle (which loads the Definitions at init) is loaded as Lambda loads it. */
function probeAfterLoading(bundles: FunctionBundles): unknown {
  const root = mkdtempSync(join(tmpdir(), 'stepster-runtime-layer-'));
  mkdirSync(join(root, 'node_modules'));
  mkdirSync(join(root, 'task'));
  for (const name of bundles.layer.packages)
    symlinkSync(join(bundles.layer.nodeModules, name), join(root, 'node_modules', name));
  symlinkSync(join(ROOT, 'node_modules', '@aws-sdk'), join(root, 'node_modules', '@aws-sdk'));
  cpSync(bundles.lifecycle.file, join(root, 'task', 'index.mjs'));
  const script = `await import(${JSON.stringify(join(root, 'task', 'index.mjs'))}); console.log(JSON.stringify(globalThis.probe ?? null));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(output) as unknown;
}

describe('stepster’s runtime in the shared layer', () => {
  it('is one instance for the user’s module and the handlers, through a namespace import and a direct file import alike', async () => {
    // Prepare: Failure reached twice, through the barrel's namespace and through its own file.
    const failureFile = relative(join(scratch, 'one'), join(ROOT, 'shared', 'events', 'failure.js'));
    const lines = [
      "import * as stepster from 'stepster';",
      `import { Failure as FailureByPath } from ${JSON.stringify(failureFile)};`,
      'const probe = globalThis as { probe?: unknown };',
      'probe.probe = { sameClass: stepster.Failure === FailureByPath, definitions: typeof stepster.Definitions };',
      "const a = stepster.op({ name: 'a' }, async () => 1);",
      "export default new stepster.Definitions({ jobs: [stepster.job({ name: 'j' }, () => { a(); })] });",
    ];

    // Act
    const bundles = await bundle('one', lines);
    const probe = probeAfterLoading(bundles);

    // Assess
    expect(probe).toEqual({ sameClass: true, definitions: 'function' });
    expect(Object.keys(bundles.layer.runtime.exports)).toEqual(
      expect.arrayContaining(['stepster', 'stepster/events/failure.mjs']),
    );
  }, 120_000);

  it('fails the build, naming it, when code Lambda loads calls what only runs locally', async () => {
    // Prepare: executeInProcess at the module's top level, so every function would call it.
    const lines = [
      "import { Definitions, executeInProcess, job, op } from 'stepster';",
      "const a = op({ name: 'a' }, async () => 1);",
      "const j = job({ name: 'j' }, () => { a(); });",
      'if (process.env.RUN_HERE) await executeInProcess(j);',
      'export default new Definitions({ jobs: [j] });',
    ];

    // Act
    const building = bundle('local-only', lines);

    // Assess
    await expect(building).rejects.toThrow(BundleError);
    await expect(building).rejects.toThrow(/imports executeInProcess from stepster.*run only locally/);
  }, 120_000);
});
