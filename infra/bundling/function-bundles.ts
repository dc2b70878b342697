import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withDirectoryLock } from '../../shared/directory-lock/directory-lock.js';
import type { BuildContext } from './build-context.js';
import { buildFunctionBundle } from './build-function-bundle.js';
import { BundleCache } from './bundle-cache.js';
import { BundleError } from './bundle-error.js';
import { type BundleSpec, bundleKey } from './bundle-spec.js';
import { bundlerFingerprint } from './bundler-fingerprint.js';
import { shortHash } from './content-hash.js';
import type { FunctionBundle } from './function-bundle.js';
import { buildLayerBundle, type LayerBundle } from './layer-bundle.js';
import type { AfterInputRead } from './recorded-inputs.js';
import { checkRuntimeImports } from './runtime-import-check.js';
import { mergeRuntimeImports } from './runtime-imports.js';

/** The bundles of a Definitions module, by what they serve. */
export interface FunctionBundles {
  readonly definitionsFile: string;
  /** The bundle of an op's functions (one per op name, shared by every job using the op). */
  op(opName: string): FunctionBundle;
  readonly control: FunctionBundle;
  readonly lifecycle: FunctionBundle;
  readonly all: readonly FunctionBundle[];
  /** The layer every function of the stack uses (the packages the bundles leave external). */
  readonly layer: LayerBundle;
}

/** Options of {@link buildFunctionBundles}. */
export interface BuildFunctionBundlesOptions {
  /** The Definitions module (absolute, or relative to `projectRoot`). */
  readonly definitionsFile: string;
  /** Op names to bundle (one bundle each). */
  readonly opNames: readonly string[];
  /** @default the repository root (two levels above this file) */
  readonly projectRoot?: string;
  /** @default `<projectRoot>/.stepster/bundles/<definitions name>-<hash>` */
  readonly outDir?: string;
  /** Reuse a bundle whose inputs have not changed. @default true */
  readonly cache?: boolean;
  /** @default true */
  readonly minify?: boolean;
  /**
   * Bundle only zod's English error messages (zod ships about 250 KB of others).
   * `z.locales.xx()` other than `en` is then undefined in Lambda.
   * @default true
   */
  readonly englishZodOnly?: boolean;
  /**
   * Called with a source file's absolute path once esbuild has been given its bytes, before the
   * bundle is written and cached: a seam for tests that save a file in the middle of a build.
   * @default none
   */
  readonly afterInputRead?: AfterInputRead;
}

const DEFAULT_PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Bundles the Lambda code of a Definitions module with esbuild: one bundle per op name
 * (holding that op's body only: other ops' and sensors' bodies are replaced by stubs before
 * tree-shaking, so what only they import is left out), one for the run-level functions and
 * one for the lifecycle function. The AWS SDK v3 stays external (Lambda's Node.js runtime
 * has it), and so do the `LAYER_PACKAGES` (zod) and stepster itself, built once into
 * `bundles.layer` for the stack's shared Lambda layer: an op bundle holds the user's code
 * only. Bundles whose input files are unchanged (the bytes esbuild was given, not a later
 * read) are reused from the output directory.
 *
 * @example
 * const bundles = await buildFunctionBundles({ definitionsFile: 'examples/definitions.ts', opNames: ['fetch_sales'] });
 * bundles.op('fetch_sales').file; // .../.stepster/bundles/definitions-1a2b3c4d/op-fetch_sales/index.mjs
 */
export async function buildFunctionBundles(options: BuildFunctionBundlesOptions): Promise<FunctionBundles> {
  const projectRoot = options.projectRoot ?? DEFAULT_PROJECT_ROOT;
  const definitionsFile = isAbsolute(options.definitionsFile)
    ? options.definitionsFile
    : resolve(projectRoot, options.definitionsFile);
  try {
    await stat(definitionsFile);
  } catch (error) {
    throw new BundleError(
      `definitions module ${definitionsFile} does not exist: pass -c definitions=<path to a module exporting a Definitions>`,
      { cause: error },
    );
  }
  const outDir =
    options.outDir ??
    join(
      projectRoot,
      '.stepster',
      'bundles',
      `${basename(definitionsFile).replace(/\.[^.]+$/, '')}-${shortHash(definitionsFile)}`,
    );
  const context: BuildContext = {
    projectRoot,
    definitionsFile,
    outDir,
    cache: new BundleCache({ outDir, projectRoot, enabled: options.cache ?? true }),
    minify: options.minify ?? true,
    englishZodOnly: options.englishZodOnly ?? true,
    sites: new Map(),
    imports: new Map(),
    toolHash: await bundlerFingerprint(),
    afterInputRead: options.afterInputRead,
  };
  const specs: BundleSpec[] = [
    ...[...new Set(options.opNames)].sort().map((opName): BundleSpec => ({ kind: 'op', opName })),
    { kind: 'control' },
    { kind: 'lifecycle' },
  ];
  // Test files and `cdk synth` may bundle the same module at once: one builds, the others reuse.
  // The layer's stepster exports what the bundles import, so it comes after them.
  const [layer, built] = await withDirectoryLock(outDir, async () => {
    const bundles = await Promise.all(specs.map((spec) => buildFunctionBundle(context, spec)));
    const imports = mergeRuntimeImports(bundles.map((bundle) => bundle.runtimeImports));
    return [await buildLayerBundle(context, imports), bundles] as const;
  });
  await checkRuntimeImports(built, layer);
  const withLayer = built.map((bundle): FunctionBundle => ({ ...bundle, layer }));
  const byKey = new Map(withLayer.map((bundle) => [bundle.key, bundle]));
  return {
    definitionsFile,
    op(opName: string): FunctionBundle {
      const bundle = byKey.get(bundleKey({ kind: 'op', opName }));
      if (!bundle) throw new BundleError(`no bundle was built for op "${opName}": pass it in opNames`);
      return bundle;
    },
    control: byKey.get('control')!,
    lifecycle: byKey.get('lifecycle')!,
    all: withLayer,
    layer,
  };
}
