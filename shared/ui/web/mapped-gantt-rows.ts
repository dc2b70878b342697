import type { MappedSteps, StepTimeline } from '../ui-api.js';
import { mappedSummary } from '../mapped-summary.js';
import { h } from './dom.js';
import { formatDuration } from './format.js';
import { type GanttScale, placeBar, type SelectStep, stepName, stepRow } from './gantt-step-row.js';
import { statusBadge } from './status-badge.js';

/** A fan-out of at most this many items opens with its items listed; a larger one opens folded. */
export const MAPPED_EXPANDED_UP_TO = 20;

/** How many failed items a folded fan-out still lists under its summary row. */
export const FOLDED_FAILURES_SHOWN = 10;

/** Whether a fan-out's items are listed: the user's choice, else by its size. */
export function isExpanded(step: StepTimeline, choices: ReadonlyMap<string, boolean>): boolean {
  return choices.get(step.stepKey) ?? (step.mapped?.itemCount ?? 0) <= MAPPED_EXPANDED_UP_TO;
}

/**
 * A mapped op's rows: one summary row (`process[*]`, its counts, one bar from the first item's
 * start to the last one's end, and a button that folds or unfolds the items), then a row per
 * item (`process[a]`) when unfolded, or only the first failed ones when folded. A 1,000-item
 * fan-out therefore opens as one row.
 */
export function mappedRows(
  step: StepTimeline & { readonly mapped: MappedSteps },
  scale: GanttScale,
  view: { readonly expanded: boolean; readonly onToggle: () => void; readonly onSelect?: SelectStep },
): HTMLElement[] {
  const { mapped } = step;
  const summary = mappedSummary(mapped);
  const track = h('div', { class: 'gantt-track' });
  if (mapped.span !== undefined) {
    const start = Date.parse(mapped.span.start);
    const end = mapped.span.end === undefined ? scale.now : Date.parse(mapped.span.end);
    const bar = h('div', {
      class: `gantt-bar gantt-mapped outcome-${step.status === 'NOT_STARTED' ? 'RUNNING' : step.status}`,
      attrs: {
        title: `${step.stepKey}[*] · ${summary} · ${formatDuration(end - start)}`,
        'data-step': step.stepKey,
        'data-outcome': step.status,
      },
    });
    placeBar(bar, scale.at(start), scale.at(end));
    track.append(bar);
  } else {
    track.append(h('span', { class: 'gantt-idle' }, mapped.itemCount === 0 ? 'no items' : 'not started'));
  }
  const toggle = h(
    'button',
    {
      class: 'gantt-toggle link-button',
      attrs: {
        type: 'button',
        'aria-expanded': String(view.expanded),
        title: view.expanded ? 'Fold' : 'Show every item',
      },
      on: { click: view.onToggle },
    },
    `${view.expanded ? '▾' : '▸'} ${mapped.itemCount}`,
  );
  const head = h(
    'div',
    { class: 'gantt-row gantt-mapped-row', attrs: { 'data-step': step.stepKey, 'data-mapped': 'true' } },
    h(
      'div',
      { class: 'gantt-label' },
      mapped.itemCount > 0 ? toggle : null,
      stepName(step.stepKey, view.onSelect, h('span', { class: 'mapped-badge' }, '[*]')),
      statusBadge(step.status),
    ),
    h('div', { class: 'gantt-mapped-track' }, track, h('span', { class: 'mapped-summary' }, summary)),
  );
  const items = view.expanded
    ? mapped.items
    : mapped.items.filter((item) => item.status === 'FAILURE').slice(0, FOLDED_FAILURES_SHOWN);
  const rows = items.map((item) =>
    stepRow(item, scale, view.onSelect, { class: 'gantt-item', attrs: { 'data-mapping-key': item.mappingKey } }),
  );
  const hidden = mapped.itemCount - rows.length;
  const note =
    hidden > 0 && (view.expanded || rows.length > 0)
      ? h(
          'div',
          { class: 'gantt-row gantt-item gantt-more' },
          h('div', { class: 'gantt-label' }),
          h(
            'span',
            { class: 'gantt-idle' },
            view.expanded
              ? `${hidden} more items not listed (the page lists at most ${mapped.items.length}); filter the event log by step`
              : `${hidden} more items folded`,
          ),
        )
      : null;
  return [head, ...rows, ...(note ? [note] : [])];
}
