import type { EventRecord } from '../event-log/event-record.js';
import { eventDetailLines } from '../events/event-details.js';
import { EventType } from '../events/event-type.js';

/**
 * What `stepster run` prints under a step's summary line: each retried attempt with the error that
 * caused its retry, then, for a failed step, its failure's error with stack and causes and the
 * Failure's description and metadata. Lines are not indented; empty for a step that ran cleanly.
 *
 * @example
 * stepDetailLines(result.eventsForNode('flaky'), true);
 * // → ['attempt 1: Retry cause: Error: connection reset', '    at …', 'Failure: no files', 'Failure metadata:', '    dir: /in']
 */
export function stepDetailLines(stepEvents: readonly EventRecord[], failed: boolean): string[] {
  const lines: string[] = [];
  for (const event of stepEvents) {
    if (event.eventType !== EventType.STEP_UP_FOR_RETRY) continue;
    const [first, ...rest] = eventDetailLines(event.eventType, event.data);
    if (first !== undefined) lines.push(`attempt ${event.attempt ?? '?'}: ${first}`, ...rest);
  }
  const failure = failed ? stepEvents.findLast((event) => event.eventType === EventType.STEP_FAILURE) : undefined;
  if (failure) lines.push(...eventDetailLines(failure.eventType, failure.data));
  return lines;
}
