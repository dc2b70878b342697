import { dirname, join, sep } from 'node:path';
import type * as esbuild from 'esbuild';
import type { BuildContext } from './build-context.js';
import { type DefinitionCallSite, findDefinitionCallSites, stubBodies } from './definition-call-sites.js';
import { englishZodLocales, ZOD_LOCALES_INDEX } from './english-zod-locales.js';
import type { RecordedInputs } from './recorded-inputs.js';

/**
 * The esbuild plugin that makes a function bundle hold only what that function runs:
 * `stepster-definitions` resolves to the Definitions module; stepster's own modules are
 * side-effect free, so what a function does not use (the local runner, the CLI, dynalite)
 * is dropped; in the user's files, the bodies of the ops and sensors `keep` refuses are
 * replaced by stubs before tree-shaking, so what only they import is left out. Every source
 * file esbuild bundles is read through `recorded`, so the cache keys the bundle on the bytes
 * it was built from.
 *
 * @example
 * plugins: [stepsterFunctionsPlugin(context, (site) => site.kind === 'op' && site.name === 'fetch_sales', recorded)]
 */
export function stepsterFunctionsPlugin(
  context: BuildContext,
  keep: (site: DefinitionCallSite) => boolean,
  recorded: RecordedInputs,
): esbuild.Plugin {
  const sharedDir = join(context.projectRoot, 'shared') + sep;
  const functionsDir = join(context.projectRoot, 'functions') + sep;
  const polyfill = join(sharedDir, 'local', 'promise-with-resolvers.ts');
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
      // Every file of a known loader is read here, not by esbuild, so the bytes bundled are the
      // bytes hashed. A file of another kind is read by esbuild: the bundle is then not cached.
      build.onLoad({ filter: /\.(?:[cm]?[jt]sx?|json)$/, namespace: 'file' }, async (args) => {
        if (context.englishZodOnly && ZOD_LOCALES_INDEX.test(args.path)) {
          recorded.generated(args.path);
          return undefined;
        }
        const bytes = await recorded.read(args.path);
        const resolveDir = dirname(args.path);
        if (!isUserFile(args.path)) return { contents: bytes, loader: loaderOf(args.path), resolveDir };
        const text = bytes.toString('utf8');
        let entry = context.sites.get(args.path);
        if (!entry || entry.text !== text) {
          entry = { text, sites: findDefinitionCallSites(text, args.path) };
          context.sites.set(args.path, entry);
        }
        const contents = entry.sites.length > 0 ? stubBodies(text, entry.sites, keep) : text;
        return { contents, loader: loaderOf(args.path), resolveDir };
      });
      // A zod subpath (`zod/mini`) is still bundled where it is used. Registered after the reader
      // above, which leaves it the locales index.
      if (context.englishZodOnly) englishZodLocales().setup(build);
    },
  };
}

function loaderOf(path: string): esbuild.Loader {
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.tsx')) return 'tsx';
  if (path.endsWith('.jsx')) return 'jsx';
  if (/\.[cm]?ts$/.test(path)) return 'ts';
  return 'js';
}
