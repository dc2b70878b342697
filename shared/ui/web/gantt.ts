import type { MappedSteps, RunRow, StepAttemptSpan, StepTimeline } from '../ui-api.js';
import { h } from './dom.js';
import { formatDuration } from './format.js';
import { type GanttScale, placeBar, type SelectStep, spanEnd, stepRow } from './gantt-step-row.js';
import { isExpanded, mappedRows } from './mapped-gantt-rows.js';
import { statusBadge } from './status-badge.js';

const TICKS = 5;

const RUN_OUTCOME: Readonly<Record<string, StepAttemptSpan['outcome']>> = {
  SUCCESS: 'SUCCESS',
  FAILURE: 'FAILURE',
  CANCELED: 'FAILURE',
};

/** How the run page drives the chart: folded fan-outs, and what a click on a step name does. */
export interface GanttView {
  /** Mapped op → whether the user unfolded (true) or folded (false) its items; others by size. */
  readonly expanded?: ReadonlyMap<string, boolean>;
  /** Called when the user folds or unfolds a mapped op's items. */
  readonly onToggle?: (node: string, expanded: boolean) => void;
  readonly onSelect?: SelectStep;
}

/**
 * The run on one time axis: a first row for the run itself (reaching to `now` while it goes on,
 * so it grows at each poll), then a row per step with a bar per attempt. A mapped op
 * (`.map(op)`) gets a summary row (`process[*]`) and, unfolded, a row per item (`process[a]`).
 *
 * @example
 * ganttChart(response.steps, response.run, Date.now())
 */
export function ganttChart(
  steps: readonly StepTimeline[],
  run: RunRow,
  now: number,
  view: GanttView = {},
): HTMLElement {
  const attempts = steps.flatMap((step) => [
    ...step.attempts,
    ...(step.mapped?.items ?? []).flatMap((i) => i.attempts),
  ]);
  const spans = steps.flatMap((step) => (step.mapped?.span ? [step.mapped.span] : []));
  const runStart = Date.parse(run.startTime);
  const runEnd = run.endTime === undefined ? now : Date.parse(run.endTime);
  const starts = [runStart, ...[...attempts, ...spans].map((span) => Date.parse(span.start))].filter(
    (time) => !Number.isNaN(time),
  );
  const t0 = Math.min(...starts, now);
  const ends = [
    runEnd,
    ...attempts.map((attempt) => spanEnd(attempt, now)),
    ...spans.map((span) => (span.end === undefined ? now : Date.parse(span.end))),
  ].filter((time) => !Number.isNaN(time));
  const t1 = Math.max(t0 + 1, ...ends);
  const finished = attempts.flatMap((attempt) => (attempt.end === undefined ? [] : [Date.parse(attempt.end)]));
  const scale: GanttScale = {
    at: (time) => ((time - t0) / (t1 - t0)) * 100,
    now,
    latestEnd: Math.max(runStart, ...finished.filter((time) => !Number.isNaN(time))),
  };

  const axis = h('div', { class: 'gantt-axis' });
  for (let i = 0; i <= TICKS; i++) {
    const tick = h('span', { class: 'gantt-tick' }, `+${formatDuration(((t1 - t0) * i) / TICKS)}`);
    tick.style.left = `${(100 * i) / TICKS}%`;
    axis.append(tick);
  }

  const choices = view.expanded ?? new Map<string, boolean>();
  const rows = steps.flatMap((step) => {
    if (step.mapped === undefined) return [stepRow(step, scale, view.onSelect)];
    const expanded = isExpanded(step, choices);
    return mappedRows(step as StepTimeline & { readonly mapped: MappedSteps }, scale, {
      expanded,
      onToggle: () => view.onToggle?.(step.stepKey, !expanded),
      ...(view.onSelect ? { onSelect: view.onSelect } : {}),
    });
  });

  const runOutcome = RUN_OUTCOME[run.status] ?? 'RUNNING';
  const runBar = h('div', {
    class: `gantt-bar gantt-run outcome-${runOutcome}`,
    attrs: { 'data-outcome': runOutcome, title: `run · ${run.status} · ${formatDuration(runEnd - runStart)}` },
  });
  if (!Number.isNaN(runStart)) placeBar(runBar, scale.at(runStart), scale.at(runEnd));
  return h(
    'div',
    { class: 'gantt' },
    h('div', { class: 'gantt-row gantt-head' }, h('div', { class: 'gantt-label' }, 'Step'), axis),
    h(
      'div',
      { class: 'gantt-row gantt-run-row' },
      h('div', { class: 'gantt-label' }, h('strong', null, 'Run'), statusBadge(run.status)),
      h('div', { class: 'gantt-track' }, runBar),
    ),
    ...rows,
  );
}
