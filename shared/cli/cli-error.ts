/** A problem with what the user typed: printed without a stack, exit code 2. */
export class CliError extends Error {
  override readonly name = 'CliError' as const;
}
