import type { BundleSpec } from './bundle-spec.js';
import type { LayerBundle } from './layer-bundle.js';
import type { RuntimeImports } from './runtime-imports.js';

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
  /** What the bundle imports from stepster's runtime package in the layer (specifier → names, or '*'). */
  readonly runtimeImports: RuntimeImports;
  /** Whether it came from the cache (its inputs were unchanged). */
  readonly cached: boolean;
  /** The layer the bundle imports its external packages from (the same for every bundle of a build). */
  readonly layer: LayerBundle;
}
