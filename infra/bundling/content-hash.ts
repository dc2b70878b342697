import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';

// Files are hashed again only when their mtime or size changed: one synth checks every
// bundle's inputs, and most inputs are shared by all bundles.
const known = new Map<string, { mtimeMs: number; size: number; hash: string }>();

/**
 * The SHA-1 of a file's content (hex), remembered per file while its mtime and size stay.
 *
 * @example
 * await fileHash('shared/index.ts'); // '3f786850e387550fdab836ed7e6dc881de23001b'
 */
export async function fileHash(path: string): Promise<string> {
  const info = await stat(path);
  const remembered = known.get(path);
  if (remembered && remembered.mtimeMs === info.mtimeMs && remembered.size === info.size) return remembered.hash;
  const hash = contentHash(await readFile(path));
  known.set(path, { mtimeMs: info.mtimeMs, size: info.size, hash });
  return hash;
}

/**
 * The SHA-1 of some bytes (hex), as {@link fileHash} gives it for a file holding them.
 *
 * @example
 * contentHash(new TextEncoder().encode('a\n')); // '3f786850e387550fdab836ed7e6dc881de23001b'
 */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/**
 * The first 10 hex digits of a text's SHA-1: a tag for directory names and spec hashes.
 *
 * @example
 * shortHash('/repo/examples/definitions.ts'); // '6f9c92cf44'
 */
export function shortHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 10);
}
