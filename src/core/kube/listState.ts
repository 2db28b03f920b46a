/**
 * One paged list of objects kept current by a watch, as pure functions. A list
 * is read a page at a time (`limit`/`continue`), so a namespace with 10,000
 * pods shows its first page quickly; watch events are applied to what is
 * loaded, and each result says what to repaint: one item, or the list.
 */
import type { KubeObject } from './objects';

export interface ListPage {
  readonly items: readonly KubeObject[];
  readonly resourceVersion: string;
  /** Set while more pages remain. */
  readonly continueToken?: string;
  /** The API server's estimate of items after this page (`remainingItemCount`). */
  readonly remainingItemCount?: number;
}

export interface ListState {
  readonly items: readonly KubeObject[];
  readonly resourceVersion: string;
  readonly continueToken?: string;
  /** Items in the whole collection, when known. */
  readonly total?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
export interface WatchEvent {
  readonly type: WatchEventType;
  readonly object: KubeObject | { kind?: string; code?: number; message?: string; metadata?: { resourceVersion?: string } };
}

export type Repaint = { readonly what: 'none' } | { readonly what: 'item'; readonly key: string } | { readonly what: 'list' };

/** Items sort as the API server lists them: by namespace, then name (etcd key order). */
export function objectKey(o: KubeObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

const total = (p: ListPage, loaded: number): number | undefined =>
  p.continueToken ? (p.remainingItemCount === undefined ? undefined : loaded + p.remainingItemCount) : loaded;

export function firstPage(p: ListPage): ListState {
  return { items: [...p.items], resourceVersion: p.resourceVersion, continueToken: p.continueToken, total: total(p, p.items.length) };
}

/** Appends the next page; items a watch already added are not doubled. */
export function nextPage(s: ListState, p: ListPage): ListState {
  const seen = new Set(s.items.map(objectKey));
  const items = [...s.items, ...p.items.filter((o) => !seen.has(objectKey(o)))];
  // The watch keeps running from the first page's version; a page's version is older or equal.
  return { items, resourceVersion: s.resourceVersion, continueToken: p.continueToken, total: total(p, items.length) ?? s.total };
}

function insertSorted(items: readonly KubeObject[], o: KubeObject): KubeObject[] {
  const k = objectKey(o);
  const out = [...items];
  let i = out.findIndex((x) => objectKey(x) > k);
  if (i < 0) i = out.length;
  out.splice(i, 0, o);
  return out;
}

/** True when `o` falls inside the loaded window (before the last loaded key, or everything is loaded). */
function inWindow(s: ListState, o: KubeObject): boolean {
  if (!s.continueToken) return true;
  const last = s.items[s.items.length - 1];
  return last !== undefined && objectKey(o) < objectKey(last);
}

export class WatchExpired extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WatchExpired';
  }
}

/**
 * Applies one watch event. ERROR with code 410 (Gone) throws WatchExpired:
 * the caller must list again. Other errors throw plain Errors.
 */
export function applyEvent(s: ListState, ev: WatchEvent): { state: ListState; repaint: Repaint } {
  const rv = ev.object.metadata?.resourceVersion ?? s.resourceVersion;
  if (ev.type === 'ERROR') {
    const st = ev.object as { code?: number; message?: string };
    if (st.code === 410) throw new WatchExpired(st.message ?? 'watch expired (410 Gone)');
    throw new Error(`watch error ${st.code ?? ''}: ${st.message ?? 'unknown'}`.trim());
  }
  if (ev.type === 'BOOKMARK') return { state: { ...s, resourceVersion: rv }, repaint: { what: 'none' } };
  const o = ev.object as KubeObject;
  const key = objectKey(o);
  const at = s.items.findIndex((x) => objectKey(x) === key);
  const bump = (d: number) => (s.total === undefined ? undefined : Math.max(0, s.total + d));
  switch (ev.type) {
    case 'ADDED':
    case 'MODIFIED': {
      if (at >= 0) {
        const items = [...s.items];
        items[at] = o;
        return { state: { ...s, items, resourceVersion: rv }, repaint: { what: 'item', key } };
      }
      const grows = ev.type === 'ADDED' ? bump(1) : s.total;
      if (!inWindow(s, o)) return { state: { ...s, resourceVersion: rv, total: grows }, repaint: { what: 'list' } };
      return { state: { ...s, items: insertSorted(s.items, o), resourceVersion: rv, total: grows }, repaint: { what: 'list' } };
    }
    case 'DELETED': {
      if (at < 0) return { state: { ...s, resourceVersion: rv, total: bump(-1) }, repaint: { what: 'list' } };
      const items = s.items.filter((_, i) => i !== at);
      return { state: { ...s, items, resourceVersion: rv, total: bump(-1) }, repaint: { what: 'list' } };
    }
  }
}
