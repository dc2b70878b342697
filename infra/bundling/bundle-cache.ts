import { readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeAtomically } from './atomic-write.js';
import { fileHash } from './content-hash.js';
import type { RuntimeImports } from './runtime-imports.js';

/** What the cache keeps beside a built output (`<outDir>/<key>.manifest.json`). */
export interface BundleManifest {
  /** Hash of what was asked for (spec, options, bundler): another spec never reuses the output. */
  readonly specHash: string;
  /** Source files the output was built from (relative to the project root) → SHA-1 of the bytes esbuild was given. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly bytes: number;
  readonly composition: Readonly<Record<string, number>>;
  /** A function bundle's imports from stepster's runtime package (specifier → names, or '*'). */
  readonly runtimeImports?: RuntimeImports;
  /** The runtime package's exports, by specifier. */
  readonly exports?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The bundles and the layer of one output directory, reused across builds: an output is
 * reused when its manifest has the same spec hash, its files are there, and none of its
 * input files changed. Test files and `cdk synth` may build the same output at once, so
 * callers hold the directory's lock while they look and write.
 *
 * @example
 * const cache = new BundleCache({ outDir, projectRoot, enabled: true });
 * const manifest = await cache.reusable('control', specHash, [file]);
 */
export class BundleCache {
  private readonly outDir: string;
  private readonly projectRoot: string;
  private readonly enabled: boolean;

  constructor(options: { readonly outDir: string; readonly projectRoot: string; readonly enabled: boolean }) {
    this.outDir = options.outDir;
    this.projectRoot = options.projectRoot;
    this.enabled = options.enabled;
  }

  /** The manifest of output `key` if it can be reused as it is; undefined when the cache is off or anything changed. */
  async reusable(key: string, specHash: string, files: readonly string[]): Promise<BundleManifest | undefined> {
    if (!this.enabled) return undefined;
    let manifest: BundleManifest;
    try {
      manifest = JSON.parse(await readFile(this.manifestFile(key), 'utf8')) as BundleManifest;
      await Promise.all(files.map((file) => stat(file)));
    } catch {
      return undefined;
    }
    if (manifest.specHash !== specHash || typeof manifest.inputs !== 'object' || manifest.inputs === null) {
      return undefined;
    }
    for (const [input, hash] of Object.entries(manifest.inputs)) {
      try {
        if ((await fileHash(resolve(this.projectRoot, input))) !== hash) return undefined;
      } catch {
        return undefined;
      }
    }
    return manifest;
  }

  /** Forgets output `key`: called before its files are replaced, so no manifest ever describes other files. */
  async forget(key: string): Promise<void> {
    await rm(this.manifestFile(key), { force: true });
  }

  /** Records what output `key` was built from, for the next build. */
  async record(key: string, manifest: BundleManifest): Promise<void> {
    await writeAtomically(this.manifestFile(key), JSON.stringify(manifest, null, 1));
  }

  private manifestFile(key: string): string {
    return join(this.outDir, `${key}.manifest.json`);
  }
}
