import type { FanOutSource } from '../definitions/dynamic-output-handle.js';
import { mappedStepKey, mappingKeyOf, nodeOfStepKey, outputOfItem } from '../definitions/mapped-step-key.js';
import type { EventRecord } from '../event-log/event-record.js';
import { EventType } from '../events/event-type.js';
import type { MappedStepTimeline, MappedSteps, StepTimeline } from './ui-api.js';

/**
 * The most items of one mapped op a run's answer lists. The page polls that answer every second
 * while the run goes on, so a 10,000-item fan-out must not send every item each time; 2,000
 * items are about 300 KB of JSON.
 */
export const MAPPED_ITEMS_LIMIT = 2000;

type Status = StepTimeline['status'];

/**
 * Folds the steps of each mapped op (`process[a]`, `process[b]`) into one row for the op
 * (`process`, shown as `process[*]`), as Dagster's run view groups a fan-out: the row keeps the
 * op's place in the job's order and lists the items in the order the emitter yielded them.
 * An item the emitter yielded but that has no event yet is listed NOT_STARTED, so a running
 * fan-out shows what is left.
 *
 * @param mappedNodes mapped op → the dynamic output that feeds it
 * @param runEnded whether the run has ended: until then a fan-out with items left is RUNNING
 * @example
 * groupMappedSteps(timelines, events, new Map([['process', { node: 'files', output: 'items' }]]), true);
 * // [..., { stepKey: 'process', status: 'FAILURE', attempts: [], mapped: { itemCount: 3, counts: { SUCCESS: 2, FAILURE: 1 }, ... } }]
 */
export function groupMappedSteps(
  timelines: readonly StepTimeline[],
  events: readonly EventRecord[],
  mappedNodes: ReadonlyMap<string, FanOutSource>,
  runEnded: boolean,
): StepTimeline[] {
  if (mappedNodes.size === 0) return [...timelines];
  const itemsOf = new Map<string, Map<string, StepTimeline>>();
  const rest: StepTimeline[] = [];
  for (const timeline of timelines) {
    const node = nodeOfStepKey(timeline.stepKey);
    const mappingKey = mappingKeyOf(timeline.stepKey);
    if (mappingKey !== undefined && mappedNodes.has(node)) {
      const items = itemsOf.get(node) ?? new Map<string, StepTimeline>();
      items.set(mappingKey, timeline);
      itemsOf.set(node, items);
      // A row for the op itself stands for its items; it goes where the first item was when
      // the job's order did not list it (the implicit asset job lists only the steps it ran).
      if (!rest.some((t) => t.stepKey === node)) rest.push({ stepKey: node, status: 'NOT_STARTED', attempts: [] });
    } else {
      rest.push(timeline);
    }
  }
  const statusOf = new Map(rest.map((t) => [t.stepKey, t.status]));
  return rest.map((timeline) => {
    const fanOut = mappedNodes.get(timeline.stepKey);
    if (fanOut === undefined) return timeline;
    const emitterDone = statusOf.get(fanOut.node) === 'SUCCESS';
    const seen = itemsOf.get(timeline.stepKey) ?? new Map<string, StepTimeline>();
    const items = [...new Set([...emittedKeys(events, fanOut), ...seen.keys()])].map(
      (mappingKey): MappedStepTimeline => ({
        ...(seen.get(mappingKey) ?? {
          stepKey: mappedStepKey(timeline.stepKey, mappingKey),
          status: 'NOT_STARTED' as const,
          attempts: [],
        }),
        mappingKey,
      }),
    );
    const mapped = summary(fanOut, items);
    return { stepKey: timeline.stepKey, status: groupStatus(mapped, emitterDone, runEnded), attempts: [], mapped };
  });
}

/** The mapping keys of the emitter's latest attempt, in the order it yielded them. */
function emittedKeys(events: readonly EventRecord[], fanOut: FanOutSource): string[] {
  const byAttempt = new Map<number, string[]>();
  for (const event of events) {
    if (event.stepKey !== fanOut.node || event.eventType !== EventType.STEP_OUTPUT) continue;
    const name = event.data?.outputName;
    const key = typeof name === 'string' && outputOfItem(name) === fanOut.output ? mappingKeyOf(name) : undefined;
    if (key === undefined) continue;
    const attempt = event.attempt ?? 1;
    const keys = byAttempt.get(attempt) ?? [];
    keys.push(key);
    byAttempt.set(attempt, keys);
  }
  return byAttempt.get(Math.max(0, ...byAttempt.keys())) ?? [];
}

function summary(fanOut: FanOutSource, items: readonly MappedStepTimeline[]): MappedSteps {
  const counts: Partial<Record<Status, number>> = {};
  for (const item of items) counts[item.status] = (counts[item.status] ?? 0) + 1;
  const attempts = items.flatMap((item) => item.attempts);
  const starts = attempts.map((a) => a.start).sort();
  const ends = attempts.flatMap((a) => (a.end === undefined ? [] : [a.end])).sort();
  const open = items.some((item) => item.status === 'RUNNING' || item.status === 'NOT_STARTED');
  const first = starts[0];
  const last = ends.at(-1);
  return {
    fanOut: { node: fanOut.node, output: fanOut.output },
    itemCount: items.length,
    counts,
    ...(first !== undefined ? { span: { start: first, ...(last !== undefined && !open ? { end: last } : {}) } } : {}),
    items: listed(items),
    omitted: Math.max(0, items.length - MAPPED_ITEMS_LIMIT),
  };
}

// Past the limit, what needs a look (failed, running, waiting) is kept before what succeeded;
// the kept items stay in emission order.
function listed(items: readonly MappedStepTimeline[]): readonly MappedStepTimeline[] {
  if (items.length <= MAPPED_ITEMS_LIMIT) return items;
  const kept = new Set(
    [...items.filter((i) => i.status !== 'SUCCESS'), ...items.filter((i) => i.status === 'SUCCESS')].slice(
      0,
      MAPPED_ITEMS_LIMIT,
    ),
  );
  return items.filter((item) => kept.has(item));
}

/**
 * RUNNING while an item runs or waits to (events are written when an attempt ends); then FAILURE
 * when an item failed, SUCCESS when every item succeeded or was skipped, SKIPPED for a fan-out
 * with no item or only skipped ones.
 */
function groupStatus(mapped: MappedSteps, emitterDone: boolean, runEnded: boolean): Status {
  const { counts, itemCount } = mapped;
  const waiting = (counts.NOT_STARTED ?? 0) > 0 || itemCount === 0;
  if ((counts.RUNNING ?? 0) > 0 || (!runEnded && emitterDone && waiting)) return 'RUNNING';
  if ((counts.FAILURE ?? 0) > 0) return 'FAILURE';
  if (itemCount === 0) return emitterDone ? 'SKIPPED' : 'NOT_STARTED';
  if ((counts.SUCCESS ?? 0) + (counts.SKIPPED ?? 0) === itemCount)
    return (counts.SUCCESS ?? 0) > 0 ? 'SUCCESS' : 'SKIPPED';
  return 'NOT_STARTED';
}
