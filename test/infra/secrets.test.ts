// secret(...) resources, fetched with the real Secrets Manager client from a protocol double on
// 127.0.0.1 (Secrets Manager has no local server); what a Definitions' resources hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSecrets } from '../../shared/secrets/find-secrets.js';
import { secret } from '../../shared/secrets/secret-reference.js';
import { type SecretsManagerDouble, startSecretsManagerDouble } from '../support/secrets-manager-double.js';

const SECRETS: Record<string, string> = {
  'prod/smtp': JSON.stringify({ user: 'mailer', password: 's3cret' }),
  'prod/token': 'plain-token',
};
let secretsManager: SecretsManagerDouble;

beforeAll(async () => {
  secretsManager = await startSecretsManagerDouble(SECRETS);
});

afterAll(async () => {
  await secretsManager.close();
});

describe('secret', () => {
  it('reads a JSON field of a secret from Secrets Manager, once per cache period', async () => {
    // Prepare
    const password = secret('prod/smtp', { jsonField: 'password' });
    const before = secretsManager.requests;

    // Act
    const values = [await password.value(), await password.value()];

    // Assess
    expect(values).toEqual(['s3cret', 's3cret']);
    expect(secretsManager.requests - before).toBe(1);
  });

  it('reads a plain secret string', async () => {
    // Prepare
    const token = secret('prod/token', { cacheSeconds: 0 });

    // Act
    const value = await token.value();

    // Assess
    expect(value).toBe('plain-token');
  });

  it('never shows its value in JSON or strings', async () => {
    // Prepare
    const token = secret('prod/token');
    await token.value();

    // Act
    const shown = `${JSON.stringify({ token })} ${String(token)}`;

    // Assess
    expect(shown).toBe('{"token":{"secret":"prod/token"}} [secret prod/token]');
  });

  it('fails when the JSON field is missing, naming the secret and the field', async () => {
    // Prepare
    const missing = secret('prod/smtp', { jsonField: 'apiKey' });

    // Act
    const value = missing.value();

    // Assess
    await expect(value).rejects.toThrow('secret "prod/smtp" has no string field "apiKey"');
  });

  it('fails when the secret does not exist', async () => {
    // Prepare
    const unknown = secret('prod/unknown');

    // Act
    const value = unknown.value();

    // Assess
    await expect(value).rejects.toThrow(/can't find the specified secret/);
  });

  it('fails when the name is not a secret name', () => {
    // Prepare
    const name = 'prod smtp';

    // Act
    const act = () => secret(name);

    // Assess
    expect(act).toThrow('secret("prod smtp"): a secret name has 1-512 letters');
  });

  it('is found among nested resources, so the app can grant exactly those', () => {
    // Prepare
    const resources = {
      smtp: { host: 'mail', password: secret('prod/smtp', { jsonField: 'password' }) },
      token: secret('prod/token'),
      list: [secret('prod/token')],
    };

    // Act
    const names = findSecrets(resources).map((s) => s.secretName);

    // Assess
    expect(names.sort()).toEqual(['prod/smtp', 'prod/token']);
  });
});
