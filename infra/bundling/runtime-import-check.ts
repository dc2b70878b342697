import { readFile } from 'node:fs/promises';
import { BundleError } from './bundle-error.js';
import type { FunctionBundle } from './function-bundle.js';
import type { LayerBundle } from './layer-bundle.js';
import { moduleImports } from './module-names.js';
import { RUNTIME_PACKAGE } from './runtime-imports.js';

/**
 * Checks that every name a bundle imports from stepster at run time is one the layer's runtime
 * package exports. A name it lacks runs only on a workstation (the local runner, the UI) or is
 * a type: Lambda would fail to load the bundle, so the build fails instead, naming it.
 *
 * @throws BundleError naming each bundle, specifier and missing name
 * @example
 * await checkRuntimeImports(bundles, layer);
 */
export async function checkRuntimeImports(
  bundles: readonly Omit<FunctionBundle, 'layer'>[],
  layer: LayerBundle,
): Promise<void> {
  const problems: string[] = [];
  for (const bundle of bundles) {
    const text = await readFile(bundle.file, 'utf8');
    for (const { specifier, names } of moduleImports(text, bundle.file)) {
      if (specifier !== RUNTIME_PACKAGE && !specifier.startsWith(`${RUNTIME_PACKAGE}/`)) continue;
      const exported = layer.runtime.exports[specifier];
      const missing =
        exported === undefined
          ? [names === '*' ? '*' : names.join(', ')]
          : names === '*'
            ? []
            : names.filter((n) => !exported.includes(n));
      if (missing.length > 0) problems.push(`${bundle.key} imports ${missing.join(', ')} from ${specifier}`);
    }
  }
  if (problems.length > 0) {
    throw new BundleError(
      `the Lambda functions would import what stepster's runtime package in the layer does not have (${problems.join('; ')}): these names run only locally (executeInProcess, the UI, the CLI); call them from a script or test, not from a module the Definitions import`,
    );
  }
}
