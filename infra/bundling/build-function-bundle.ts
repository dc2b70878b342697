import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { writeAtomically } from './atomic-write.js';
import type { BuildContext } from './build-context.js';
import { bundleComposition } from './bundle-composition.js';
import { BundleError } from './bundle-error.js';
import { BUNDLE_ENTRY, type BundleSpec, bundleKey } from './bundle-spec.js';
import { shortHash } from './content-hash.js';
import type { DefinitionCallSite } from './definition-call-sites.js';
import type { FunctionBundle } from './function-bundle.js';
import { isLambdaExternal, REQUIRE_SHIM } from './lambda-externals.js';
import { LAYER_PACKAGES } from './layer-packages.js';
import type { ImportedNames } from './module-names.js';
import { RecordedInputs } from './recorded-inputs.js';
import { mergeRuntimeImports, type RuntimeImports } from './runtime-imports.js';
import { stepsterFunctionsPlugin } from './stepster-functions-plugin.js';

/**
 * Builds one function bundle with esbuild (or reuses it from the cache): the entry point of
 * its kind with the Definitions module, keeping only the bodies the bundle runs (one op's,
 * or the sensors' for the lifecycle bundle); the AWS SDK, the layer's packages and stepster
 * itself (its runtime package in the layer) stay external.
 *
 * @throws BundleError when esbuild fails, or the bundle would import at run time what Lambda lacks
 * @example
 * const bundle = await buildFunctionBundle(context, { kind: 'op', opName: 'fetch_sales' });
 */
export async function buildFunctionBundle(
  context: BuildContext,
  spec: BundleSpec,
): Promise<Omit<FunctionBundle, 'layer'>> {
  const key = bundleKey(spec);
  const directory = join(context.outDir, key);
  const file = join(directory, 'index.mjs');
  const specHash = shortHash(
    JSON.stringify({
      spec,
      definitions: context.definitionsFile,
      minify: context.minify,
      zod: context.englishZodOnly,
      tool: context.toolHash,
    }),
  );
  const reused = await context.cache.reusable(key, specHash, [file]);
  // A manifest from before the runtime package lacks its imports: rebuilt.
  if (reused?.runtimeImports) {
    return {
      key,
      spec,
      directory,
      file,
      bytes: reused.bytes,
      inputs: Object.keys(reused.inputs),
      composition: reused.composition,
      runtimeImports: reused.runtimeImports ?? {},
      cached: true,
    };
  }

  const keep = (site: DefinitionCallSite): boolean =>
    spec.kind === 'op'
      ? site.kind === 'op' && site.name === spec.opName
      : spec.kind === 'lifecycle' && site.kind === 'sensor';
  const recorded = new RecordedInputs(context.projectRoot, context.afterInputRead);
  const runtimeImports: RuntimeImports[] = [];
  const onRuntimeImport = (specifier: string, names: ImportedNames) => runtimeImports.push({ [specifier]: names });
  let result: esbuild.BuildResult<{ metafile: true; write: false }>;
  try {
    result = await esbuild.build({
      absWorkingDir: context.projectRoot,
      entryPoints: [join(context.projectRoot, BUNDLE_ENTRY[spec.kind])],
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
      plugins: [stepsterFunctionsPlugin(context, keep, recorded, onRuntimeImport)],
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BundleError(
      `esbuild could not bundle ${key} (${BUNDLE_ENTRY[spec.kind]} with ${context.definitionsFile}): ${reason}`,
      { cause: error },
    );
  }
  const output = result.outputFiles[0];
  if (!output) throw new BundleError(`esbuild produced no output for ${key}`);
  const outputMeta = Object.values(result.metafile.outputs)[0];
  const forbidden = (outputMeta?.imports ?? [])
    .filter((i) => i.external && !isLambdaExternal(i.path))
    .map((i) => i.path);
  if (forbidden.length > 0) {
    throw new BundleError(
      `bundle ${key} still imports ${[...new Set(forbidden)].join(', ')} at run time, which Lambda does not have: import what functions use from files that do not pull in local-only modules`,
    );
  }
  // The manifest goes first and comes back last: a build that stops half-way leaves an output
  // no manifest describes, which the next build rebuilds.
  await context.cache.forget(key);
  await mkdir(directory, { recursive: true });
  await writeAtomically(file, output.contents);
  // Keyed on what esbuild was given: a file saved during the build no longer matches, so the
  // next build rebuilds. Inputs esbuild read itself leave the bundle uncached.
  const inputs = recorded.manifestInputs(Object.keys(result.metafile.inputs));
  const bytes = output.contents.byteLength;
  const composition = bundleComposition(outputMeta, context.projectRoot);
  const imports = mergeRuntimeImports(runtimeImports);
  if (inputs) await context.cache.record(key, { specHash, inputs, bytes, composition, runtimeImports: imports });
  return {
    key,
    spec,
    directory,
    file,
    bytes,
    inputs: Object.keys(result.metafile.inputs).map((input) =>
      relative(context.projectRoot, resolve(context.projectRoot, input)),
    ),
    composition,
    runtimeImports: imports,
    cached: false,
  };
}
