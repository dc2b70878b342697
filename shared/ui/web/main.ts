// The page of `stepster ui`: a client-side router over the JSON API of ../ui-api.ts.
import './app.css';
import { assetPage } from './asset-page.js';
import { assetsPage } from './assets-page.js';
import { h, link } from './dom.js';
import { jobPage } from './job-page.js';
import { jobsPage } from './jobs-page.js';
import { type Route, Router } from './router.js';
import { runPage } from './run-page.js';
import { runsPage } from './runs-page.js';

const routes: readonly Route[] = [
  { pattern: /^\/(?:runs\/?)?$/, title: 'Runs', render: runsPage },
  { pattern: /^\/runs\/([^/]+)\/?$/, title: 'Run', render: runPage },
  { pattern: /^\/jobs\/?$/, title: 'Jobs', render: jobsPage },
  { pattern: /^\/jobs\/([^/]+)\/?$/, title: 'Job', render: jobPage },
  { pattern: /^\/assets\/?$/, title: 'Assets', render: assetsPage },
  // An asset key's components are path segments: /assets/warehouse/sales.
  { pattern: /^\/assets\/(.+?)\/?$/, title: 'Asset', render: assetPage },
];

const SECTIONS = [
  ['/runs', 'Runs'],
  ['/jobs', 'Jobs'],
  ['/assets', 'Assets'],
] as const;

const navLinks = SECTIONS.map(([path, label]) => link(path, label));
const root = document.getElementById('app');
if (root) {
  const content = h('div', { class: 'content' });
  root.replaceChildren(
    h('header', { class: 'top-nav' }, h('span', { class: 'brand' }, 'stepster'), h('nav', null, ...navLinks)),
    content,
  );
  new Router(routes, content, (pathname) => {
    SECTIONS.forEach(([path], index) => {
      const active = pathname.startsWith(path) || (path === '/runs' && pathname === '/');
      navLinks[index]?.classList.toggle('active', active);
    });
  }).start();
}
