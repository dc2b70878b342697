/**
 * Environment variables as stepster reads them: name → value, unset names `undefined`.
 * `process.env` fits, and so does a plain object in tests. Functions that read the environment
 * take one (defaulting to `process.env`) rather than read `process.env` deep inside.
 *
 * @example
 * function stageOf(env: Environment = process.env): string {
 *   return env[StepsterEnv.STAGE] ?? 'dev';
 * }
 */
export type Environment = Readonly<Record<string, string | undefined>>;
