import { type JobsResponse, UiApi } from '../ui-api.js';
import { getJson } from './api-client.js';
import { h, link, replaceChildren } from './dom.js';
import { formatTime, jobPath, runPath } from './format.js';
import type { PageContext } from './router.js';
import { statusBadge } from './status-badge.js';
import { tagList } from './tag-list.js';

/** `/jobs`: every job of the loaded Definitions with its latest run. */
export async function jobsPage({ main }: PageContext): Promise<void> {
  const { jobs } = await getJson<JobsResponse>(UiApi.jobs);
  replaceChildren(
    main,
    h('h1', null, 'Jobs'),
    jobs.length === 0
      ? h('p', { class: 'empty' }, 'No jobs in the loaded Definitions.')
      : h(
          'table',
          { class: 'data jobs' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ...['Job', 'Description', 'Nodes', 'Tags', 'Latest run'].map((title) => h('th', null, title)),
            ),
          ),
          h(
            'tbody',
            null,
            ...jobs.map((job) =>
              h(
                'tr',
                null,
                h('td', null, link(jobPath(job.name), job.name)),
                h('td', null, job.description ?? ''),
                h('td', { class: 'num' }, String(job.nodeCount)),
                h('td', null, tagList(job.tags)),
                h(
                  'td',
                  null,
                  job.lastRun
                    ? h(
                        'span',
                        null,
                        statusBadge(job.lastRun.status),
                        ' ',
                        link(runPath(job.lastRun.runId), formatTime(job.lastRun.startTime)),
                      )
                    : '—',
                ),
              ),
            ),
          ),
        ),
  );
}
