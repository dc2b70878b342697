import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Definitions } from '../definitions/definitions.js';

export const DEFAULT_DEFINITIONS_PATH = 'examples/definitions.ts';

/** Loads a definitions module (its default export must be a Definitions). */
export async function loadDefinitions(path?: string): Promise<{ definitions: Definitions; path: string }> {
  const chosen = path ?? process.env.STEPSTER_DEFINITIONS ?? DEFAULT_DEFINITIONS_PATH;
  const absolute = resolve(process.cwd(), chosen);
  if (!existsSync(absolute)) {
    throw new CliError(
      `definitions module not found: ${chosen}. Pass --definitions <file> or set STEPSTER_DEFINITIONS to a module whose default export is a Definitions.`,
    );
  }
  const mod = (await import(pathToFileURL(absolute).href)) as { default?: unknown };
  if (!(mod.default instanceof Definitions)) {
    throw new CliError(`${chosen} must \`export default new Definitions({ jobs: [...] })\`.`);
  }
  return { definitions: mod.default, path: chosen };
}

/** A problem with what the user typed: printed without a stack, exit code 2. */
export class CliError extends Error {
  override readonly name = 'CliError' as const;
}
