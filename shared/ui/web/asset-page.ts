import type { EventRecord } from '../../event-log/event-record.js';
import { type AssetResponse, UiApi } from '../ui-api.js';
import { apiPath, getJson } from './api-client.js';
import { checkBadges } from './assets-page.js';
import { h, link, replaceChildren } from './dom.js';
import { assetPath, formatTime, runPath } from './format.js';
import { metadataView } from './metadata-view.js';
import type { PageContext } from './router.js';
import { seriesChart } from './series-chart.js';

function keyLinks(keys: readonly string[]): HTMLElement {
  if (keys.length === 0) return h('span', { class: 'empty' }, 'none');
  return h('span', { class: 'asset-links' }, ...keys.map((key) => link(assetPath(key), key)));
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** A data version (often a 64-hex hash) cut to its head; the whole one in the tooltip. */
function shortVersion(version: string): HTMLElement {
  return h('code', { attrs: { title: version } }, version.length > 12 ? `${version.slice(0, 12)}…` : version);
}

function eventsTable(events: readonly EventRecord[], kind: 'events' | 'checks'): HTMLElement {
  if (events.length === 0)
    return h('p', { class: 'empty' }, kind === 'events' ? 'No materializations yet.' : 'No check results yet.');
  const heads =
    kind === 'events'
      ? ['Time', 'Event', 'Run', 'Data version', 'Metadata']
      : ['Time', 'Check', 'Result', 'Severity', 'Run', 'Metadata'];
  return h(
    'table',
    { class: `data asset-${kind}` },
    h('thead', null, h('tr', null, ...heads.map((title) => h('th', null, title)))),
    h(
      'tbody',
      null,
      ...events.map((event) => {
        const data = event.data ?? {};
        const run = h('td', null, link(runPath(event.runId), h('code', null, event.runId.slice(0, 8))));
        const cells =
          kind === 'events'
            ? [
                h('td', null, event.eventType === 'ASSET_OBSERVATION' ? 'Observation' : 'Materialization'),
                run,
                h('td', null, shortVersion(text(data.dataVersion))),
              ]
            : [
                h('td', null, text(data.checkName)),
                h(
                  'td',
                  null,
                  h(
                    'span',
                    { class: data.passed === true ? 'check check-passed' : 'check check-failed' },
                    data.passed === true ? 'passed' : 'failed',
                  ),
                ),
                h('td', null, text(data.severity)),
                run,
              ];
        return h(
          'tr',
          null,
          h('td', { class: 'time' }, formatTime(event.timestamp)),
          ...cells,
          h('td', null, metadataView(data.metadata)),
        );
      }),
    ),
  );
}

/** `/assets/<key>`: facts, stale causes, lineage, a plot per numeric metadata key, history, checks. */
export async function assetPage({ main, params }: PageContext): Promise<void> {
  const key = params[0] ?? '';
  const detail = await getJson<AssetResponse>(apiPath(UiApi.asset, { assetKey: key }));
  const { asset } = detail;
  const plots = h('div', { class: 'plots' });
  replaceChildren(
    main,
    h('h1', null, 'Asset ', h('code', null, asset.key)),
    asset.description ? h('p', { class: 'description' }, asset.description) : null,
    h(
      'dl',
      { class: 'facts-grid' },
      h('dt', null, 'Group'),
      h('dd', null, asset.group),
      h('dt', null, 'Kinds'),
      h('dd', null, asset.kinds.join(', ') || '—'),
      h('dt', null, 'Data version'),
      h('dd', null, detail.dataVersion === null ? '—' : shortVersion(detail.dataVersion)),
      h('dt', null, 'Status'),
      h('dd', null, asset.stale ? h('span', { class: 'stale' }, 'Stale') : h('span', { class: 'fresh' }, 'Fresh')),
      h('dt', null, 'Checks'),
      h('dd', null, checkBadges(asset.checks)),
      h('dt', null, 'Upstream'),
      h('dd', null, keyLinks(detail.upstream)),
      h('dt', null, 'Downstream'),
      h('dd', null, keyLinks(detail.downstream)),
    ),
    detail.staleBecause.length > 0
      ? h(
          'section',
          { class: 'stale-causes' },
          h('h2', null, 'Stale because'),
          h(
            'ul',
            null,
            ...detail.staleBecause.map((cause) =>
              h(
                'li',
                null,
                link(assetPath(cause.key), cause.key),
                ' changed: ',
                h('code', null, cause.was),
                ' → ',
                h('code', null, cause.now),
              ),
            ),
          ),
        )
      : null,
    h('h2', null, 'Metadata over time'),
    plots,
    h('h2', null, asset.isSource ? 'Observations' : 'Materializations and observations'),
    eventsTable(detail.events, 'events'),
    h('h2', null, 'Check results'),
    eventsTable(detail.checkHistory, 'checks'),
  );
  const keys = Object.keys(detail.series);
  if (keys.length === 0) plots.append(h('p', { class: 'empty' }, 'No numeric metadata yet.'));
  // Drawn once the grid is in the page, so each chart can take its column's width.
  const width = Math.max(280, Math.floor((plots.clientWidth || 900) / Math.min(2, Math.max(1, keys.length))) - 24);
  for (const seriesKey of keys) plots.append(seriesChart(seriesKey, detail.series[seriesKey] ?? [], width));
}
