import type { RunRow } from '../ui-api.js';
import { h, link } from './dom.js';
import { formatDuration, formatTime, jobPath, runPath } from './format.js';
import { statusBadge } from './status-badge.js';
import { tagList } from './tag-list.js';

/** Runs as a table, in the order given: id (link), job (link), status, start, duration, tags. */
export function runsTable(runs: readonly RunRow[]): HTMLElement {
  if (runs.length === 0) return h('p', { class: 'empty' }, 'No runs.');
  return h(
    'table',
    { class: 'data runs' },
    h(
      'thead',
      null,
      h('tr', null, ...['Run', 'Job', 'Status', 'Started', 'Duration', 'Tags'].map((title) => h('th', null, title))),
    ),
    h(
      'tbody',
      null,
      ...runs.map((run) =>
        h(
          'tr',
          { attrs: { 'data-run-id': run.runId } },
          h('td', null, link(runPath(run.runId), h('code', null, run.runId.slice(0, 8)))),
          h('td', null, link(jobPath(run.jobName), run.jobName)),
          h('td', null, statusBadge(run.status)),
          h('td', null, formatTime(run.startTime)),
          h('td', { class: 'num' }, formatDuration(run.durationMs)),
          h('td', null, tagList(run.tags)),
        ),
      ),
    ),
  );
}
