import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as esbuild from 'esbuild';
import { writeAtomically } from './atomic-write.js';
import type { BuildContext } from './build-context.js';
import { originOf } from './bundle-composition.js';
import { BundleError } from './bundle-error.js';
import { shortHash } from './content-hash.js';
import { englishZodLocales, ZOD_LOCALES_INDEX } from './english-zod-locales.js';
import { isLambdaExternal, REQUIRE_SHIM } from './lambda-externals.js';
import { LAYER_PACKAGES } from './layer-packages.js';
import { moduleExports } from './module-names.js';
import { RecordedInputs } from './recorded-inputs.js';
import { RUNTIME_PACKAGE, type RuntimeImports, runtimeEntryOf } from './runtime-imports.js';

/** stepster's runtime as built into the shared layer (`nodejs/node_modules/stepster`). */
export interface RuntimePackage {
  /** Bytes of its JavaScript (entries and chunks). */
  readonly bytes: number;
  /** The value names each entry exports, by specifier (`stepster`, `stepster/aws/...mjs`). */
  readonly exports: Readonly<Record<string, readonly string[]>>;
  /** Bytes by origin, as a function bundle's (`shared/tasks`, `devalue`). */
  readonly composition: Readonly<Record<string, number>>;
  readonly cached: boolean;
}

// The package's key in the output directory's cache.
const RUNTIME_KEY = 'layer-runtime';
// Rooms that only run on a workstation (local runner, UI, CLI, embedded DynamoDB): a barrel
// name from them is never in the runtime package, so the package never pulls them in.
const LOCAL_ONLY_ROOMS = ['local', 'ui', 'cli', 'local-dynamo', 'directory-lock'] as const;
// Generated entry modules (one per specifier the bundles import) live in this esbuild namespace.
const ENTRY_NAMESPACE = 'stepster-runtime-entry';

/**
 * Builds stepster's runtime package into the layer: one ESM entry per specifier the function
 * bundles import (`stepster` re-exports the barrel names they use; a subpath, the names they
 * use of that file), code-split so every stepster module is in exactly one chunk, hence one
 * instance of each class and registry per container, whichever entry loads it. zod and the
 * AWS SDK stay external. Reused from the cache while the entries and their source files are
 * unchanged.
 *
 * @throws BundleError when esbuild fails, or the package would import at run time what Lambda lacks
 * @example
 * const runtime = await buildRuntimePackage(context, { stepster: ['job', 'op'] }, layerNodeModules);
 * runtime.exports.stepster; // ['job', 'op']
 */
export async function buildRuntimePackage(
  context: BuildContext,
  imports: RuntimeImports,
  nodeModules: string,
): Promise<RuntimePackage> {
  const sharedDir = join(context.projectRoot, 'shared');
  const outdir = join(nodeModules, RUNTIME_PACKAGE);
  const entries = await entrySources(context.projectRoot, imports);
  const specHash = shortHash(JSON.stringify({ entries, minify: context.minify, tool: context.toolHash }));
  const reused = await context.cache.reusable(RUNTIME_KEY, specHash, [
    join(outdir, 'package.json'),
    ...Object.keys(entries).map((name) => join(outdir, `${name}.mjs`)),
  ]);
  if (reused?.exports) {
    return { bytes: reused.bytes, exports: reused.exports, composition: reused.composition, cached: true };
  }

  const recorded = new RecordedInputs(context.projectRoot, context.afterInputRead);
  const polyfill = join(sharedDir, 'local', 'promise-with-resolvers.ts');
  const plugin: esbuild.Plugin = {
    name: 'stepster-runtime',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${ENTRY_NAMESPACE}:`) }, (args) => ({
        path: args.path.slice(ENTRY_NAMESPACE.length + 1),
        namespace: ENTRY_NAMESPACE,
      }));
      build.onLoad({ filter: /.*/, namespace: ENTRY_NAMESPACE }, (args) => ({
        contents: entries[args.path] ?? '',
        loader: 'ts',
        resolveDir: sharedDir,
      }));
      // stepster's modules have no import-time side effects (but the polyfill): what no entry
      // uses is dropped.
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.pluginData === 'resolving' || args.importer.includes(`${sep}node_modules${sep}`)) return undefined;
        const found = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: 'resolving',
        });
        if (found.errors.length > 0) return { errors: found.errors };
        const sideEffectFree = found.path.startsWith(sharedDir + sep) && found.path !== polyfill;
        return { path: found.path, ...(sideEffectFree ? { sideEffects: false } : {}) };
      });
      // Read here, so the cache keys the package on the bytes bundled (see RecordedInputs).
      build.onLoad({ filter: /\.(?:[cm]?[jt]sx?|json)$/, namespace: 'file' }, async (args) => {
        if (context.englishZodOnly && ZOD_LOCALES_INDEX.test(args.path)) {
          recorded.generated(args.path);
          return undefined;
        }
        const loader = args.path.endsWith('.json') ? 'json' : /\.[cm]?tsx?$/.test(args.path) ? 'ts' : 'js';
        return { contents: await recorded.read(args.path), loader, resolveDir: dirname(args.path) };
      });
      if (context.englishZodOnly) englishZodLocales().setup(build);
    },
  };
  let result: esbuild.BuildResult<{ metafile: true; write: false }>;
  try {
    result = await esbuild.build({
      absWorkingDir: context.projectRoot,
      entryPoints: Object.keys(entries).map((name) => ({ in: `${ENTRY_NAMESPACE}:${name}`, out: name })),
      bundle: true,
      splitting: true,
      write: false,
      outdir,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      minify: context.minify,
      treeShaking: true,
      metafile: true,
      legalComments: 'none',
      external: ['@aws-sdk/*', ...LAYER_PACKAGES],
      banner: { js: REQUIRE_SHIM },
      logLevel: 'silent',
      plugins: [plugin],
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BundleError(`esbuild could not build stepster's runtime package for the layer: ${reason}`, {
      cause: error,
    });
  }
  const outputs = Object.entries(result.metafile.outputs);
  const forbidden = outputs.flatMap(([, meta]) =>
    meta.imports.filter((i) => i.external && !isLambdaExternal(i.path)).map((i) => i.path),
  );
  if (forbidden.length > 0) {
    throw new BundleError(
      `stepster's runtime package would import ${[...new Set(forbidden)].join(', ')} at run time, which Lambda does not have: import it only from modules Lambda functions do not load`,
    );
  }
  const exports: Record<string, string[]> = {};
  const composition: Record<string, number> = {};
  for (const [, meta] of outputs) {
    if (meta.entryPoint?.startsWith(`${ENTRY_NAMESPACE}:`)) {
      const name = meta.entryPoint.slice(ENTRY_NAMESPACE.length + 1);
      exports[name === 'index' ? RUNTIME_PACKAGE : `${RUNTIME_PACKAGE}/${name}.mjs`] = [...meta.exports].sort();
    }
    for (const [input, info] of Object.entries(meta.inputs)) {
      if (input.startsWith(`${ENTRY_NAMESPACE}:`)) continue;
      const origin = originOf(relative(context.projectRoot, resolve(context.projectRoot, input)));
      composition[origin] = (composition[origin] ?? 0) + info.bytesInOutput;
    }
  }

  // As for a function bundle: no manifest describes files being replaced; old chunks go.
  await context.cache.forget(RUNTIME_KEY);
  await rm(outdir, { recursive: true, force: true });
  let bytes = 0;
  for (const file of result.outputFiles) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeAtomically(file.path, file.contents);
    bytes += file.contents.byteLength;
  }
  const version = await packageVersion(context.projectRoot);
  const packageJson = { name: RUNTIME_PACKAGE, version, type: 'module', exports: { '.': './index.mjs', './*': './*' } };
  await writeAtomically(join(outdir, 'package.json'), `${JSON.stringify(packageJson, null, 1)}\n`);
  const inputs = recorded.manifestInputs(
    Object.keys(result.metafile.inputs).filter((input) => !input.startsWith(`${ENTRY_NAMESPACE}:`)),
  );
  if (inputs) await context.cache.record(RUNTIME_KEY, { specHash, inputs, bytes, composition, exports });
  return { bytes, exports, composition, cached: false };
}

/**
 * The source of each entry, by output name: `index` re-exports the barrel's names the bundles
 * use (every name Lambda can run, for a namespace import); a subpath, the names of its file.
 */
async function entrySources(projectRoot: string, imports: RuntimeImports): Promise<Record<string, string>> {
  const sources: Record<string, string> = {};
  // The index always exists: the layer's `stepster` resolves even for a bundle importing nothing.
  const specifiers = Object.keys(imports).includes(RUNTIME_PACKAGE)
    ? Object.keys(imports)
    : [RUNTIME_PACKAGE, ...Object.keys(imports)];
  for (const specifier of specifiers.sort()) {
    const wanted = imports[specifier] ?? [];
    const { name, file } = runtimeEntryOf(specifier, projectRoot);
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      throw new BundleError(`a function imports ${specifier}, but ${file} cannot be read`, { cause: error });
    });
    const sharedPath = relative(join(projectRoot, 'shared'), file).split(sep).join('/');
    const fromHere = (from: string): string => `./${join(dirname(sharedPath), from).split(sep).join('/')}`;
    const available = moduleExports(text, file).filter(
      (e) => e.from === undefined || !LOCAL_ONLY_ROOMS.some((room) => fromHere(e.from ?? '').startsWith(`./${room}/`)),
    );
    const chosen = available.filter((e) => wanted === '*' || wanted.includes(e.name));
    const bySource = new Map<string, string[]>();
    for (const e of chosen) {
      const from = e.from === undefined ? `./${sharedPath}` : fromHere(e.from);
      bySource.set(from, [...(bySource.get(from) ?? []), e.name]);
    }
    sources[name] = [...bySource.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([from, names]) => `export { ${names.sort().join(', ')} } from ${JSON.stringify(from)};`)
      .join('\n');
  }
  return sources;
}

async function packageVersion(projectRoot: string): Promise<string> {
  const text = await readFile(join(projectRoot, 'package.json'), 'utf8').catch(() => '{}');
  const parsed = JSON.parse(text) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
}
