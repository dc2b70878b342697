import { RunStatus } from '../../event-log/run-record.js';
import { type JobsResponse, type RunsResponse, UiApi } from '../ui-api.js';
import { getJson } from './api-client.js';
import { h, replaceChildren } from './dom.js';
import { type PageContext, errorBox, navigateTo, pause } from './router.js';
import { runsTable } from './runs-table.js';

// The list refreshes (new runs, statuses) more slowly than a run page polls.
const REFRESH_MS = 3000;

function filterForm(query: URLSearchParams, jobNames: readonly string[]): HTMLFormElement {
  const job = h(
    'select',
    { attrs: { name: 'job', 'aria-label': 'Job' } },
    h('option', { attrs: { value: '' } }, 'All jobs'),
  );
  for (const name of jobNames) job.append(h('option', { attrs: { value: name } }, name));
  job.value = query.get('job') ?? '';
  const status = h(
    'select',
    { attrs: { name: 'status', 'aria-label': 'Status' } },
    h('option', { attrs: { value: '' } }, 'Any status'),
    ...Object.values(RunStatus).map((value) => h('option', { attrs: { value } }, value)),
  );
  status.value = query.get('status') ?? '';
  const tag = h('input', { attrs: { name: 'tag', placeholder: 'tag key=value', 'aria-label': 'Tag' } });
  tag.value = query.get('tag') ?? '';
  const form = h('form', { class: 'filters' }, job, status, tag, h('button', { attrs: { type: 'submit' } }, 'Filter'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (job.value) next.set('job', job.value);
    if (status.value) next.set('status', status.value);
    if (tag.value.trim()) next.set('tag', tag.value.trim());
    const search = next.toString();
    navigateTo(search ? `/runs?${search}` : '/runs');
  });
  return form;
}

/** `/runs` (and `/`): runs newest first, filtered by job, status and tag as query parameters. */
export async function runsPage({ main, query, signal }: PageContext): Promise<void> {
  const list = h('div', { class: 'runs-list' }, h('p', { class: 'loading' }, 'Loading runs…'));
  const jobs = await getJson<JobsResponse>(UiApi.jobs).catch(() => ({ jobs: [] }));
  replaceChildren(
    main,
    h('h1', null, 'Runs'),
    filterForm(
      query,
      jobs.jobs.map((job) => job.name),
    ),
    list,
  );
  const apiQuery = new URLSearchParams();
  for (const key of ['job', 'status', 'tag', 'limit']) {
    for (const value of query.getAll(key)) apiQuery.append(key, value);
  }
  do {
    try {
      const { runs } = await getJson<RunsResponse>(UiApi.runs, apiQuery);
      if (signal.aborted) return;
      replaceChildren(list, runsTable(runs));
    } catch (error) {
      replaceChildren(list, errorBox(error));
      return;
    }
  } while (await pause(REFRESH_MS, signal));
}
