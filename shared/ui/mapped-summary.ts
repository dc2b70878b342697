import type { MappedSteps, StepTimeline } from './ui-api.js';

// Pure and types-only, so that the page's bundle and the CLI word a fan-out alike.

const WORDS: Readonly<Record<StepTimeline['status'], string>> = {
  SUCCESS: 'succeeded',
  FAILURE: 'failed',
  RUNNING: 'running',
  NOT_STARTED: 'not started',
  SKIPPED: 'skipped',
};

const ORDER: readonly StepTimeline['status'][] = ['SUCCESS', 'FAILURE', 'RUNNING', 'NOT_STARTED', 'SKIPPED'];

/**
 * A fan-out's items counted in words, as Dagster sums a mapped step up.
 *
 * @example
 * mappedSummary(step.mapped); // '1000 items: 998 succeeded, 2 failed'
 */
export function mappedSummary(mapped: Pick<MappedSteps, 'itemCount' | 'counts'>): string {
  if (mapped.itemCount === 0) return 'no items';
  const counts = ORDER.flatMap((status) =>
    mapped.counts[status] ? [`${mapped.counts[status]} ${WORDS[status]}`] : [],
  );
  return `${mapped.itemCount} ${mapped.itemCount === 1 ? 'item' : 'items'}: ${counts.join(', ')}`;
}
