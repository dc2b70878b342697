import { dirname, join, sep } from 'node:path';
import type * as esbuild from 'esbuild';
import type { BuildContext } from './build-context.js';
import { type DefinitionCallSite, findDefinitionCallSites, stubBodies } from './definition-call-sites.js';
import { englishZodLocales, ZOD_LOCALES_INDEX } from './english-zod-locales.js';
import { type ImportedNames, moduleImports } from './module-names.js';
import type { RecordedInputs } from './recorded-inputs.js';
import { RUNTIME_PACKAGE, runtimeSpecifierOf } from './runtime-imports.js';

/**
 * The esbuild plugin that makes a function bundle hold only what that function runs:
 * `stepster-definitions` resolves to the Definitions module; stepster itself (the barrel and
 * every file under `shared/`) stays external, imported at run time from the runtime package of
 * the shared layer, so every bundle and the user's modules share its one instance (what each
 * import names is reported to `onRuntimeImport`); in the user's files, the bodies of the ops
 * and sensors `keep` refuses are replaced by stubs before tree-shaking, so what only they
 * import is left out. Every source file esbuild bundles is read through `recorded`, so the
 * cache keys the bundle on the bytes it was built from.
 *
 * @example
 * plugins: [stepsterFunctionsPlugin(context, (site) => site.kind === 'op' && site.name === 'fetch_sales', recorded, record)]
 */
export function stepsterFunctionsPlugin(
  context: BuildContext,
  keep: (site: DefinitionCallSite) => boolean,
  recorded: RecordedInputs,
  onRuntimeImport: (specifier: string, names: ImportedNames) => void,
): esbuild.Plugin {
  const sharedDir = join(context.projectRoot, 'shared') + sep;
  const functionsDir = join(context.projectRoot, 'functions') + sep;
  const nodeModules = `${sep}node_modules${sep}`;
  const isUserFile = (path: string): boolean =>
    !path.includes(nodeModules) && !path.startsWith(sharedDir) && !path.startsWith(functionsDir);
  // What each project file (not a package's) imports, by specifier as written: an import that
  // resolves into stepster reports these names.
  const importsOf = new Map<string, Map<string, ImportedNames>>();
  return {
    name: 'stepster-functions',
    setup(build) {
      build.onResolve({ filter: /^stepster-definitions$/ }, () => ({ path: context.definitionsFile }));
      // stepster (the barrel, or a file under shared/ a module imports directly) comes from the
      // layer's runtime package: its one instance serves the user's modules and the handler.
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'resolving' || args.kind === 'entry-point') return undefined;
        if (args.path !== RUNTIME_PACKAGE && (!args.path.startsWith('.') || args.importer.includes(nodeModules)))
          return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: 'resolving',
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (!resolved.path.startsWith(sharedDir)) return undefined;
        const specifier = runtimeSpecifierOf(resolved.path, context.projectRoot);
        // A dynamic import, or one the importer's parse missed, may use every name.
        const names = args.kind === 'import-statement' ? (importsOf.get(args.importer)?.get(args.path) ?? '*') : '*';
        onRuntimeImport(specifier, names);
        return { path: specifier, external: true };
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
        if (args.path.includes(nodeModules)) return { contents: bytes, loader: loaderOf(args.path), resolveDir };
        const text = bytes.toString('utf8');
        importsOf.set(args.path, importsBySpecifier(context, args.path, text));
        if (!isUserFile(args.path)) return { contents: bytes, loader: loaderOf(args.path), resolveDir };
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

// The names a project file imports, by specifier; parsed once per text and shared by every bundle's build.
function importsBySpecifier(context: BuildContext, file: string, text: string): Map<string, ImportedNames> {
  let entry = context.imports.get(file);
  if (!entry || entry.text !== text) {
    const bySpecifier = new Map<string, ImportedNames>();
    for (const { specifier, names } of moduleImports(text, file)) {
      const known = bySpecifier.get(specifier);
      bySpecifier.set(specifier, known === '*' || names === '*' ? '*' : [...(known ?? []), ...names]);
    }
    entry = { text, bySpecifier };
    context.imports.set(file, entry);
  }
  return entry.bySpecifier;
}

function loaderOf(path: string): esbuild.Loader {
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.tsx')) return 'tsx';
  if (path.endsWith('.jsx')) return 'jsx';
  if (/\.[cm]?ts$/.test(path)) return 'ts';
  return 'js';
}
