import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigurableResource, type OpExecutionContext } from 'stepster';

/**
 * Where the assets write files (seed 001's `PathsResource(ConfigurableResource)`): reports and
 * other files for people, e.g. `validation_warnings.json`. Its config is validated before any
 * op runs; `runConfig.resources.paths.config.outputDir` may override it for one run.
 */
export class PathsResource extends ConfigurableResource(z.object({ outputDir: z.string().min(1) })) {
  get outputDir(): string {
    return this.config.outputDir;
  }
}

/**
 * The paths the example Definitions give their assets. Under the OS temp directory, because
 * it is the one place a Lambda function may write (`/tmp`); locally it is `$TMPDIR/stepster/output`.
 */
export const defaultPaths = new PathsResource({ outputDir: join(tmpdir(), 'stepster', 'output') });

/** The `paths` resource of a run (the asset declares `requiredResourceKeys: ['paths']`). */
export function pathsOf(context: OpExecutionContext<unknown>): PathsResource {
  return context.resources.paths as PathsResource;
}
