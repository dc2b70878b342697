/** A config value read from an environment variable when the resource is set up (Dagster's `EnvVar`). */
export class EnvVarReference {
  readonly kind = 'env-var' as const;

  constructor(readonly name: string) {
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new TypeError(
        `EnvVar(${JSON.stringify(name)}): an environment variable name is letters, digits and underscores, not starting with a digit (e.g. "SMTP_HOST")`,
      );
    }
  }

  /** What logs and JSON show: the variable's name, never its value. */
  toJSON(): { env: string } {
    return { env: this.name };
  }

  toString(): string {
    return `[env ${this.name}]`;
  }
}

/**
 * A resource config value taken from the environment variable `name`, like Dagster's
 * `EnvVar`. Locally it is read from the shell when the run starts; on AWS `cdk synth` reads
 * it from the deploying environment (or `-c env.NAME=value`), refuses to synth when it is
 * missing, and sets it only on the functions whose steps require the resource. For secrets use
 * `secret(...)` instead: an environment variable is visible in the Lambda console.
 *
 * @example
 * new SmtpResource({ host: EnvVar('SMTP_HOST'), port: 587, user: EnvVar('SMTP_USER'), password: secret('prod/smtp') });
 */
export function EnvVar(name: string): EnvVarReference {
  return new EnvVarReference(name);
}

/** Whether `value` is an {@link EnvVar} reference. */
export function isEnvVar(value: unknown): value is EnvVarReference {
  return value instanceof EnvVarReference;
}
