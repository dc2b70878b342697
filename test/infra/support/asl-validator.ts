// asl-validator is CommonJS without type declarations (`module.exports = validator`).
import { createRequire } from 'node:module';

/** What asl-validator reports for a definition. */
export interface AslValidation {
  readonly isValid: boolean;
  errorsText(separator?: string): string;
}

/** Validates an Amazon States Language definition with asl-validator. */
export const validateAsl = createRequire(import.meta.url)('asl-validator') as (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => AslValidation;
