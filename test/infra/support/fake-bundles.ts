// Stand-in bundles for construct tests that never run code: a directory with an empty index.mjs.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BundleSpec, bundleKey } from '../../../infra/bundling/bundle-spec.js';
import type { FunctionBundle } from '../../../infra/bundling/function-bundle.js';
import type { FunctionBundles } from '../../../infra/bundling/function-bundles.js';
import type { LayerBundle } from '../../../infra/bundling/layer-bundle.js';

function fakeBundle(root: string, spec: BundleSpec, layer: LayerBundle): FunctionBundle {
  const key = bundleKey(spec);
  const directory = join(root, key);
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'index.mjs'), `export const handler = async () => ${JSON.stringify(key)};\n`);
  return {
    key,
    spec,
    directory,
    file: join(directory, 'index.mjs'),
    bytes: 0,
    inputs: [],
    composition: {},
    runtimeImports: {},
    cached: false,
    layer,
  };
}

function fakeLayer(root: string): LayerBundle {
  const directory = join(root, 'layer');
  const nodeModules = join(directory, 'nodejs', 'node_modules');
  mkdirSync(join(nodeModules, 'zod'), { recursive: true });
  writeFileSync(join(nodeModules, 'zod', 'index.mjs'), 'export const z = {};\n');
  return {
    directory,
    nodeModules,
    packages: ['zod'],
    bytes: 0,
    runtime: { bytes: 0, exports: {}, composition: {}, cached: false },
    cached: false,
  };
}

/** Bundles for these op names (and the control and lifecycle bundles) that hold nothing. */
export function fakeBundles(opNames: readonly string[]): FunctionBundles {
  const root = mkdtempSync(join(tmpdir(), 'stepster-fake-bundles-'));
  const layer = fakeLayer(root);
  const ops = new Map(opNames.map((opName) => [opName, fakeBundle(root, { kind: 'op', opName }, layer)]));
  const control = fakeBundle(root, { kind: 'control' }, layer);
  const lifecycle = fakeBundle(root, { kind: 'lifecycle' }, layer);
  return {
    definitionsFile: join(root, 'definitions.ts'),
    op: (opName) => {
      const bundle = ops.get(opName);
      if (!bundle) throw new Error(`no fake bundle for ${opName}`);
      return bundle;
    },
    control,
    lifecycle,
    all: [...ops.values(), control, lifecycle],
    layer,
  };
}
