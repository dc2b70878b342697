// Where the harness imports a function's code from. Vitest runs a module outside node_modules
// through its own transform (about a third of a second per module instance for a large bundle:
// minutes for a job of hundreds of ops); a module under node_modules is imported by Node itself,
// as Lambda imports it. So each function is laid out as Lambda runs it (its bundle as the task
// root, beside its own copy of the stack's layers: stepster's runtime and zod; see
// `lambdaLayout`) under node_modules/.cache, once per function, as each Lambda function gets its
// own container.
import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lambdaLayout } from './lambda-layout.js';

const CACHE = fileURLToPath(new URL('../../../node_modules/.cache/stepster-local-deployment/', import.meta.url));

/** The functions of one cloud assembly, as Node imports them. */
export class NativeBundles {
  private readonly root: string;

  constructor(outdir: string) {
    this.root = join(CACHE, basename(outdir));
  }

  /**
   * Lays out function `logicalId` (its bundle `bundleFile` and the layer directories it names)
   * and returns the file to import.
   */
  layout(logicalId: string, bundleFile: string, layerDirectories: readonly string[]): string {
    return lambdaLayout(join(this.root, 'lambda', logicalId), bundleFile, layerDirectories);
  }

  /** The URL to import a laid-out function's file from. */
  urlOf(file: string, instance: string): string {
    return `${pathToFileURL(file).href}?function=${encodeURIComponent(instance)}`;
  }

  /** Removes the copies (module instances already imported stay loaded). */
  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
