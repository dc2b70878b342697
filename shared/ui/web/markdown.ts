import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import { safeExternalUrl } from './safe-url.js';

// Two locks: markdown-it with html:false escapes raw HTML and refuses javascript:/vbscript:/
// file:/data: links; DOMPurify then keeps only the tags markdown produces, so a bug in either
// alone cannot put a script or handler in the page. No img: it would load from outside.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const ALLOWED_TAGS = [
  'p',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'a',
  'em',
  'strong',
  's',
  'del',
  'code',
  'pre',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];

const purifier = DOMPurify(window);
purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName !== 'A') return;
  const safe = safeExternalUrl(node.getAttribute('href') ?? '');
  if (safe === undefined) {
    node.removeAttribute('href');
    return;
  }
  node.setAttribute('href', safe);
  node.setAttribute('rel', 'noopener noreferrer');
  node.setAttribute('target', '_blank');
});

/**
 * Markdown (metadata `md`, table previews) as a sanitized fragment: tables, lists, code, and
 * links to http/https/mailto only.
 *
 * @example
 * container.append(renderMarkdown('| a |\n|---|\n| 1 |'));
 */
export function renderMarkdown(source: string): DocumentFragment {
  const html = markdown.render(source);
  return purifier.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href', 'title', 'start', 'rel', 'target'],
    RETURN_DOM_FRAGMENT: true,
  });
}
