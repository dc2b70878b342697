import { UI_TOKEN_META } from './ui-api.js';

/** Where the page's bundle is served. */
export const UI_STATIC = { js: '/static/app.js', css: '/static/app.css' } as const;

/**
 * The paths the page routes itself (the same HTML answers each; the script reads the path):
 * `/` and `/runs` list runs, `/runs/<runId>`, `/jobs/<name>`, `/assets`, `/assets/<key>`.
 */
export const UI_PAGE_PATHS = ['/', '/runs', '/runs/*', '/jobs', '/jobs/*', '/assets', '/assets/*'] as const;

/**
 * The HTML of every page: the token (hex from `newUiToken`, so it needs no escaping), the stylesheet and the
 * script, nothing inline, so the Content-Security-Policy can forbid inline script.
 *
 * @example
 * pageShell(token); // '<!doctype html>…<meta name="stepster-token" content="…">…'
 */
export function pageShell(token: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="${UI_TOKEN_META}" content="${token}">`,
    '<title>stepster</title>',
    `<link rel="stylesheet" href="${UI_STATIC.css}">`,
    '</head>',
    `<body><div id="app"></div><script type="module" src="${UI_STATIC.js}"></script></body>`,
    '</html>',
    '',
  ].join('\n');
}
