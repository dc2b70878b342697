import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/** The page of `stepster ui`, built for the browser: one script and one stylesheet. */
export interface UiBundle {
  readonly js: string;
  readonly css: string;
}

// The page's entry; everything it imports is bundled in, so the page loads nothing from
// outside the server (no CDN: users' machines may be offline).
const ENTRY = fileURLToPath(new URL('./web/main.ts', import.meta.url));

let built: Promise<UiBundle> | undefined;

/**
 * Bundles the page with esbuild, once per process: the server builds it at start, so a broken
 * page fails `stepster ui` at once rather than on the first request.
 *
 * @example
 * const { js, css } = await buildUiBundle();
 */
export function buildUiBundle(): Promise<UiBundle> {
  built ??= bundle();
  return built;
}

async function bundle(): Promise<UiBundle> {
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    // esbuild names outputs after the entry: main.js and, for the CSS the page imports, main.css.
    outdir: 'out',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const text = (extension: string) => result.outputFiles.find((file) => file.path.endsWith(extension))?.text ?? '';
  return { js: text('.js'), css: text('.css') };
}
