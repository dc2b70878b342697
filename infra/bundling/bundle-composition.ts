import { relative, resolve, sep } from 'node:path';
import type * as esbuild from 'esbuild';

/**
 * Where a bundled file comes from: `zod` for node_modules/zod/..., `@aws-sdk/client-sfn` for a
 * scoped package, `shared/executor` for shared/executor/x.ts, `examples/sales` for examples/sales/x.ts.
 *
 * @example
 * originOf('node_modules/zod/v4/core/core.js'); // 'zod'
 */
export function originOf(path: string): string {
  const parts = path.split(sep);
  const modules = parts.lastIndexOf('node_modules');
  if (modules >= 0) {
    const name = parts[modules + 1] ?? '';
    return name.startsWith('@') ? `${name}/${parts[modules + 2] ?? ''}` : name;
  }
  return parts.slice(0, Math.min(2, parts.length - 1)).join('/') || path;
}

/**
 * Bytes of an esbuild output by origin (see {@link originOf}), from its metafile entry.
 *
 * @example
 * bundleComposition(Object.values(result.metafile.outputs)[0], projectRoot); // { zod: 0, 'shared/executor': 20480, ... }
 */
export function bundleComposition(
  output: esbuild.Metafile['outputs'][string] | undefined,
  projectRoot: string,
): Record<string, number> {
  const composition: Record<string, number> = {};
  for (const [input, info] of Object.entries(output?.inputs ?? {})) {
    const origin = originOf(relative(projectRoot, resolve(projectRoot, input)));
    composition[origin] = (composition[origin] ?? 0) + info.bytesInOutput;
  }
  return composition;
}
