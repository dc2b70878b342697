import { h } from './dom.js';

/**
 * A run or step status as a colored badge (`status-SUCCESS`, `status-FAILURE`, ...: see app.css).
 *
 * @example
 * statusBadge('FAILURE')
 */
export function statusBadge(status: string): HTMLElement {
  // The class carries the status only when it is a plain word, so odd data cannot add classes.
  const safe = /^[A-Z_]+$/.test(status) ? status : 'UNKNOWN';
  return h('span', { class: `status status-${safe}` }, status);
}
