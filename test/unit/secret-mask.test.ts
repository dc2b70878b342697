import { describe, expect, it } from 'vitest';
import {
  MIN_MASKED_SECRET_LENGTH,
  maskSecrets,
  maskSecretsDeep,
  registerSecretValue,
} from '../../shared/errors/secret-mask.js';

// The registry is process-wide and only grows: each test registers values of its own.

describe('maskSecrets', () => {
  it('returns text as it is while no secret value is registered', () => {
    // Prepare
    const data = { error: { message: 'nothing secret here' } };

    // Act
    const masked = maskSecretsDeep(data);

    // Assess
    expect(masked).toBe(data);
  });

  it('replaces every occurrence of a registered value, a longer value containing a shorter one whole', () => {
    // Prepare
    registerSecretValue('alpha-key');
    registerSecretValue('alpha-key-extended');

    // Act
    const masked = maskSecrets('a=alpha-key b=alpha-key-extended c=alpha-key');

    // Assess
    expect(masked).toBe('a=*** b=*** c=***');
  });

  it(`leaves values shorter than ${MIN_MASKED_SECRET_LENGTH} characters alone`, () => {
    // Prepare
    registerSecretValue('abc');

    // Act
    const masked = maskSecrets('abc is not masked');

    // Assess
    expect(masked).toBe('abc is not masked');
  });
});

describe('maskSecretsDeep', () => {
  it('masks strings and keys in plain objects and arrays, and copies only what changed', () => {
    // Prepare
    registerSecretValue('beta-secret');
    const untouched = { rows: 3 };
    const data = { list: ['x beta-secret', untouched], 'beta-secret': 1, n: 2 };

    // Act
    const masked = maskSecretsDeep(data);

    // Assess
    expect(masked).toEqual({ list: ['x ***', { rows: 3 }], '***': 1, n: 2 });
    expect(masked.list[1]).toBe(untouched);
    expect(data.list[0]).toBe('x beta-secret');
  });

  it('masks an Error as a copy of its class: message, stack, cause and own fields', () => {
    // Prepare
    registerSecretValue('gamma-secret');
    class DbError extends Error {
      readonly dsn = 'postgres://u:gamma-secret@h';
    }
    const error = new DbError('login gamma-secret', { cause: new Error('inner gamma-secret') });

    // Act
    const masked = maskSecretsDeep(error);

    // Assess
    expect(masked).toBeInstanceOf(DbError);
    expect(masked.message).toBe('login ***');
    expect(masked.stack?.split('\n')[0]).toBe('Error: login ***');
    expect((masked.cause as Error).message).toBe('inner ***');
    expect(masked.dsn).toBe('postgres://u:***@h');
    expect(error.message).toBe('login gamma-secret');
  });

  it('follows cycles without looping', () => {
    // Prepare
    registerSecretValue('delta-secret');
    const data: Record<string, unknown> = { text: 'delta-secret' };
    data.self = data;

    // Act
    const masked = maskSecretsDeep(data);

    // Assess
    expect(masked.text).toBe('***');
    expect(masked.self).toBe(masked);
  });
});
