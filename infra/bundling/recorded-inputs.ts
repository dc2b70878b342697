import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { contentHash } from './content-hash.js';

/** Called with a file's absolute path once esbuild has been given its bytes (a seam for tests). */
export type AfterInputRead = (file: string) => void | Promise<void>;

/**
 * The source files one esbuild build was given, each with the SHA-1 of the very bytes it got.
 * A bundle's cache entry is made of these and never of a later read: a file saved while
 * esbuild builds would otherwise pair its new hash with the old code, and every later build
 * would reuse the old code.
 *
 * Invariant: every input of the build's metafile was read here, or declared generated
 * (its contents come from a plugin, not the file); otherwise the bundle is not cached.
 *
 * @example
 * const recorded = new RecordedInputs(projectRoot);
 * build.onLoad({ filter: /\.ts$/ }, async (args) => ({ contents: await recorded.read(args.path), loader: 'ts' }));
 * recorded.manifestInputs(Object.keys(result.metafile.inputs)); // { 'shared/index.ts': '3f78…', … }
 */
export class RecordedInputs {
  private readonly projectRoot: string;
  private readonly afterRead: AfterInputRead | undefined;
  private readonly hashes = new Map<string, string>();
  private readonly generatedFiles = new Set<string>();
  // Set when one file was read twice with different bytes: the build mixed two versions of it.
  private mixed = false;

  constructor(projectRoot: string, afterRead?: AfterInputRead) {
    this.projectRoot = projectRoot;
    this.afterRead = afterRead;
  }

  /** Reads a file for esbuild, remembering the hash of the bytes returned. */
  async read(file: string): Promise<Buffer> {
    const bytes = await readFile(file);
    const hash = contentHash(bytes);
    const earlier = this.hashes.get(file);
    if (earlier !== undefined && earlier !== hash) this.mixed = true;
    this.hashes.set(file, hash);
    await this.afterRead?.(file);
    return bytes;
  }

  /** Declares that a plugin gives esbuild `file`'s contents without reading it: its bytes on disk do not matter. */
  generated(file: string): void {
    this.generatedFiles.add(file);
  }

  /**
   * The hashes of a build's inputs (its metafile's, relative to the project root), by path
   * relative to the project root; undefined when one was not read here or was read twice
   * differently, so the bundle must not be cached.
   */
  manifestInputs(inputs: readonly string[]): Record<string, string> | undefined {
    if (this.mixed) return undefined;
    const hashes: Record<string, string> = {};
    for (const input of inputs) {
      const file = resolve(this.projectRoot, input);
      if (this.generatedFiles.has(file)) continue;
      const hash = this.hashes.get(file);
      if (hash === undefined) return undefined;
      hashes[relative(this.projectRoot, file)] = hash;
    }
    return hashes;
  }
}
