// How the run view folds a fan-out's steps (`process[a]`) into the mapped op's row, from the
// event records a run writes: while it goes on, past the item limit, and with no item at all.
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../shared/event-log/event-record.js';
import { EventType } from '../../shared/events/event-type.js';
import { MAPPED_ITEMS_LIMIT } from '../../shared/ui/mapped-step-timeline.js';
import { stepTimelines } from '../../shared/ui/step-timeline.js';

const ORDER = ['files', 'process', 'merge'];
const UPSTREAM = new Map([
  ['process', ['files']],
  ['merge', ['process']],
]);
const MAPPED = new Map([['process', { node: 'files', output: 'items' }]]);

let clock = Date.parse('2026-11-01T00:00:00Z');
function event(eventType: EventType, stepKey: string, data?: Record<string, unknown>): EventRecord {
  clock += 1000;
  return {
    runId: 'run-1',
    eventType,
    stepKey,
    timestamp: new Date(clock).toISOString(),
    attempt: 1,
    level: eventType === EventType.STEP_FAILURE ? 'ERROR' : 'DEBUG',
    message: eventType,
    ...(data ? { data } : {}),
  };
}

/** The emitter's events: it yielded `keys` in this order, then succeeded. */
function emitted(keys: readonly string[]): EventRecord[] {
  return [
    event(EventType.STEP_START, 'files'),
    ...keys.map((key) => event(EventType.STEP_OUTPUT, 'files', { outputName: `items[${key}]` })),
    event(EventType.STEP_SUCCESS, 'files'),
  ];
}

function ran(key: string, outcome: 'STEP_SUCCESS' | 'STEP_FAILURE'): EventRecord[] {
  return [
    event(EventType.STEP_START, `process[${key}]`),
    event(
      EventType[outcome],
      `process[${key}]`,
      outcome === 'STEP_FAILURE' ? { error: { message: 'bad' } } : undefined,
    ),
  ];
}

describe('stepTimelines with a mapped op', () => {
  it('lists the items not run yet while the run goes on, and the op and its fan-out are RUNNING', () => {
    // Prepare
    const events = [...emitted(['x', 'y', 'z']), ...ran('y', 'STEP_SUCCESS')];

    // Act
    const steps = stepTimelines(ORDER, events, false, UPSTREAM, MAPPED);
    const process = steps[1];

    // Assess
    expect(steps.map((step) => [step.stepKey, step.status])).toEqual([
      ['files', 'SUCCESS'],
      ['process', 'RUNNING'],
      ['merge', 'NOT_STARTED'],
    ]);
    expect(process?.mapped?.items.map((item) => [item.stepKey, item.status])).toEqual([
      ['process[x]', 'NOT_STARTED'],
      ['process[y]', 'SUCCESS'],
      ['process[z]', 'NOT_STARTED'],
    ]);
    expect(process?.mapped?.counts).toEqual({ NOT_STARTED: 2, SUCCESS: 1 });
    expect(process?.mapped?.span?.end).toBeUndefined();
  });

  it(`lists at most ${MAPPED_ITEMS_LIMIT} items, keeping the failed ones, and counts every item`, () => {
    // Prepare: the failures come last, past the limit.
    const keys = Array.from({ length: MAPPED_ITEMS_LIMIT + 500 }, (_, i) => `k${i}`);
    const failing = new Set(keys.slice(-2));
    const events = [
      ...emitted(keys),
      ...keys.flatMap((key) => ran(key, failing.has(key) ? 'STEP_FAILURE' : 'STEP_SUCCESS')),
    ];

    // Act
    const [, process] = stepTimelines(ORDER, events, true, UPSTREAM, MAPPED);
    const listed = process?.mapped?.items ?? [];

    // Assess
    expect(process?.status).toBe('FAILURE');
    expect(process?.mapped?.itemCount).toBe(keys.length);
    expect(process?.mapped?.counts).toEqual({ SUCCESS: keys.length - 2, FAILURE: 2 });
    expect(listed).toHaveLength(MAPPED_ITEMS_LIMIT);
    expect(process?.mapped?.omitted).toBe(500);
    expect(listed.filter((item) => item.status === 'FAILURE').map((item) => item.mappingKey)).toEqual([...failing]);
    expect(listed[0]?.mappingKey).toBe('k0');
  });

  it('shows an empty fan-out as SKIPPED with no items once the run ended, and the collecting op ran', () => {
    // Prepare
    const events = [...emitted([]), event(EventType.STEP_START, 'merge'), event(EventType.STEP_SUCCESS, 'merge')];

    // Act
    const steps = stepTimelines(ORDER, events, true, UPSTREAM, MAPPED);

    // Assess
    expect(steps.map((step) => [step.stepKey, step.status])).toEqual([
      ['files', 'SUCCESS'],
      ['process', 'SKIPPED'],
      ['merge', 'SUCCESS'],
    ]);
    expect(steps[1]?.mapped?.itemCount).toBe(0);
  });
});
