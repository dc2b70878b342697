import { join, relative, sep } from 'node:path';
import type { ImportedNames } from './module-names.js';

/**
 * The package stepster's runtime is in the shared layer: what `import ... from 'stepster'`
 * finds in Lambda (`/opt/nodejs/node_modules/stepster`), as a user's module finds it locally.
 */
export const RUNTIME_PACKAGE = 'stepster';

/**
 * What the function bundles of one build take from the runtime package: specifier
 * (`stepster`, `stepster/aws/job-lambda-handlers.mjs`) → the names, or `'*'`.
 */
export type RuntimeImports = Readonly<Record<string, ImportedNames>>;

/**
 * The specifier a function bundle imports a stepster source file by, from the layer:
 * `shared/index.ts` (the public API) is the package itself; another file is its subpath, so
 * that a user module importing `shared/loggers/cloudwatch-logger.js` directly and the
 * barrel share one instance of it.
 *
 * @example
 * runtimeSpecifierOf('/repo/shared/aws/job-lambda-handlers.ts', '/repo'); // 'stepster/aws/job-lambda-handlers.mjs'
 */
export function runtimeSpecifierOf(file: string, projectRoot: string): string {
  const path = relative(join(projectRoot, 'shared'), file).split(sep).join('/');
  const stem = path.replace(/\.[cm]?[jt]sx?$/, '');
  return stem === 'index' ? RUNTIME_PACKAGE : `${RUNTIME_PACKAGE}/${stem}.mjs`;
}

/**
 * The runtime package's entry of a specifier: its output name (without extension) and the
 * stepster source file it is built from.
 *
 * @example
 * runtimeEntryOf('stepster/aws/job-lambda-handlers.mjs', '/repo'); // { name: 'aws/job-lambda-handlers', file: '/repo/shared/aws/job-lambda-handlers.ts' }
 */
export function runtimeEntryOf(specifier: string, projectRoot: string): { name: string; file: string } {
  const name = specifier === RUNTIME_PACKAGE ? 'index' : specifier.slice(RUNTIME_PACKAGE.length + 1, -'.mjs'.length);
  return { name, file: join(projectRoot, 'shared', ...`${name}.ts`.split('/')) };
}

/**
 * The union of several bundles' runtime imports, names sorted (a stable cache key).
 *
 * @example
 * mergeRuntimeImports([{ stepster: ['op'] }, { stepster: ['job', 'op'] }]); // { stepster: ['job', 'op'] }
 */
export function mergeRuntimeImports(all: readonly RuntimeImports[]): RuntimeImports {
  const merged = new Map<string, Set<string> | '*'>();
  for (const imports of all) {
    for (const [specifier, names] of Object.entries(imports)) {
      const known = merged.get(specifier);
      if (known === '*') continue;
      if (names === '*') merged.set(specifier, '*');
      else merged.set(specifier, new Set([...(known ?? []), ...names]));
    }
  }
  return Object.fromEntries(
    [...merged.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([specifier, names]) => [specifier, names === '*' ? '*' : [...names].sort()]),
  );
}
