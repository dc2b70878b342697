import type { StepAttemptSpan, StepTimeline } from '../ui-api.js';
import { type Child, h } from './dom.js';
import { formatDuration } from './format.js';
import { statusBadge } from './status-badge.js';

/** Where a time falls on the chart, and what "now" and the latest finished attempt are. */
export interface GanttScale {
  /** A time (ms) → percent of the track. */
  at(time: number): number;
  readonly now: number;
  /** The latest end of a finished attempt (or the run's start): where a pending step most likely began. */
  readonly latestEnd: number;
}

/** What a row does when its step name is clicked (the run page filters its event log to the step). */
export type SelectStep = (stepKey: string) => void;

export function spanEnd(attempt: StepAttemptSpan, now: number): number {
  return attempt.end === undefined ? now : Date.parse(attempt.end);
}

export function placeBar(bar: HTMLElement, left: number, right: number): void {
  bar.style.left = `${left}%`;
  // A bar stays visible however short the span was.
  bar.style.width = `${Math.max(0.4, right - left)}%`;
}

function barTitle(step: string, attempt: StepAttemptSpan, now: number): string {
  const duration = formatDuration(spanEnd(attempt, now) - Date.parse(attempt.start));
  const error = attempt.error ? `\n${attempt.error}` : '';
  return `${step} · attempt ${attempt.attempt} · ${attempt.outcome} · ${duration}${error}`;
}

// An attempt writes its events when it ends, so a running step has no open attempt yet (the
// server marks it RUNNING): its bar starts where it most likely did, when its last attempt or
// else the latest finished attempt of the run ended, and reaches to now.
function pendingBar(step: StepTimeline, scale: GanttScale): HTMLElement {
  const last = step.attempts.at(-1);
  const since = last?.end === undefined ? scale.latestEnd : Date.parse(last.end);
  const bar = h('div', {
    class: 'gantt-bar outcome-RUNNING gantt-pending',
    attrs: {
      title: `${step.stepKey} · running · its events are recorded when the attempt ends`,
      'data-step': step.stepKey,
      'data-attempt': String((last?.attempt ?? 0) + 1),
      'data-outcome': 'RUNNING',
    },
  });
  placeBar(bar, scale.at(since), scale.at(scale.now));
  return bar;
}

/** The step's name; a button that filters the event log to the step when the page asks for that. */
export function stepName(stepKey: string, onSelect: SelectStep | undefined, ...extra: Child[]): HTMLElement {
  if (onSelect === undefined) return h('span', { class: 'gantt-step', attrs: { title: stepKey } }, stepKey, ...extra);
  return h(
    'button',
    {
      class: 'gantt-step link-button',
      attrs: { type: 'button', title: `${stepKey}: show its events` },
      on: { click: () => onSelect(stepKey) },
    },
    stepKey,
    ...extra,
  );
}

/**
 * One step's row: its name and status, then a bar per attempt colored by outcome (so retries
 * and failures show); a running attempt reaches to now. Bars are placed with CSSOM
 * (`style.left`), which the CSP allows, unlike style attributes.
 */
export function stepRow(
  step: StepTimeline,
  scale: GanttScale,
  onSelect?: SelectStep,
  extra: { readonly class?: string; readonly attrs?: Readonly<Record<string, string>> } = {},
): HTMLElement {
  const track = h('div', { class: 'gantt-track' });
  for (const attempt of step.attempts) {
    const start = Date.parse(attempt.start);
    if (Number.isNaN(start)) continue;
    const bar = h(
      'div',
      {
        class: `gantt-bar outcome-${attempt.outcome}`,
        attrs: {
          title: barTitle(step.stepKey, attempt, scale.now),
          'data-step': step.stepKey,
          'data-attempt': String(attempt.attempt),
          'data-outcome': attempt.outcome,
        },
      },
      step.attempts.length > 1 ? `#${attempt.attempt}` : '',
    );
    placeBar(bar, scale.at(start), scale.at(spanEnd(attempt, scale.now)));
    track.append(bar);
  }
  const open = step.attempts.some((attempt) => attempt.outcome === 'RUNNING');
  if (step.status === 'RUNNING' && !open) track.append(pendingBar(step, scale));
  else if (step.attempts.length === 0) track.append(h('span', { class: 'gantt-idle' }, 'not started'));
  return h(
    'div',
    { class: `gantt-row${extra.class ? ` ${extra.class}` : ''}`, attrs: { 'data-step': step.stepKey, ...extra.attrs } },
    h('div', { class: 'gantt-label' }, stepName(step.stepKey, onSelect), statusBadge(step.status)),
    track,
  );
}
