import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { fileHash, shortHash } from './content-hash.js';

// Bump when the bundling logic changes in a way the source hashes below do not capture.
const BUNDLER_VERSION = 2;

/**
 * A hash of the bundler itself: its version, esbuild's, and the source of every module in
 * this folder. It is part of every spec hash, so changing how bundles are built rebuilds them.
 *
 * @example
 * const toolHash = await bundlerFingerprint();
 */
export async function bundlerFingerprint(): Promise<string> {
  const here = dirname(fileURLToPath(import.meta.url));
  const names = (await readdir(here)).filter((name) => /\.[cm]?[jt]s$/.test(name)).sort();
  const sources = await Promise.all(names.map((name) => fileHash(join(here, name)).catch(() => name)));
  return shortHash(`${BUNDLER_VERSION}:${esbuild.version}:${sources.join(',')}`);
}
