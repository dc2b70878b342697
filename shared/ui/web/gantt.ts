import type { RunRow, StepAttemptSpan, StepTimeline } from '../ui-api.js';
import { h } from './dom.js';
import { formatDuration } from './format.js';
import { statusBadge } from './status-badge.js';

const TICKS = 5;

function spanEnd(attempt: StepAttemptSpan, now: number): number {
  return attempt.end === undefined ? now : Date.parse(attempt.end);
}

function barTitle(step: string, attempt: StepAttemptSpan, now: number): string {
  const duration = formatDuration(spanEnd(attempt, now) - Date.parse(attempt.start));
  const error = attempt.error ? `\n${attempt.error}` : '';
  return `${step} · attempt ${attempt.attempt} · ${attempt.outcome} · ${duration}${error}`;
}

const RUN_OUTCOME: Readonly<Record<string, StepAttemptSpan['outcome']>> = {
  SUCCESS: 'SUCCESS',
  FAILURE: 'FAILURE',
  CANCELED: 'FAILURE',
};

function placeBar(bar: HTMLElement, left: number, right: number): void {
  bar.style.left = `${left}%`;
  // A bar stays visible however short the span was.
  bar.style.width = `${Math.max(0.4, right - left)}%`;
}

/**
 * The run on one time axis: a first row for the run itself (reaching to `now` while it goes on,
 * so it grows at each poll), then a row per step with a bar per attempt, colored by outcome so
 * retries and failures show; a running attempt also reaches to `now`. Bars are placed with
 * CSSOM (`style.left`), which the CSP allows, unlike style attributes.
 *
 * @example
 * ganttChart(response.steps, response.run, Date.now())
 */
export function ganttChart(steps: readonly StepTimeline[], run: RunRow, now: number): HTMLElement {
  const attempts = steps.flatMap((step) => step.attempts);
  const runStart = Date.parse(run.startTime);
  const runEnd = run.endTime === undefined ? now : Date.parse(run.endTime);
  const starts = [runStart, ...attempts.map((attempt) => Date.parse(attempt.start))].filter(
    (time) => !Number.isNaN(time),
  );
  const t0 = Math.min(...starts, now);
  const ends = [runEnd, ...attempts.map((attempt) => spanEnd(attempt, now))].filter((time) => !Number.isNaN(time));
  const t1 = Math.max(t0 + 1, ...ends);
  const at = (time: number) => ((time - t0) / (t1 - t0)) * 100;

  const axis = h('div', { class: 'gantt-axis' });
  for (let i = 0; i <= TICKS; i++) {
    const tick = h('span', { class: 'gantt-tick' }, `+${formatDuration(((t1 - t0) * i) / TICKS)}`);
    tick.style.left = `${(100 * i) / TICKS}%`;
    axis.append(tick);
  }

  // An attempt writes its events when it ends, so a running step has no open attempt yet (the
  // server marks it RUNNING): its bar starts where it most likely did, when its last attempt or
  // else the latest finished attempt of the run ended, and reaches to now.
  const finished = attempts.flatMap((attempt) => (attempt.end === undefined ? [] : [Date.parse(attempt.end)]));
  const latestEnd = Math.max(runStart, ...finished.filter((time) => !Number.isNaN(time)));
  const pendingBar = (step: StepTimeline): HTMLElement => {
    const last = step.attempts.at(-1);
    const since = last?.end === undefined ? latestEnd : Date.parse(last.end);
    const bar = h('div', {
      class: 'gantt-bar outcome-RUNNING gantt-pending',
      attrs: {
        title: `${step.stepKey} · running · its events are recorded when the attempt ends`,
        'data-step': step.stepKey,
        'data-attempt': String((last?.attempt ?? 0) + 1),
        'data-outcome': 'RUNNING',
      },
    });
    placeBar(bar, at(since), at(now));
    return bar;
  };

  const rows = steps.map((step) => {
    const track = h('div', { class: 'gantt-track' });
    for (const attempt of step.attempts) {
      const start = Date.parse(attempt.start);
      if (Number.isNaN(start)) continue;
      const left = at(start);
      const bar = h(
        'div',
        {
          class: `gantt-bar outcome-${attempt.outcome}`,
          attrs: {
            title: barTitle(step.stepKey, attempt, now),
            'data-step': step.stepKey,
            'data-attempt': String(attempt.attempt),
            'data-outcome': attempt.outcome,
          },
        },
        step.attempts.length > 1 ? `#${attempt.attempt}` : '',
      );
      placeBar(bar, left, at(spanEnd(attempt, now)));
      track.append(bar);
    }
    const open = step.attempts.some((attempt) => attempt.outcome === 'RUNNING');
    if (step.status === 'RUNNING' && !open) track.append(pendingBar(step));
    else if (step.attempts.length === 0) track.append(h('span', { class: 'gantt-idle' }, 'not started'));
    return h(
      'div',
      { class: 'gantt-row', attrs: { 'data-step': step.stepKey } },
      h(
        'div',
        { class: 'gantt-label' },
        h('span', { class: 'gantt-step', attrs: { title: step.stepKey } }, step.stepKey),
        statusBadge(step.status),
      ),
      track,
    );
  });

  const runOutcome = RUN_OUTCOME[run.status] ?? 'RUNNING';
  const runBar = h('div', {
    class: `gantt-bar gantt-run outcome-${runOutcome}`,
    attrs: { 'data-outcome': runOutcome, title: `run · ${run.status} · ${formatDuration(runEnd - runStart)}` },
  });
  if (!Number.isNaN(runStart)) placeBar(runBar, at(runStart), at(runEnd));
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
