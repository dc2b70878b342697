import { rename, writeFile } from 'node:fs/promises';

/**
 * Writes a file under a temporary name, then renames it into place: a reader (another
 * process reusing the bundle, Lambda's asset hashing) sees the old file or the new one,
 * never half of one.
 *
 * @example
 * await writeAtomically('.stepster/bundles/x/control/index.mjs', code);
 */
export async function writeAtomically(path: string, contents: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}
