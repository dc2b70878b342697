import type { AssetCheckStatus } from '../../event-log/asset-status.js';
import { type AssetsResponse, UiApi } from '../ui-api.js';
import { getJson } from './api-client.js';
import { h, link, replaceChildren } from './dom.js';
import { assetPath, formatTime, runPath } from './format.js';
import type { PageContext } from './router.js';

/** Each check's latest result as a badge: passed, failed (ERROR) or warned (WARN). */
export function checkBadges(checks: Readonly<Record<string, AssetCheckStatus>>): HTMLElement {
  const entries = Object.entries(checks);
  if (entries.length === 0) return h('span', { class: 'empty' }, '—');
  return h(
    'span',
    { class: 'checks' },
    ...entries.map(([name, check]) => {
      const state = check.passed ? 'passed' : check.severity === 'WARN' ? 'warned' : 'failed';
      return h('span', { class: `check check-${state}`, attrs: { title: check.description ?? state } }, name);
    }),
  );
}

/** `/assets`: the catalog. */
export async function assetsPage({ main }: PageContext): Promise<void> {
  const { assets } = await getJson<AssetsResponse>(UiApi.assets);
  replaceChildren(
    main,
    h('h1', null, 'Assets'),
    assets.length === 0
      ? h('p', { class: 'empty' }, 'No assets in the loaded Definitions.')
      : h(
          'table',
          { class: 'data assets' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ...['Asset', 'Group', 'Kinds', 'Last materialization', 'Stale', 'Checks'].map((title) =>
                h('th', null, title),
              ),
            ),
          ),
          h(
            'tbody',
            null,
            ...assets.map((asset) =>
              h(
                'tr',
                { attrs: { 'data-asset': asset.key } },
                h(
                  'td',
                  null,
                  link(assetPath(asset.key), asset.key),
                  asset.isSource ? h('span', { class: 'kind' }, 'source') : null,
                ),
                h('td', null, asset.group),
                h('td', null, ...asset.kinds.map((kind) => h('span', { class: 'kind' }, kind))),
                h(
                  'td',
                  null,
                  asset.lastMaterialization
                    ? link(runPath(asset.lastMaterialization.runId), formatTime(asset.lastMaterialization.timestamp))
                    : 'never',
                ),
                h(
                  'td',
                  null,
                  asset.stale ? h('span', { class: 'stale' }, 'Stale') : h('span', { class: 'fresh' }, 'Fresh'),
                ),
                h('td', null, checkBadges(asset.checks)),
              ),
            ),
          ),
        ),
  );
}
