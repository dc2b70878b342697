// The bundle cache keys a bundle on the bytes esbuild bundled, not on a later read: a file
// saved while esbuild builds must not pair its new hash with the old code, or every later
// synth reuses the old code. Real esbuild; the save is injected right after esbuild's read.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunctionBundles } from '../../infra/bundling/function-bundles.js';

const ROOT = resolve('.');
// Inside the project, as the bundles of a real synth are (esbuild resolves the project's packages).
let scratch: string;
let definitionsFile: string;
let outDir: string;

/** A Definitions module whose one op logs `version`. */
function definitionsSource(version: string): string {
  const stepster = relative(scratch, join(ROOT, 'shared', 'index.js'));
  return [
    `import { Definitions, job, op } from ${JSON.stringify(stepster)};`,
    `const greet = op({ name: 'greet' }, async (context) => { context.log.info(${JSON.stringify(version)}); return 1; });`,
    "export default new Definitions({ jobs: [job({ name: 'greeting' }, () => { greet(); })] });",
    '',
  ].join('\n');
}

beforeAll(() => {
  mkdirSync(join(ROOT, '.stepster'), { recursive: true });
  scratch = mkdtempSync(join(ROOT, '.stepster', 'staleness-'));
  definitionsFile = join(scratch, 'definitions.ts');
  outDir = join(scratch, 'bundles');
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the bundle cache', () => {
  it('rebuilds a bundle whose source was saved while esbuild was building it, instead of reusing the old code', async () => {
    // Prepare: the op, control and lifecycle builds each read the module; once all three have
    // been given version one, and before any of them finishes, version two is saved.
    writeFileSync(definitionsFile, definitionsSource('greeting version one'));
    const BUILDS = 3;
    let reads = 0;
    let saved = false;
    let release = () => {};
    const allRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const saveDuringBuild = async (file: string) => {
      if (file !== definitionsFile) return;
      reads += 1;
      if (reads === BUILDS) {
        writeFileSync(definitionsFile, definitionsSource('greeting version two'));
        saved = true;
        release();
      }
      await allRead;
    };
    const first = await buildFunctionBundles({
      definitionsFile,
      opNames: ['greet'],
      outDir,
      afterInputRead: saveDuringBuild,
    });
    const firstCode = readFileSync(first.op('greet').file, 'utf8');

    // Act
    const second = await buildFunctionBundles({ definitionsFile, opNames: ['greet'], outDir });

    // Assess: the first bundle holds what esbuild was given (version one); the next build sees the save.
    expect(saved).toBe(true);
    expect(firstCode).toContain('greeting version one');
    const secondCode = readFileSync(second.op('greet').file, 'utf8');
    expect(second.op('greet').cached).toBe(false);
    expect(secondCode).toContain('greeting version two');
    expect(secondCode).not.toContain('greeting version one');
  }, 120_000);

  it('still reuses every bundle whose inputs are unchanged, and reusing is faster than building', async () => {
    // Prepare: a new output directory, so the cold build makes the layer too. The bundles alone
    // (the user's code: stepster's runtime is in the layer) take about as long to build as to
    // check, so timing them alone would measure the machine's load, not the cache.
    writeFileSync(definitionsFile, definitionsSource('greeting version three'));
    const options = { definitionsFile, opNames: ['greet'], outDir: join(scratch, 'cold-bundles') };
    const coldStart = performance.now();
    await buildFunctionBundles(options);
    const coldMs = performance.now() - coldStart;

    // Act
    const cachedStart = performance.now();
    const again = await buildFunctionBundles(options);
    const cachedMs = performance.now() - cachedStart;

    // Assess
    process.stdout.write(`bundle cache: cold ${coldMs.toFixed(0)} ms, cached ${cachedMs.toFixed(0)} ms\n`);
    expect(again.all.map((b) => [b.key, b.cached])).toEqual([
      ['op-greet', true],
      ['control', true],
      ['lifecycle', true],
    ]);
    expect(again.layer.cached).toBe(true);
    expect(readFileSync(again.op('greet').file, 'utf8')).toContain('greeting version three');
    expect(cachedMs).toBeLessThan(coldMs);
  }, 120_000);
});
