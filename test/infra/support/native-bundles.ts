// Where the harness imports a function's bundle from. Vitest runs a module outside
// node_modules through its own transform, which for a 150 KB bundle costs about a third of a
// second per module instance (one per function: minutes for a job of hundreds of ops); a module
// under node_modules is imported by Node itself, as Lambda imports it. So each asset directory
// of the cloud assembly is copied, byte for byte, under node_modules/.cache, where Node also
// resolves the bundle's external packages (zod, @aws-sdk/*) from the repository's node_modules,
// as the layer and the Lambda runtime provide them on AWS.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CACHE = fileURLToPath(new URL('../../../node_modules/.cache/stepster-local-deployment/', import.meta.url));

/** The bundles of one cloud assembly, as Node imports them. */
export class NativeBundles {
  private readonly root: string;

  constructor(private readonly outdir: string) {
    this.root = join(CACHE, basename(outdir));
  }

  /**
   * The URL to import `file` (a bundle of the assembly) from, with `instance` in its query so
   * that each function gets its own module instance, as each Lambda function its own container.
   */
  urlOf(file: string, instance: string): string {
    const assetDir = dirname(file);
    const copy = join(this.root, relative(this.outdir, assetDir));
    if (!existsSync(copy)) cpSync(assetDir, copy, { recursive: true });
    return `${pathToFileURL(join(copy, basename(file))).href}?function=${encodeURIComponent(instance)}`;
  }

  /** Removes the copies (module instances already imported stay loaded). */
  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
