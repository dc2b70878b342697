import { dirname } from 'node:path';
import type * as esbuild from 'esbuild';

/** zod's index of its locales, the one file {@link englishZodLocales} replaces. */
export const ZOD_LOCALES_INDEX = /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/;

/**
 * An esbuild plugin that keeps only zod's English error messages (zod ships about 250 KB of
 * others): `z.locales.xx()` other than `en` is then undefined.
 *
 * @example
 * await esbuild.build({ entryPoints: ['x.ts'], bundle: true, plugins: [englishZodLocales()] });
 */
export function englishZodLocales(): esbuild.Plugin {
  return {
    name: 'english-zod-locales',
    setup(build) {
      build.onLoad({ filter: ZOD_LOCALES_INDEX }, (args) => ({
        contents: "export { default as en } from './en.js';",
        loader: 'js',
        resolveDir: dirname(args.path),
      }));
    },
  };
}
