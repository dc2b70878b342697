import { EventLogError } from './event-log-error.js';

const ISO_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;

/**
 * A fixed-width UTC form of an ISO-8601 time (nanosecond digits), so string order is time
 * order: `…00.1234Z` and `…00.123Z` would otherwise compare wrongly as strings.
 * Sub-millisecond digits given by the caller are kept.
 *
 * @example
 * sortableTimestamp('2026-11-01T10:00:00.123Z'); // '2026-11-01T10:00:00.123000000Z'
 */
export function sortableTimestamp(timestamp: string): string {
  const match = ISO_UTC.exec(timestamp);
  if (match) return `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}Z`;
  const millis = Date.parse(timestamp);
  if (Number.isNaN(millis)) {
    throw new EventLogError(`timestamp '${timestamp}' is not an ISO-8601 time: use new Date().toISOString()`);
  }
  return sortableTimestamp(new Date(millis).toISOString());
}
