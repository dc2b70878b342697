import { describe, expect, it } from 'vitest';
import { DefinitionError } from '../../shared/errors/definition-error.js';
import { RetryRequested } from '../../shared/errors/retry-requested.js';
import { Failure } from '../../shared/events/failure.js';
import { Backoff } from '../../shared/retry/backoff.js';
import { compileRetryPolicy, type RetryPolicyOptions } from '../../shared/retry/compile-retry-policy.js';
import { decideRetry } from '../../shared/retry/retry-decision.js';
import { Jitter } from '../../shared/retry/jitter.js';
import { RetryPolicy } from '../../shared/retry/retry-policy.js';
import { retryDelaySeconds } from '../../shared/retry/retry-delay.js';
import { thrown } from '../support/thrown.js';

describe('compileRetryPolicy and RetryPolicy', () => {
  it('defaults to one retry and leaves absent fields out', () => {
    // Prepare
    const options = {};

    // Act
    const data = compileRetryPolicy(options);
    const policy = new RetryPolicy();

    // Assess
    expect(data).toEqual({ maxRetries: 1 });
    expect(Object.keys(data)).toEqual(['maxRetries']);
    expect(policy.maxRetries).toBe(1);
    expect(policy.data).toEqual({ maxRetries: 1 });
    expect(Object.isFrozen(policy)).toBe(true);
  });

  it('keeps every field of a full policy', () => {
    // Prepare
    const options = { maxRetries: 3, delay: 1.5, backoff: Backoff.EXPONENTIAL, jitter: Jitter.PLUS_MINUS };

    // Act
    const policy = new RetryPolicy(options);

    // Assess
    expect(policy.data).toEqual({ maxRetries: 3, delay: 1.5, backoff: 'EXPONENTIAL', jitter: 'PLUS_MINUS' });
    expect([policy.maxRetries, policy.delay, policy.backoff, policy.jitter]).toEqual([
      3,
      1.5,
      'EXPONENTIAL',
      'PLUS_MINUS',
    ]);
  });

  it('rejects bad options with messages naming the field and the fix', () => {
    // Prepare
    const cases: [RetryPolicyOptions, string][] = [
      [{ maxRetries: -1 }, 'RetryPolicy.maxRetries must be a non-negative integer, got -1'],
      [{ maxRetries: 1.5 }, 'RetryPolicy.maxRetries must be a non-negative integer, got 1.5'],
      [{ maxRetries: '3' as never }, 'RetryPolicy.maxRetries must be a non-negative integer, got "3"'],
      [{ delay: -1 }, 'RetryPolicy.delay must be a finite number of seconds ≥ 0, got -1'],
      [{ delay: Number.NaN }, 'RetryPolicy.delay must be a finite number of seconds ≥ 0, got NaN'],
      [{ delay: Number.POSITIVE_INFINITY }, 'RetryPolicy.delay must be a finite number of seconds ≥ 0, got Infinity'],
      [
        { backoff: Backoff.LINEAR },
        'RetryPolicy.backoff requires RetryPolicy.delay: set delay (seconds) or remove backoff',
      ],
      [{ jitter: Jitter.FULL }, 'RetryPolicy.jitter requires RetryPolicy.delay: set delay (seconds) or remove jitter'],
      [
        { delay: 1, backoff: 'QUADRATIC' as never },
        'RetryPolicy.backoff must be one of Backoff.LINEAR, Backoff.EXPONENTIAL, got "QUADRATIC"',
      ],
      [
        { delay: 1, jitter: 'HALF' as never },
        'RetryPolicy.jitter must be one of Jitter.FULL, Jitter.PLUS_MINUS, got "HALF"',
      ],
    ];

    // Act
    const errors = cases.map(([options]) => thrown(() => new RetryPolicy(options)));

    // Assess
    expect(errors.map((e) => e.message)).toEqual(cases.map(([, message]) => message));
    for (const error of errors) {
      expect(error).toBeInstanceOf(DefinitionError);
      expect((error as DefinitionError).subject).toBe('RetryPolicy');
    }
  });

  it('accepts zero retries and a zero delay', () => {
    // Prepare
    const options = { maxRetries: 0, delay: 0, backoff: Backoff.LINEAR };

    // Act
    const data = compileRetryPolicy(options);

    // Assess
    expect(data).toEqual({ maxRetries: 0, delay: 0, backoff: 'LINEAR' });
  });
});

describe('retryDelaySeconds (Dagster calculate_delay)', () => {
  const never = () => {
    throw new Error('random must not be called without jitter');
  };

  it('waits the constant delay without backoff', () => {
    // Prepare
    const policy = compileRetryPolicy({ maxRetries: 5, delay: 2 });

    // Act
    const delays = [1, 2, 3].map((n) => retryDelaySeconds(policy, n, never));

    // Assess
    expect(delays).toEqual([2, 2, 2]);
  });

  it('LINEAR waits delay · n', () => {
    // Prepare
    const policy = compileRetryPolicy({ maxRetries: 5, delay: 2, backoff: Backoff.LINEAR });

    // Act
    const delays = [1, 2, 3, 4].map((n) => retryDelaySeconds(policy, n, never));

    // Assess
    expect(delays).toEqual([2, 4, 6, 8]);
  });

  it('EXPONENTIAL waits (2^n − 1) · delay', () => {
    // Prepare
    const policy = compileRetryPolicy({ maxRetries: 5, delay: 2, backoff: Backoff.EXPONENTIAL });

    // Act
    const delays = [1, 2, 3, 4].map((n) => retryDelaySeconds(policy, n, never));

    // Assess
    expect(delays).toEqual([2, 6, 14, 30]);
  });

  it('FULL jitter waits random() · d', () => {
    // Prepare
    const policy = compileRetryPolicy({ maxRetries: 5, delay: 2, backoff: Backoff.EXPONENTIAL, jitter: Jitter.FULL });

    // Act
    const delays = [0, 0.25, 0.5].map((r) => retryDelaySeconds(policy, 3, () => r));

    // Assess
    expect(delays).toEqual([0, 3.5, 7]);
  });

  it('PLUS_MINUS jitter waits d + 2 · random() · delay − delay', () => {
    // Prepare
    const policy = compileRetryPolicy({ maxRetries: 5, delay: 2, backoff: Backoff.LINEAR, jitter: Jitter.PLUS_MINUS });

    // Act
    const delays = [0, 0.5, 0.75].map((r) => retryDelaySeconds(policy, 3, () => r));

    // Assess
    expect(delays).toEqual([4, 6, 7]);
  });

  it('never returns a negative wait, and no delay means 0', () => {
    // Prepare
    const jittered = compileRetryPolicy({ maxRetries: 1, delay: 2, jitter: Jitter.PLUS_MINUS });
    const bare = compileRetryPolicy({ maxRetries: 1 });

    // Act
    const floored = retryDelaySeconds(jittered, 1, () => -1);
    const none = retryDelaySeconds(bare, 4, never);

    // Assess
    expect(floored).toBe(0);
    expect(none).toBe(0);
  });

  it('rejects a retry number below 1', () => {
    // Prepare
    const policy = compileRetryPolicy({ maxRetries: 1, delay: 1 });

    // Act
    const error = thrown(() => retryDelaySeconds(policy, 0));

    // Assess
    expect(error.message).toBe('retryDelaySeconds: retryNumber must be an integer ≥ 1 (1 = first retry), got 0');
  });
});

describe('decideRetry', () => {
  const policy = new RetryPolicy({ maxRetries: 2, delay: 1, backoff: Backoff.EXPONENTIAL });

  it('retries a plain error under the policy, delay computed for retry number = attempt', () => {
    // Prepare
    const error = new Error('flaky');

    // Act
    const first = decideRetry({ error, attempt: 1, policy });
    const second = decideRetry({ error, attempt: 2, policy: policy.data });

    // Assess
    expect(first).toEqual({ retry: true, delaySeconds: 1, maxRetries: 2 });
    expect(second).toEqual({ retry: true, delaySeconds: 3, maxRetries: 2 });
  });

  it('stops when attempt − 1 ≥ maxRetries', () => {
    // Prepare
    const error = new Error('flaky');

    // Act
    const decision = decideRetry({ error, attempt: 3, policy });

    // Assess
    expect(decision).toEqual({ retry: false, reason: 'exhausted', maxRetries: 2 });
  });

  it('does not retry without a policy', () => {
    // Prepare
    const error = new Failure({ description: 'x' });

    // Act
    const decision = decideRetry({ error, attempt: 1 });

    // Assess
    expect(decision).toEqual({ retry: false, reason: 'no-policy' });
  });

  it('RetryRequested comes first and is honoured exactly, over any policy', () => {
    // Prepare
    const request = new RetryRequested({ maxRetries: 3, secondsToWait: 5 });
    const jittered = new RetryPolicy({ maxRetries: 0, delay: 100, backoff: Backoff.EXPONENTIAL, jitter: Jitter.FULL });

    // Act
    const decisions = [1, 2, 3, 4].map((attempt) =>
      decideRetry({ error: request, attempt, policy: jittered, random: () => 0.5 }),
    );

    // Assess
    expect(decisions).toEqual([
      { retry: true, delaySeconds: 5, maxRetries: 3 },
      { retry: true, delaySeconds: 5, maxRetries: 3 },
      { retry: true, delaySeconds: 5, maxRetries: 3 },
      { retry: false, reason: 'exhausted', maxRetries: 3 },
    ]);
    expect(decideRetry({ error: new RetryRequested(), attempt: 1 })).toEqual({
      retry: true,
      delaySeconds: 0,
      maxRetries: 1,
    });
  });

  it('never retries a Failure with allowRetries false, but retries one that allows it', () => {
    // Prepare
    const blocked = new Failure({ description: 'bad input', allowRetries: false });
    const allowed = new Failure({ description: 'try again' });

    // Act
    const withPolicy = decideRetry({ error: blocked, attempt: 1, policy });
    const withoutPolicy = decideRetry({ error: blocked, attempt: 1 });
    const allowedDecision = decideRetry({ error: allowed, attempt: 1, policy });

    // Assess
    expect(withPolicy).toEqual({ retry: false, reason: 'failure-disallows-retries', maxRetries: 2 });
    expect(withoutPolicy).toEqual({ retry: false, reason: 'failure-disallows-retries' });
    expect(allowedDecision).toEqual({ retry: true, delaySeconds: 1, maxRetries: 2 });
  });

  it('uses the injected random for jitter', () => {
    // Prepare
    const jittered = new RetryPolicy({ maxRetries: 3, delay: 4, jitter: Jitter.FULL });

    // Act
    const decision = decideRetry({ error: 'thrown string', attempt: 2, policy: jittered, random: () => 0.25 });

    // Assess
    expect(decision).toEqual({ retry: true, delaySeconds: 1, maxRetries: 3 });
  });

  it('rejects an attempt below 1', () => {
    // Prepare
    const input = { error: new Error('x'), attempt: 0, policy };

    // Act
    const error = thrown(() => decideRetry(input));

    // Assess
    expect(error.message).toBe('decideRetry: attempt must be an integer ≥ 1 (the attempt that just failed), got 0');
  });
});
