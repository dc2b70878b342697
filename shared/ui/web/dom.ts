// The only ways the page builds DOM. Invariant: user text reaches the DOM as text nodes or
// attribute values, never as markup; the one exception is markdown.ts (markdown-it with
// html:false, then DOMPurify). Attributes that run code or load things are refused here.

/** What may be a child: strings become text nodes (never parsed as HTML). */
export type Child = Node | string | number | null | undefined | false;

/** Attributes, class and listeners of an element built by {@link h}. */
export interface Props {
  readonly class?: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly on?: { readonly [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

// `on*` would be an inline handler (the CSP forbids them anyway); URLs go through link().
const REFUSED_ATTRIBUTE = /^(on|href$|src$|xlink:href$|style$|srcdoc$|formaction$|action$)/i;

function setAttributes(element: Element, attrs: Readonly<Record<string, string>> | undefined): void {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (REFUSED_ATTRIBUTE.test(name)) throw new Error(`dom: attribute "${name}" is refused; use link() for URLs`);
    element.setAttribute(name, value);
  }
}

function appendChildren(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/**
 * Creates an HTML element; string children become text.
 *
 * @example
 * h('td', { class: 'num' }, String(count))
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props?.class) element.className = props.class;
  setAttributes(element, props?.attrs);
  for (const [type, listener] of Object.entries(props?.on ?? {})) {
    element.addEventListener(type, listener as EventListener);
  }
  appendChildren(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates an SVG element with numeric or string attributes.
 *
 * @example
 * svg('rect', { x: 0, y: 0, width: 10, height: 10 })
 */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string | number>> = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  setAttributes(element, Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, String(v)])));
  appendChildren(element, children);
  return element as SVGElementTagNameMap[K];
}

/** An in-app link (a path on this server), followed by the router without a reload. */
export function link(path: string, ...children: Child[]): HTMLAnchorElement {
  if (!path.startsWith('/') || path.startsWith('//')) throw new Error(`dom: "${path}" is not a path on this server`);
  const anchor = h('a', null, ...children);
  anchor.setAttribute('href', path);
  return anchor;
}

/** An in-app SVG link (e.g. a graph node to its asset page). */
export function svgLink(path: string, ...children: Child[]): SVGAElement {
  if (!path.startsWith('/') || path.startsWith('//')) throw new Error(`dom: "${path}" is not a path on this server`);
  const anchor = svg('a', {}, ...children);
  anchor.setAttribute('href', path);
  return anchor;
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  appendChildren(parent, children);
}
