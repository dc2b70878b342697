import type { FanOutSource } from '../definitions/dynamic-output-handle.js';
import type { EventRecord } from '../event-log/event-record.js';
import { EventType } from '../events/event-type.js';
import { groupMappedSteps } from './mapped-step-timeline.js';
import type { StepAttemptSpan, StepTimeline } from './ui-api.js';

type Outcome = StepAttemptSpan['outcome'];

interface MutableSpan {
  attempt: number;
  start: string;
  end?: string;
  outcome: Outcome;
  error?: string;
}

// The events that open or close an attempt; every other step event (inputs, outputs, logs)
// happens inside one and does not move its bounds.
const ENDS: Readonly<Partial<Record<string, Outcome>>> = {
  [EventType.STEP_SUCCESS]: 'SUCCESS',
  [EventType.STEP_FAILURE]: 'FAILURE',
  [EventType.STEP_UP_FOR_RETRY]: 'RETRY',
};

/**
 * The Gantt rows of a run: for each step, its attempts from STEP_START (attempt 1) or
 * STEP_RESTARTED (later attempts) to STEP_SUCCESS, STEP_FAILURE or STEP_UP_FOR_RETRY; a
 * STEP_SKIPPED is an attempt of no length. Steps come in `stepOrder` first (the job's order,
 * so steps that never started are listed too), then any other step seen in the events.
 *
 * An attempt commits its events when it ends, so a step that is running has none yet: while
 * the run goes on, a step with no events whose upstream steps (`upstream`) all succeeded is
 * RUNNING with no attempt listed.
 *
 * @param runEnded whether the run has ended: a step whose last attempt asked for a retry is
 *   then FAILURE (the retry never came), else RUNNING (it is waiting for it).
 * @param mappedNodes mapped op → the dynamic output that feeds it: its items (`process[a]`) are
 *   folded into its row (see {@link groupMappedSteps}).
 * @example
 * stepTimelines(['fetch'], events, true); // [{ stepKey: 'fetch', status: 'SUCCESS', attempts: [...] }]
 */
export function stepTimelines(
  stepOrder: readonly string[],
  events: readonly EventRecord[],
  runEnded: boolean,
  upstream: ReadonlyMap<string, readonly string[]> = new Map(),
  mappedNodes: ReadonlyMap<string, FanOutSource> = new Map(),
): StepTimeline[] {
  const spans = new Map<string, Map<number, MutableSpan>>(stepOrder.map((key) => [key, new Map()]));
  for (const event of events) {
    const step = event.stepKey;
    if (step === undefined) continue;
    let attempts = spans.get(step);
    if (attempts === undefined) {
      attempts = new Map();
      spans.set(step, attempts);
    }
    record(attempts, event);
  }
  const steps = [...spans].map(([stepKey, attempts]): StepTimeline => {
    const ordered = [...attempts.values()].sort((a, b) => a.attempt - b.attempt);
    return { stepKey, status: stepStatus(ordered.at(-1)?.outcome, runEnded), attempts: ordered };
  });
  const timelines = groupMappedSteps(steps, events, mappedNodes, runEnded);
  if (runEnded) return timelines;
  const succeeded = new Set(timelines.filter((t) => t.status === 'SUCCESS').map((t) => t.stepKey));
  return timelines.map((timeline) =>
    timeline.status === 'NOT_STARTED' && (upstream.get(timeline.stepKey) ?? []).every((up) => succeeded.has(up))
      ? { ...timeline, status: 'RUNNING' }
      : timeline,
  );
}

function record(attempts: Map<number, MutableSpan>, event: EventRecord): void {
  const attempt = event.attempt ?? 1;
  if (event.eventType === EventType.STEP_START || event.eventType === EventType.STEP_RESTARTED) {
    attempts.set(attempt, { attempt, start: event.timestamp, outcome: 'RUNNING' });
    return;
  }
  const outcome = event.eventType === EventType.STEP_SKIPPED ? 'SKIPPED' : ENDS[event.eventType];
  if (outcome === undefined) return;
  // A crash report can close an attempt whose start it never saw recorded: it starts there.
  const span = attempts.get(attempt) ?? { attempt, start: event.timestamp, outcome };
  span.end = event.timestamp;
  span.outcome = outcome;
  const error = describeError(event.data?.error);
  if (error !== undefined && outcome !== 'SUCCESS') span.error = error;
  attempts.set(attempt, span);
}

/** The error's message, and its cause's when the error only wraps one (e.g. retries exhausted). */
function describeError(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { message, cause } = error as { message?: unknown; cause?: unknown };
  if (typeof message !== 'string') return undefined;
  const causeMessage = describeError(cause);
  return causeMessage === undefined ? message : `${message} (cause: ${causeMessage})`;
}

function stepStatus(last: Outcome | undefined, runEnded: boolean): StepTimeline['status'] {
  if (last === undefined) return 'NOT_STARTED';
  if (last === 'RETRY') return runEnded ? 'FAILURE' : 'RUNNING';
  return last;
}
