import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rmdir, stat, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { type DefinitionCallSite, findDefinitionCallSites, stubBodies } from './definition-call-sites.js';

/** What a bundle holds: one op's function, a job's run-level functions, or the lifecycle function. */
export type BundleSpec =
  | { readonly kind: 'op'; readonly opName: string }
  | { readonly kind: 'control' }
  | { readonly kind: 'lifecycle' };

/** One built bundle: a directory holding `index.mjs`, deployable as a Lambda asset. */
export interface FunctionBundle {
  readonly key: string;
  readonly spec: BundleSpec;
  /** The asset directory (only `index.mjs` in it). */
  readonly directory: string;
  /** The bundle file. */
  readonly file: string;
  /** Size of `index.mjs`, in bytes. */
  readonly bytes: number;
  /** Source files the bundle holds, relative to the project root. */
  readonly inputs: readonly string[];
  /** Bytes of the bundle by origin: an npm package (`zod`) or a project folder (`shared/executor`). */
  readonly composition: Readonly<Record<string, number>>;
  /** Whether it came from the cache (its inputs were unchanged). */
  readonly cached: boolean;
  /** The layer the bundle imports its external packages from (the same for every bundle of a build). */
  readonly layer: LayerBundle;
}

/**
 * The shared Lambda layer: npm packages every function needs, kept out of the bundles
 * (they import them at run time) and deployed once per stack in Lambda's Node.js layout.
 */
export interface LayerBundle {
  /** The asset directory: `nodejs/node_modules/<package>/...`. */
  readonly directory: string;
  /** `nodejs/node_modules`, where a local run resolves the packages as Lambda does in `/opt`. */
  readonly nodeModules: string;
  /** Packages the layer holds, each as one pre-bundled ESM file. */
  readonly packages: readonly string[];
  /** Bytes of the layer's JavaScript. */
  readonly bytes: number;
  readonly cached: boolean;
}

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
}

/** A bundle could not be built, or would not run in Lambda. */
export class BundleError extends Error {
  override readonly name = 'BundleError' as const;

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
  }
}

const DEFAULT_PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// Bump when the bundling logic changes in a way the source hashes below do not capture.
const BUNDLER_VERSION = 2;
const ENTRY_OF: Readonly<Record<BundleSpec['kind'], string>> = {
  op: 'functions/op-task.ts',
  control: 'functions/run-control.ts',
  lifecycle: 'functions/run-lifecycle.ts',
};
/**
 * Heavy npm packages every function uses, deployed once in the shared layer instead of in
 * each bundle (zod is about two thirds of an op bundle). Only the bare specifier: a subpath
 * (`zod/mini`) is bundled where it is used.
 */
export const LAYER_PACKAGES = ['zod'] as const;
const ALLOWED_EXTERNAL = (path: string): boolean =>
  path.startsWith('node:') ||
  builtinModules.includes(path) ||
  path.startsWith('@aws-sdk/') ||
  (LAYER_PACKAGES as readonly string[]).includes(path);
// Lambda's ESM runtime has no `require`; bundled CommonJS code (in dependencies) still calls it.
const REQUIRE_SHIM =
  "import { createRequire as __stepsterCreateRequire } from 'node:module'; const require = __stepsterCreateRequire(import.meta.url);";

/** The key (directory name) of a bundle spec. */
export function bundleKey(spec: BundleSpec): string {
  return spec.kind === 'op' ? `op-${spec.opName}` : spec.kind;
}

/**
 * Bundles the Lambda code of a Definitions module with esbuild: one bundle per op name
 * (holding that op's body only: other ops' and sensors' bodies are replaced by stubs before
 * tree-shaking, so what only they import is left out), one for the run-level functions and
 * one for the lifecycle function. The AWS SDK v3 stays external (Lambda's Node.js runtime
 * has it), and so do {@link LAYER_PACKAGES} (zod), built once into `bundles.layer` for the
 * stack's shared Lambda layer. Bundles whose input files are unchanged are reused from the
 * output directory.
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
      {
        cause: error,
      },
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
    cache: options.cache ?? true,
    minify: options.minify ?? true,
    englishZodOnly: options.englishZodOnly ?? true,
    sites: new Map(),
    toolHash: await toolHash(),
  };
  const specs: BundleSpec[] = [
    ...[...new Set(options.opNames)].sort().map((opName): BundleSpec => ({ kind: 'op', opName })),
    { kind: 'control' },
    { kind: 'lifecycle' },
  ];
  // Test files and `cdk synth` may bundle the same module at once: one builds, the others reuse.
  const [layer, built] = await withDirectoryLock(`${outDir}.lock`, () =>
    Promise.all([buildLayer(context), Promise.all(specs.map((spec) => buildOne(context, spec)))]),
  );
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

/**
 * Builds the layer: each of {@link LAYER_PACKAGES} as one minified ESM file (one file loads
 * faster than a package's hundreds), with its licence, under `nodejs/node_modules/<name>`.
 */
async function buildLayer(context: BuildContext): Promise<LayerBundle> {
  const directory = join(context.outDir, 'layer');
  const nodeModules = join(directory, 'nodejs', 'node_modules');
  const manifestFile = join(context.outDir, 'layer.manifest.json');
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
  if (context.cache) {
    try {
      const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { specHash: string; bytes: number };
      await Promise.all(LAYER_PACKAGES.map((name) => stat(join(nodeModules, name, 'index.mjs'))));
      if (manifest.specHash === specHash) {
        return { directory, nodeModules, packages: LAYER_PACKAGES, bytes: manifest.bytes, cached: true };
      }
    } catch {
      // No usable layer yet: build it.
    }
  }
  let bytes = 0;
  for (const [index, name] of LAYER_PACKAGES.entries()) {
    const packageDir = join(nodeModules, name);
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
        outfile: join(packageDir, 'index.mjs'),
        platform: 'node',
        format: 'esm',
        target: 'node20',
        minify: context.minify,
        legalComments: 'none',
        logLevel: 'silent',
        plugins: context.englishZodOnly && name === 'zod' ? [englishZodLocales()] : [],
      });
    } catch (error) {
      throw new BundleError(`esbuild could not build the layer's ${name}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const output = result.outputFiles[0];
    if (!output) throw new BundleError(`esbuild produced no output for the layer's ${name}`);
    await mkdir(packageDir, { recursive: true });
    await writeAtomically(join(packageDir, 'index.mjs'), output.contents);
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
    bytes += output.contents.byteLength;
  }
  await writeAtomically(manifestFile, JSON.stringify({ specHash, bytes }));
  return { directory, nodeModules, packages: LAYER_PACKAGES, bytes, cached: false };
}

/** Keeps only zod's English messages (zod ships about 250 KB of others). */
function englishZodLocales(): esbuild.Plugin {
  return {
    name: 'english-zod-locales',
    setup(build) {
      build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
        contents: "export { default as en } from './en.js';",
        loader: 'js',
        resolveDir: dirname(args.path),
      }));
    },
  };
}

interface BuildContext {
  readonly projectRoot: string;
  readonly definitionsFile: string;
  readonly outDir: string;
  readonly cache: boolean;
  readonly minify: boolean;
  readonly englishZodOnly: boolean;
  readonly sites: Map<string, { text: string; sites: DefinitionCallSite[] }>;
  readonly toolHash: string;
}

interface Manifest {
  readonly specHash: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly bytes: number;
  readonly composition: Readonly<Record<string, number>>;
}

async function buildOne(context: BuildContext, spec: BundleSpec): Promise<Omit<FunctionBundle, 'layer'>> {
  const key = bundleKey(spec);
  const directory = join(context.outDir, key);
  const file = join(directory, 'index.mjs');
  const manifestFile = join(context.outDir, `${key}.manifest.json`);
  const specHash = shortHash(
    JSON.stringify({
      spec,
      definitions: context.definitionsFile,
      minify: context.minify,
      zod: context.englishZodOnly,
      tool: context.toolHash,
    }),
  );
  if (context.cache) {
    const reused = await reuse(manifestFile, specHash, context.projectRoot, file);
    if (reused) {
      return {
        key,
        spec,
        directory,
        file,
        bytes: reused.bytes,
        inputs: Object.keys(reused.inputs),
        composition: reused.composition,
        cached: true,
      };
    }
  }

  const keep = (site: DefinitionCallSite): boolean =>
    spec.kind === 'op'
      ? site.kind === 'op' && site.name === spec.opName
      : spec.kind === 'lifecycle' && site.kind === 'sensor';
  let result: esbuild.BuildResult<{ metafile: true; write: false }>;
  try {
    result = await esbuild.build({
      absWorkingDir: context.projectRoot,
      entryPoints: [join(context.projectRoot, ENTRY_OF[spec.kind])],
      bundle: true,
      write: false,
      outfile: file,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      minify: context.minify,
      treeShaking: true,
      metafile: true,
      legalComments: 'none',
      // The SDK is in Lambda's runtime; the layer packages come from the stack's shared layer.
      external: ['@aws-sdk/*', ...LAYER_PACKAGES],
      banner: { js: REQUIRE_SHIM },
      logLevel: 'silent',
      plugins: [stepsterPlugin(context, keep)],
    });
  } catch (error) {
    throw new BundleError(
      `esbuild could not bundle ${key} (${ENTRY_OF[spec.kind]} with ${context.definitionsFile}): ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const output = result.outputFiles[0];
  if (!output) throw new BundleError(`esbuild produced no output for ${key}`);
  const outputMeta = Object.values(result.metafile.outputs)[0];
  const forbidden = (outputMeta?.imports ?? [])
    .filter((i) => i.external && !ALLOWED_EXTERNAL(i.path))
    .map((i) => i.path);
  if (forbidden.length > 0) {
    throw new BundleError(
      `bundle ${key} still imports ${[...new Set(forbidden)].join(', ')} at run time, which Lambda does not have: import what functions use from files that do not pull in local-only modules`,
    );
  }
  await mkdir(directory, { recursive: true });
  await writeAtomically(file, output.contents);
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const path = resolve(context.projectRoot, input);
    inputs[relative(context.projectRoot, path)] = await fileHash(path);
  }
  const composition: Record<string, number> = {};
  for (const [input, info] of Object.entries(outputMeta?.inputs ?? {})) {
    const origin = originOf(relative(context.projectRoot, resolve(context.projectRoot, input)));
    composition[origin] = (composition[origin] ?? 0) + info.bytesInOutput;
  }
  const manifest: Manifest = { specHash, inputs, bytes: output.contents.byteLength, composition };
  await writeAtomically(manifestFile, JSON.stringify(manifest, null, 1));
  return { key, spec, directory, file, bytes: manifest.bytes, inputs: Object.keys(inputs), composition, cached: false };
}

/** `zod` for node_modules/zod/..., `shared/executor` for shared/executor/x.ts, `examples/sales` for examples/sales/x.ts. */
function originOf(path: string): string {
  const parts = path.split(sep);
  const modules = parts.lastIndexOf('node_modules');
  if (modules >= 0) {
    const name = parts[modules + 1] ?? '';
    return name.startsWith('@') ? `${name}/${parts[modules + 2] ?? ''}` : name;
  }
  return parts.slice(0, Math.min(2, parts.length - 1)).join('/') || path;
}

async function reuse(
  manifestFile: string,
  specHash: string,
  projectRoot: string,
  file: string,
): Promise<Manifest | undefined> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Manifest;
    await stat(file);
  } catch {
    return undefined;
  }
  if (manifest.specHash !== specHash) return undefined;
  for (const [input, hash] of Object.entries(manifest.inputs)) {
    try {
      if ((await fileHash(resolve(projectRoot, input))) !== hash) return undefined;
    } catch {
      return undefined;
    }
  }
  return manifest;
}

function stepsterPlugin(context: BuildContext, keep: (site: DefinitionCallSite) => boolean): esbuild.Plugin {
  const sharedDir = join(context.projectRoot, 'shared') + sep;
  const functionsDir = join(context.projectRoot, 'functions') + sep;
  const polyfill = join(sharedDir, 'runtime', 'promise-with-resolvers.ts');
  const nodeModules = `${sep}node_modules${sep}`;
  const isUserFile = (path: string): boolean =>
    !path.includes(nodeModules) && !path.startsWith(sharedDir) && !path.startsWith(functionsDir);
  return {
    name: 'stepster-functions',
    setup(build) {
      build.onResolve({ filter: /^stepster-definitions$/ }, () => ({ path: context.definitionsFile }));
      // stepster's own modules have no import-time side effects (but the polyfill), so whatever
      // a function does not use (the local runner, the CLI, dynalite) is dropped, not bundled.
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'resolving' || args.kind === 'entry-point') return undefined;
        if (args.path !== 'stepster' && (!args.path.startsWith('.') || args.importer.includes(nodeModules)))
          return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: 'resolving',
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        const sideEffectFree = resolved.path.startsWith(sharedDir) && resolved.path !== polyfill;
        return { path: resolved.path, external: resolved.external, ...(sideEffectFree ? { sideEffects: false } : {}) };
      });
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        if (!isUserFile(args.path)) return undefined;
        const text = await readFile(args.path, 'utf8');
        let entry = context.sites.get(args.path);
        if (!entry || entry.text !== text) {
          entry = { text, sites: findDefinitionCallSites(text, args.path) };
          context.sites.set(args.path, entry);
        }
        const contents = entry.sites.length > 0 ? stubBodies(text, entry.sites, keep) : text;
        return { contents, loader: loaderOf(args.path), resolveDir: dirname(args.path) };
      });
      // A zod subpath (`zod/mini`) is still bundled where it is used.
      if (context.englishZodOnly) englishZodLocales().setup(build);
    },
  };
}

function loaderOf(path: string): esbuild.Loader {
  if (path.endsWith('.tsx')) return 'tsx';
  if (path.endsWith('.jsx')) return 'jsx';
  if (/\.[cm]?ts$/.test(path)) return 'ts';
  return 'js';
}

const hashes = new Map<string, { mtimeMs: number; size: number; hash: string }>();

async function fileHash(path: string): Promise<string> {
  const info = await stat(path);
  const known = hashes.get(path);
  if (known && known.mtimeMs === info.mtimeMs && known.size === info.size) return known.hash;
  const hash = createHash('sha1')
    .update(await readFile(path))
    .digest('hex');
  hashes.set(path, { mtimeMs: info.mtimeMs, size: info.size, hash });
  return hash;
}

function shortHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 10);
}

async function toolHash(): Promise<string> {
  const here = dirname(fileURLToPath(import.meta.url));
  const sources = await Promise.all(
    ['function-bundles.ts', 'definition-call-sites.ts'].map((name) => fileHash(join(here, name)).catch(() => name)),
  );
  return shortHash(`${BUNDLER_VERSION}:${esbuild.version}:${sources.join(',')}`);
}

async function writeAtomically(path: string, contents: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

const LOCK_STALE_MS = 5 * 60_000;

/** Runs `work` while holding a lock directory (mkdir is atomic); waits for another holder, breaks a stale lock. */
async function withDirectoryLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  await mkdir(dirname(lock), { recursive: true });
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const info = await stat(lock).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > LOCK_STALE_MS) await rmdir(lock).catch(() => undefined);
      else await new Promise((resolveWait) => setTimeout(resolveWait, 200));
    }
  }
  try {
    return await work();
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}
