import { isTerminalRunStatus } from '../../event-log/run-record.js';
import {
  type LaunchResponse,
  type ReexecuteRequest,
  type RunEventsResponse,
  type RunResponse,
  UiApi,
} from '../ui-api.js';
import { apiPath, getJson, postJson } from './api-client.js';
import { h, link, replaceChildren } from './dom.js';
import { EventLogView } from './event-log-view.js';
import { formatDuration, formatTime, jobPath, runPath } from './format.js';
import { ganttChart } from './gantt.js';
import { type PageContext, errorBox, navigateTo, pause } from './router.js';
import { statusBadge } from './status-badge.js';
import { tagList } from './tag-list.js';

// Live updates while the run goes on: events after the last cursor, then the run's steps.
const POLL_MS = 1000;

function header({ run }: RunResponse): HTMLElement {
  const facts: [string, Node | string][] = [
    ['Job', link(jobPath(run.jobName), run.jobName)],
    ['Status', statusBadge(run.status)],
    ['Started', formatTime(run.startTime)],
    ['Ended', run.endTime ? formatTime(run.endTime) : '—'],
    ['Duration', formatDuration(run.durationMs)],
  ];
  if (run.parentRunId) facts.push(['Parent run', link(runPath(run.parentRunId), run.parentRunId)]);
  if (run.rootRunId) facts.push(['Root run', link(runPath(run.rootRunId), run.rootRunId)]);
  if (Object.keys(run.tags).length > 0) facts.push(['Tags', tagList(run.tags)]);
  return h(
    'dl',
    { class: 'facts-grid run-header' },
    ...facts.flatMap(([label, value]) => [h('dt', null, label), h('dd', null, value)]),
  );
}

function reexecuteButtons(response: RunResponse, runId: string): HTMLElement {
  const message = h('div', { class: 'action-result' });
  const button = (mode: ReexecuteRequest['mode'], label: string) =>
    h(
      'button',
      {
        class: 'action',
        attrs: { type: 'button', 'data-mode': mode },
        on: {
          click: async (event) => {
            const target = event.currentTarget as HTMLButtonElement;
            target.disabled = true;
            replaceChildren(message);
            try {
              const body: ReexecuteRequest = { mode };
              const { runId: newRunId } = await postJson<LaunchResponse>(apiPath(UiApi.reexecute, { runId }), body);
              navigateTo(runPath(newRunId));
            } catch (error) {
              replaceChildren(message, errorBox(error));
            } finally {
              target.disabled = false;
            }
          },
        },
      },
      label,
    );
  const terminal = isTerminalRunStatus(response.run.status);
  const actions = h('div', { class: 'actions' });
  if (terminal && response.jobKnown) {
    if (response.run.status !== 'SUCCESS') actions.append(button('from-failure', 'Re-execute from failure'));
    actions.append(button('all', 'Re-execute all'));
  }
  actions.append(message);
  return actions;
}

/** `/runs/<runId>`: header, re-execute, Gantt timeline and event log, live until the run ends. */
export async function runPage({ main, params, signal }: PageContext): Promise<void> {
  const runId = params[0] ?? '';
  const runUrl = apiPath(UiApi.run, { runId });
  const eventsUrl = apiPath(UiApi.runEvents, { runId });
  let response = await getJson<RunResponse>(runUrl);
  const top = h('div', { class: 'run-top' });
  const timeline = h('section', { class: 'timeline' });
  const log = new EventLogView(
    response.steps.flatMap((step) => [step.stepKey, ...(step.mapped?.items ?? []).map((item) => item.stepKey)]),
    response.steps.flatMap((step) => (step.mapped ? [step.stepKey] : [])),
  );
  // Fan-outs the user folded or unfolded keep that choice across the live redraws.
  const expanded = new Map<string, boolean>();
  const problems = h('div', { class: 'poll-problems' });
  replaceChildren(
    main,
    h('h1', null, 'Run ', h('code', null, runId)),
    top,
    h('h2', null, 'Timeline'),
    timeline,
    problems,
    log.element,
  );
  const draw = () => {
    replaceChildren(top, header(response), reexecuteButtons(response, runId));
    replaceChildren(
      timeline,
      ganttChart(response.steps, response.run, Date.now(), {
        expanded,
        onToggle: (node, open) => {
          expanded.set(node, open);
          draw();
        },
        onSelect: (stepKey) => log.showStep(stepKey),
      }),
    );
  };
  draw();

  let cursor: string | undefined;
  for (;;) {
    try {
      const query = new URLSearchParams(cursor === undefined ? {} : { after: cursor });
      const page = await getJson<RunEventsResponse>(eventsUrl, query);
      if (signal.aborted) return;
      // Without a cursor the server answers the whole log, so it replaces what is shown.
      if (cursor === undefined) log.replace(page.events);
      else log.add(page.events);
      cursor = page.cursor ?? cursor;
      // A full page (hasMore) is followed at once, before the run is read again: on a large
      // run (a 1,000-item fan-out writes 9,000 events) each read of the run costs the server
      // a pass over every event.
      if (page.hasMore === true && page.cursor !== undefined) continue;
      // A page of events may end before the run does: fetch the run after its events, so the
      // last poll sees every event the terminal status implies.
      response = await getJson<RunResponse>(runUrl);
      if (signal.aborted) return;
      draw();
      replaceChildren(problems);
      // Otherwise the run's end stops the polling.
      const drained = page.events.length === 0 || page.cursor === undefined;
      if (isTerminalRunStatus(page.runStatus) && isTerminalRunStatus(response.run.status) && drained) {
        return;
      }
    } catch (error) {
      if (signal.aborted) return;
      replaceChildren(problems, errorBox(error));
    }
    if (!(await pause(POLL_MS, signal))) return;
  }
}
