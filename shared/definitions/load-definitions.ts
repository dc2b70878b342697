import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Definitions } from './definitions.js';
import { DefinitionsLoadError } from './definitions-load-error.js';

/** The Definitions module the CLI and `cdk synth` load unless told otherwise. */
export const DEFAULT_DEFINITIONS_FILE = 'examples/definitions.ts';

/** Options of {@link loadDefinitions}. */
export interface LoadDefinitionsOptions {
  /**
   * How the user points at another module, the start of the advice that ends each error
   * message ("<howToChoose> to a module whose default export is a Definitions").
   * @default 'Give the path'
   */
  readonly howToChoose?: string;
}

/**
 * Imports a Definitions module (relative paths from the working directory) and returns its
 * default export, the one loader behind the CLI and the CDK app.
 *
 * @throws DefinitionsLoadError when the module is missing, throws at import, or exports no Definitions
 * @example
 * const definitions = await loadDefinitions('examples/definitions.ts', { howToChoose: 'Pass --definitions <file>' });
 */
export async function loadDefinitions(file: string, options: LoadDefinitionsOptions = {}): Promise<Definitions> {
  const advice = `${options.howToChoose ?? 'Give the path'} to a module whose default export is a Definitions.`;
  const absolute = resolve(process.cwd(), file);
  if (!existsSync(absolute)) {
    throw new DefinitionsLoadError(`definitions module not found: ${file}. ${advice}`, file);
  }
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(absolute).href)) as { default?: unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DefinitionsLoadError(`cannot load the definitions module ${file}: ${reason}. ${advice}`, file, {
      cause: error,
    });
  }
  // By `kind`, not `instanceof`: a module may import its own copy of stepster (another path, another class).
  if (!isDefinitions(module.default)) {
    throw new DefinitionsLoadError(`${file} must \`export default new Definitions({ jobs: [...] })\`.`, file);
  }
  return module.default;
}

function isDefinitions(value: unknown): value is Definitions {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'definitions';
}
