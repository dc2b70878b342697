import { describe, expect, it } from 'vitest';
import { retryTime } from '../../shared/tasks/conclude-attempt.js';

describe('retry time (Step Functions drops a Wait timestamp’s milliseconds)', () => {
  it('rounds up to the whole second, so a retry never starts early', () => {
    // Prepare
    const now = Date.parse('2026-12-05T10:00:00.250Z');

    // Act
    const at = retryTime(now, 2);

    // Assess
    expect(at).toBe('2026-12-05T10:00:03.000Z');
    expect(Date.parse(at)).toBeGreaterThanOrEqual(now + 2000);
  });

  it('keeps a time already on the second', () => {
    expect(retryTime(Date.parse('2026-12-05T10:00:00.000Z'), 1)).toBe('2026-12-05T10:00:01.000Z');
  });
});
