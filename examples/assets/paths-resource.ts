import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Failure, type OpExecutionContext } from 'stepster';

/** Where the assets write files (seed 001's `PathsResource`). */
export interface PathsResource {
  /** Reports and other files for people, e.g. `validation_warnings.json`. */
  readonly outputDir: string;
}

/**
 * The paths the example Definitions give their assets. Under the OS temp directory, because
 * it is the one place a Lambda function may write (`/tmp`); locally it is `$TMPDIR/stepster/output`.
 */
export const defaultPaths: PathsResource = { outputDir: join(tmpdir(), 'stepster', 'output') };

/** The `paths` resource of a run, checked: an asset that needs it fails clearly without it. */
export function pathsOf(context: OpExecutionContext<unknown>): PathsResource {
  const paths = context.resources.paths as Partial<PathsResource> | undefined;
  if (typeof paths?.outputDir !== 'string' || paths.outputDir === '') {
    throw new Failure({
      description: `${context.opName} needs the resource "paths" with an outputDir: give it in Definitions({ resources: { paths } }) or materialize(assets, { resources: { paths } }).`,
      allowRetries: false,
    });
  }
  return { outputDir: paths.outputDir };
}
