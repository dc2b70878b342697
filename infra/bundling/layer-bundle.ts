import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { writeAtomically } from './atomic-write.js';
import type { BuildContext } from './build-context.js';
import { BundleError } from './bundle-error.js';
import { shortHash } from './content-hash.js';
import { englishZodLocales } from './english-zod-locales.js';
import { LAYER_PACKAGES } from './layer-packages.js';
import { RUNTIME_PACKAGE, type RuntimeImports } from './runtime-imports.js';
import { buildRuntimePackage, type RuntimePackage } from './runtime-package.js';

/**
 * The shared Lambda layer: what every function needs, kept out of the bundles (they import
 * it at run time) and deployed once per stack in Lambda's Node.js layout: the heavy npm
 * packages (zod) and stepster's own runtime (`stepster`).
 */
export interface LayerBundle {
  /** The asset directory: `nodejs/node_modules/<package>/...`. */
  readonly directory: string;
  /** `nodejs/node_modules`, where a local run resolves the packages as Lambda does in `/opt`. */
  readonly nodeModules: string;
  /** Packages the layer holds: {@link LAYER_PACKAGES}, each as one pre-bundled ESM file, and `stepster`. */
  readonly packages: readonly string[];
  /** Bytes of the layer's JavaScript. */
  readonly bytes: number;
  /** stepster's runtime package: its bytes, exports by specifier and composition. */
  readonly runtime: RuntimePackage;
  readonly cached: boolean;
}

// The layer's key in the output directory (and in the cache).
const LAYER_KEY = 'layer';

/**
 * Builds the layer: each of {@link LAYER_PACKAGES} as one minified ESM file (one file loads
 * faster than a package's hundreds), with its licence, under `nodejs/node_modules/<name>`,
 * reused from the cache while the packages' versions and the build options are the same; and
 * stepster's runtime package with what the function bundles import from it (`runtimeImports`).
 *
 * @example
 * const layer = await buildLayerBundle(context, { stepster: ['job', 'op'] });
 * layer.nodeModules; // .../.stepster/bundles/definitions-1a2b3c4d/layer/nodejs/node_modules
 */
export async function buildLayerBundle(context: BuildContext, runtimeImports: RuntimeImports): Promise<LayerBundle> {
  const directory = join(context.outDir, LAYER_KEY);
  const nodeModules = join(directory, 'nodejs', 'node_modules');
  const [packages, runtime] = await Promise.all([
    buildLayerPackages(context, nodeModules),
    buildRuntimePackage(context, runtimeImports, nodeModules),
  ]);
  return {
    directory,
    nodeModules,
    packages: [...LAYER_PACKAGES, RUNTIME_PACKAGE],
    bytes: packages.bytes + runtime.bytes,
    runtime,
    cached: packages.cached && runtime.cached,
  };
}

/** The npm packages of the layer ({@link LAYER_PACKAGES}). */
async function buildLayerPackages(
  context: BuildContext,
  nodeModules: string,
): Promise<{ bytes: number; cached: boolean }> {
  const versions = await Promise.all(
    LAYER_PACKAGES.map(async (name) => {
      const packageJson = JSON.parse(
        await readFile(join(context.projectRoot, 'node_modules', name, 'package.json'), 'utf8'),
      ) as { version?: string };
      return `${name}@${packageJson.version ?? '?'}`;
    }),
  );
  const specHash = shortHash(
    JSON.stringify({ versions, minify: context.minify, zod: context.englishZodOnly, tool: context.toolHash }),
  );
  const files = LAYER_PACKAGES.map((name) => join(nodeModules, name, 'index.mjs'));
  const reused = await context.cache.reusable(LAYER_KEY, specHash, files);
  if (reused) return { bytes: reused.bytes, cached: true };

  // As for a function bundle: no manifest describes files being replaced.
  await context.cache.forget(LAYER_KEY);
  let bytes = 0;
  for (const [index, name] of LAYER_PACKAGES.entries()) {
    const packageDir = join(nodeModules, name);
    const contents = await bundlePackage(context, name, join(packageDir, 'index.mjs'));
    await mkdir(packageDir, { recursive: true });
    await writeAtomically(join(packageDir, 'index.mjs'), contents);
    const version = versions[index]?.slice(name.length + 1) ?? '0.0.0';
    const packageJson = {
      name,
      version,
      type: 'module',
      main: './index.mjs',
      exports: { '.': './index.mjs', './package.json': './package.json' },
    };
    await writeAtomically(join(packageDir, 'package.json'), `${JSON.stringify(packageJson, null, 1)}\n`);
    const licence = await readFile(join(context.projectRoot, 'node_modules', name, 'LICENSE')).catch(() => undefined);
    if (licence) await writeAtomically(join(packageDir, 'LICENSE'), licence);
    bytes += contents.byteLength;
  }
  await context.cache.record(LAYER_KEY, { specHash, inputs: {}, bytes, composition: {} });
  return { bytes, cached: false };
}

/** One package, re-exported whole, as one ESM file. */
async function bundlePackage(context: BuildContext, name: string, outfile: string): Promise<Uint8Array> {
  let result: esbuild.BuildResult<{ write: false }>;
  try {
    result = await esbuild.build({
      absWorkingDir: context.projectRoot,
      stdin: {
        contents: `export * from '${name}'; export { default } from '${name}';`,
        resolveDir: context.projectRoot,
        loader: 'js',
      },
      bundle: true,
      write: false,
      outfile,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      minify: context.minify,
      legalComments: 'none',
      logLevel: 'silent',
      plugins: context.englishZodOnly && name === 'zod' ? [englishZodLocales()] : [],
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BundleError(`esbuild could not build the layer's ${name}: ${reason}`, { cause: error });
  }
  const output = result.outputFiles[0];
  if (!output) throw new BundleError(`esbuild produced no output for the layer's ${name}`);
  return output.contents;
}
