// A function's file system as Lambda gives it, on this machine: the bundle as the task root,
// beside a node_modules holding the function's layers (Lambda's /opt/nodejs/node_modules) and,
// standing in for the runtime's, the AWS SDK.
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const AWS_SDK = fileURLToPath(new URL('../../../node_modules/@aws-sdk', import.meta.url));

/**
 * Lays out one function under `root`: `task/index.mjs` (its bundle) and `node_modules/` (a copy
 * of each layer's packages, and the project's AWS SDK). Each function gets its own copy of
 * the layers, so each loads its own instance of stepster's runtime and zod, as each Lambda
 * container does. Returns the bundle's path in the layout.
 *
 * @example
 * const file = lambdaLayout(join(outdir, 'lambda', 'OpFn'), 'asset.1a2b/index.mjs', [join(outdir, 'asset.3c4d')]);
 */
export function lambdaLayout(root: string, bundleFile: string, layerDirectories: readonly string[]): string {
  const modules = join(root, 'node_modules');
  mkdirSync(join(root, 'task'), { recursive: true });
  mkdirSync(modules, { recursive: true });
  cpSync(bundleFile, join(root, 'task', 'index.mjs'));
  for (const layer of layerDirectories) {
    const packages = join(layer, 'nodejs', 'node_modules');
    if (!existsSync(packages)) continue;
    for (const name of readdirSync(packages)) {
      cpSync(join(packages, name), join(modules, name), { recursive: true, dereference: true });
    }
  }
  if (!existsSync(join(modules, '@aws-sdk'))) symlinkSync(AWS_SDK, join(modules, '@aws-sdk'));
  return join(root, 'task', 'index.mjs');
}
