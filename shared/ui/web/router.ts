import { errorMessage } from '../../errors/error-message.js';
import { h, replaceChildren } from './dom.js';

/** What a page gets: where to draw, its path parameters, and a signal aborted when the user leaves. */
export interface PageContext {
  readonly main: HTMLElement;
  /** The route's captured path segments, URL-decoded. */
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  /** Aborted on navigation: polling loops stop on it. */
  readonly signal: AbortSignal;
}

export interface Route {
  readonly pattern: RegExp;
  readonly title: string;
  readonly render: (context: PageContext) => Promise<void>;
}

/** An error box, shown in place of (or above) what could not load. */
export function errorBox(error: unknown): HTMLElement {
  return h('div', { class: 'error-box', attrs: { role: 'alert' } }, errorMessage(error));
}

/**
 * A client-side router on `location.pathname`: in-app links (paths on this server) are followed
 * without a reload, back/forward work, and each navigation aborts the previous page's polling.
 */
export class Router {
  private current: AbortController | undefined;

  constructor(
    private readonly routes: readonly Route[],
    private readonly main: HTMLElement,
    private readonly onNavigate: (pathname: string) => void,
  ) {}

  start(): void {
    document.addEventListener('click', (event) => this.interceptClick(event));
    window.addEventListener('popstate', () => void this.render());
    void this.render();
  }

  /** Goes to an in-app path (e.g. `/runs/abc`), adding a history entry. */
  navigate(path: string): void {
    history.pushState(null, '', path);
    void this.render();
  }

  private interceptClick(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const anchor = event.target instanceof Element ? event.target.closest('a') : null;
    const href = anchor?.getAttribute('href');
    if (!anchor || !href || anchor.getAttribute('target') === '_blank') return;
    if (!href.startsWith('/') || href.startsWith('//')) return;
    event.preventDefault();
    this.navigate(href);
  }

  private async render(): Promise<void> {
    this.current?.abort();
    const controller = new AbortController();
    this.current = controller;
    const { pathname, search } = location;
    this.onNavigate(pathname);
    const main = h('main', { class: 'page' });
    replaceChildren(this.main, main);
    for (const route of this.routes) {
      const match = route.pattern.exec(pathname);
      if (!match) continue;
      document.title = `${route.title} · stepster`;
      const params = match.slice(1).map((segment) => decodeURIComponent(segment ?? ''));
      try {
        await route.render({ main, params, query: new URLSearchParams(search), signal: controller.signal });
      } catch (error) {
        if (!controller.signal.aborted) main.prepend(errorBox(error));
      }
      return;
    }
    document.title = 'Not found · stepster';
    replaceChildren(main, h('h1', null, 'Not found'), h('p', null, `No page at ${pathname}.`));
  }
}

/** Sleeps `ms`, or less when `signal` aborts; resolves false when aborted. */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => resolve(true), ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve(false);
      },
      { once: true },
    );
  });
}

/** Navigates from anywhere in the page (e.g. to a run just launched); the router picks it up. */
export function navigateTo(path: string): void {
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
