import { h, link } from './dom.js';

/**
 * Tags as `key=value` chips, each a link to the runs with that tag; system tags
 * (`stepster/...`, `dagster/...`) are dimmed.
 *
 * @example
 * tagList({ team: 'sales' })
 */
export function tagList(tags: Readonly<Record<string, string>>): HTMLElement {
  return h(
    'span',
    { class: 'tags' },
    ...Object.entries(tags).map(([key, value]) => {
      const chip = link(`/runs?${new URLSearchParams({ tag: `${key}=${value}` }).toString()}`, `${key}=${value}`);
      chip.className = /^(stepster|dagster)\//.test(key) ? 'tag tag-system' : 'tag';
      return chip;
    }),
  );
}
