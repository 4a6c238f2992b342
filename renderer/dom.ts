// Tiny DOM helpers. Everything that may hold user text goes through text nodes, never markup:
// there is deliberately no way to pass HTML through these functions.

export type Child = Node | string | number | null | undefined | false;

export interface ElementOptions {
  className?: string;
  /** Attributes set with setAttribute (aria-*, data-*, type, ...): values are plain strings, never parsed. */
  attrs?: Record<string, string>;
  title?: string;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options?.className) node.className = options.className;
  if (options?.title !== undefined) node.title = options.title;
  for (const [name, value] of Object.entries(options?.attrs ?? {})) node.setAttribute(name, value);
  append(node, children);
  return node;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children at once, so the browser lays out once. */
export function replaceChildren(parent: Element, children: Child[]): void {
  const fragment = document.createDocumentFragment();
  append(fragment, children);
  parent.replaceChildren(fragment);
}

/** Sets text only when it changed: cheap to call every second for ticking cells. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

export function byId<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`dashboard markup is missing #${id}`);
  return node;
}

/** A panel-level message (empty or error state) that keeps the panel's height. */
export function notice(text: string): HTMLElement {
  return el('p', { className: 'notice' }, text);
}
