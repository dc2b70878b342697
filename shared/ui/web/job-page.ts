import { type JobResponse, UiApi } from '../ui-api.js';
import { apiPath, getJson } from './api-client.js';
import { h, replaceChildren } from './dom.js';
import { formatTime } from './format.js';
import { jobGraph } from './job-graph.js';
import { launchpad } from './launchpad.js';
import { metadataView } from './metadata-view.js';
import type { PageContext } from './router.js';
import { runsTable } from './runs-table.js';
import { tagList } from './tag-list.js';

function section(title: string, ...content: (Node | string | null)[]): HTMLElement {
  return h(
    'section',
    { class: `job-${title.toLowerCase().replace(/[^a-z]+/g, '-')}` },
    h('h2', null, title),
    ...content,
  );
}

function schedules(job: JobResponse): HTMLElement {
  if (job.schedules.length === 0) return h('p', { class: 'empty' }, 'No schedules.');
  return h(
    'ul',
    { class: 'schedules' },
    ...job.schedules.map((schedule) =>
      h(
        'li',
        null,
        h('strong', null, schedule.name),
        ' ',
        h('code', null, schedule.cronSchedule),
        ` (${schedule.timezone}) · next: ${schedule.nextTicks.map((tick) => formatTime(tick)).join(', ') || '—'}`,
      ),
    ),
  );
}

function sensors(job: JobResponse): HTMLElement {
  if (job.sensors.length === 0) return h('p', { class: 'empty' }, 'No sensors.');
  return h(
    'ul',
    { class: 'sensors' },
    ...job.sensors.map((sensor) =>
      h(
        'li',
        null,
        h('strong', null, sensor.name),
        ` on ${sensor.runStatus}`,
        sensor.description ? ` — ${sensor.description}` : '',
      ),
    ),
  );
}

/** `/jobs/<name>`: graph, description, metadata, tags, config schema, schedules, sensors, recent runs, launchpad. */
export async function jobPage({ main, params }: PageContext): Promise<void> {
  const jobName = params[0] ?? '';
  const job = await getJson<JobResponse>(apiPath(UiApi.job, { jobName }));
  replaceChildren(
    main,
    h('h1', null, 'Job ', h('code', null, job.name)),
    job.description ? h('p', { class: 'description' }, job.description) : null,
    Object.keys(job.tags).length > 0 ? h('p', null, tagList(job.tags)) : null,
    section('Graph', h('div', { class: 'graph-scroll' }, jobGraph(job.nodes, job.edges))),
    metadataView(job.metadata) ? section('Metadata', metadataView(job.metadata)) : null,
    section('Launchpad', launchpad(job.name)),
    section(
      'Config schema',
      job.configSchema === null || job.configSchema === undefined
        ? h('p', { class: 'empty' }, 'This job takes no run config.')
        : h('pre', { class: 'schema' }, JSON.stringify(job.configSchema, null, 2)),
    ),
    section('Schedules', schedules(job)),
    section('Sensors', sensors(job)),
    section('Recent runs', runsTable(job.recentRuns)),
  );
}
