import { clientConfigFromEnvironment } from '../environment/client-config.js';
import { StepsterEnv } from '../environment/environment-variable.js';
import { registerSecretValue } from '../errors/secret-mask.js';

/** Options of {@link secret}. */
export interface SecretOptions {
  /** For a JSON secret (Secrets Manager's key/value form): the key whose value to return. @default the whole secret string */
  readonly jsonField?: string;
  /** How long a fetched value is reused within one Lambda container, in seconds. @default 300 */
  readonly cacheSeconds?: number;
}

/** Fetches a secret string by name or ARN. */
export type SecretFetcher = (secretId: string) => Promise<string>;

let fetcherOverride: SecretFetcher | undefined;

/**
 * A Secrets Manager secret used as a resource: `cdk deploy` grants `secretsmanager:GetSecretValue`
 * on it to the functions that run ops and sensors, and the value is fetched at run time,
 * never put in environment variables, templates or logs.
 */
export class SecretReference {
  readonly kind = 'secret' as const;
  readonly secretName: string;
  readonly jsonField?: string;
  readonly cacheSeconds: number;
  private cached?: { value: string; until: number };

  constructor(secretName: string, options: SecretOptions = {}) {
    if (typeof secretName !== 'string' || !/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(secretName)) {
      throw new TypeError(
        `secret(${JSON.stringify(secretName)}): a secret name has 1-512 letters, digits and /_+=.@- (e.g. "prod/smtp"); create it with \`aws secretsmanager create-secret --name prod/smtp\``,
      );
    }
    this.secretName = secretName;
    if (options.jsonField !== undefined) this.jsonField = options.jsonField;
    this.cacheSeconds = options.cacheSeconds ?? 300;
  }

  /**
   * The secret's value (or its `jsonField`), fetched once per `cacheSeconds`.
   *
   * @example
   * const password = await context.resources.smtpPassword.value();
   */
  async value(): Promise<string> {
    const now = Date.now();
    if (this.cached && this.cached.until > now) return this.cached.value;
    const raw = await (fetcherOverride ?? fetchFromSecretsManager)(this.secretName);
    // Registered before anything else can see it: from here on every text stepster writes masks it.
    registerSecretValue(raw);
    let value = raw;
    if (this.jsonField !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new TypeError(
          `secret "${this.secretName}" is not JSON, so jsonField "${this.jsonField}" cannot be read: drop jsonField or store key/value JSON`,
        );
      }
      const field =
        parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[this.jsonField] : undefined;
      if (typeof field !== 'string') {
        throw new TypeError(
          `secret "${this.secretName}" has no string field "${this.jsonField}": add it in Secrets Manager or fix jsonField`,
        );
      }
      value = field;
      registerSecretValue(value);
    }
    this.cached = { value, until: now + this.cacheSeconds * 1000 };
    return value;
  }

  /** Never the value: what logs and JSON show instead. */
  toJSON(): { secret: string } {
    return { secret: this.secretName };
  }

  toString(): string {
    return `[secret ${this.secretName}]`;
  }
}

/**
 * A secret resource, resolved at run time from AWS Secrets Manager (Dagster's `EnvVar`, without
 * the environment variable). Every value it fetches (and a `jsonField`'s value) is masked as
 * `***` in everything stepster writes: event log, loggers, errors crossing the Lambda boundary,
 * `RunFailedError`; values shorter than 4 characters are not masked.
 *
 * @example
 * export default new Definitions({
 *   jobs: [salesJob],
 *   resources: { smtpPassword: secret('prod/smtp', { jsonField: 'password' }) },
 * });
 */
export function secret(secretName: string, options?: SecretOptions): SecretReference {
  return new SecretReference(secretName, options);
}

/**
 * Replaces how secrets are fetched (local runs without AWS, tests); `undefined` restores Secrets Manager.
 *
 * @example
 * setSecretFetcher(async (name) => ({ 'prod/smtp': '{"password":"local"}' })[name] ?? '');
 */
export function setSecretFetcher(fetcher: SecretFetcher | undefined): void {
  fetcherOverride = fetcher;
}

async function fetchFromSecretsManager(secretId: string): Promise<string> {
  // Loaded on first use: functions that never read a secret never load the client.
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient(clientConfigFromEnvironment(StepsterEnv.SECRETS_ENDPOINT));
  const output = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (typeof output.SecretString !== 'string') {
    throw new TypeError(`secret "${secretId}" holds binary data; stepster reads SecretString values only`);
  }
  return output.SecretString;
}
