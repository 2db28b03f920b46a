/**
 * A key's history as etcd still holds it: one entry per revision that wrote
 * it (a put or a delete), grouped in generations (a key deleted and created
 * again starts a new one: a new create_revision). Pure: the entries come from
 * infra/etcd/client.ts (one watch from the oldest held revision).
 */
import { ownersOf, SERVER_SET } from '../kube/managedFields';
export interface HistoryEntry {
  readonly revision: string;
  readonly type: 'put' | 'delete';
  /** etcd's per-key counters of the version written (0 for a delete). */
  readonly version: string;
  readonly createRevision: string;
  readonly size: number;
  /** The value, when it fit the memory budget; otherwise read again (a Range at `revision`) when opened. */
  readonly value?: Buffer;
}

export interface KeyHistory {
  readonly key: Buffer;
  readonly entries: readonly HistoryEntry[];
  /** The store's revision the history is complete up to. */
  readonly revision: string;
  /** Set when etcd compacted the key's older revisions: the oldest revision still held. */
  readonly compactedBefore?: string;
}

export interface Generation {
  /** The create_revision of this life of the key. */
  readonly createRevision: string;
  readonly entries: readonly HistoryEntry[];
  /** The revision that deleted it; undefined while it lives (or when its end was compacted). */
  readonly deletedAt?: string;
}

/** Splits the entries (in revision order) into the key's lives: each starts with a new create_revision and ends with a delete. */
export function generationsOf(entries: readonly HistoryEntry[]): Generation[] {
  const out: { createRevision: string; entries: HistoryEntry[]; deletedAt?: string }[] = [];
  for (const e of entries) {
    const last = out[out.length - 1];
    if (e.type === 'delete') {
      if (last && last.deletedAt === undefined) {
        last.entries.push(e);
        last.deletedAt = e.revision;
      } else out.push({ createRevision: '?', entries: [e], deletedAt: e.revision }); // its puts were compacted
      continue;
    }
    if (!last || last.deletedAt !== undefined || last.createRevision !== e.createRevision) out.push({ createRevision: e.createRevision, entries: [e] });
    else last.entries.push(e);
  }
  return out;
}

interface ManagedEntry {
  readonly manager?: string;
  readonly operation?: string;
  readonly time?: string;
  readonly subresource?: string;
  readonly fieldsV1?: unknown;
}

const managedOf = (o: unknown): ManagedEntry[] =>
  ((o as { metadata?: { managedFields?: ManagedEntry[] } } | undefined)?.metadata?.managedFields ?? []).filter((m) => typeof m === 'object' && m !== null);

/** Who made a write: a managedFields entry, or a write the API server makes without one. */
export type Writer =
  | { readonly kind: 'manager'; readonly manager: string; readonly operation?: string; readonly subresource?: string; readonly time?: string }
  /** `pods/binding` (the scheduler binds a pod): sets spec.nodeName and leaves managedFields as they were. */
  | { readonly kind: 'binding' }
  /** A graceful DELETE: sets deletionTimestamp, leaves managedFields as they were. */
  | { readonly kind: 'delete' }
  /** Nothing in the object names it (e.g. a finalizer removed by a controller through a plain update with no field change it owns). */
  | { readonly kind: 'unknown' };

/**
 * Who made the write from `before` to `after`: the managedFields entry whose fields or time the
 * write changed (the latest first), e.g. `kubectl-label`, `kubelet` (status). When no entry
 * changed (its time is to the second: two writes in one second look alike), the manager that
 * owns the fields the write changed (`changes`, from core/etcd/diff.ts); when none does, what
 * the fields tell: the binding subresource, a graceful delete, or unknown. Never the last
 * manager by default.
 */
export function writerOf(before: unknown, after: unknown, changes: readonly { path: string; segments: readonly (string | number)[] }[]): Writer {
  const prev = managedOf(before);
  const same = (a: ManagedEntry, b: ManagedEntry) => a.manager === b.manager && a.operation === b.operation && a.subresource === b.subresource;
  // An entry the write made or stamped anew ranks first; then one that gained fields (a write in the same second as
  // its last). One that only lost fields did not write: an Update takes the fields it sets from their earlier owners.
  const rank = (m: ManagedEntry): number => {
    const p = prev.find((x) => same(x, m));
    if (!p) return 3;
    if (p.time !== m.time) return 2;
    return JSON.stringify(p.fieldsV1) === JSON.stringify(m.fieldsV1) || covers(p.fieldsV1, m.fieldsV1) ? 0 : 1;
  };
  const changed = managedOf(after)
    .map((m) => ({ m, rank: rank(m) }))
    .filter((x) => x.rank > 0);
  const m = changed.sort((a, b) => b.rank - a.rank || (b.m.time ?? '').localeCompare(a.m.time ?? ''))[0]?.m ?? ownerOfChanges(after, changes);
  if (m?.manager)
    return {
      kind: 'manager',
      manager: m.manager,
      ...(m.operation ? { operation: m.operation } : {}),
      ...(m.subresource ? { subresource: m.subresource } : {}),
      ...(m.time ? { time: m.time } : {}),
    };
  const paths = changes.map((c) => c.path);
  if (paths.includes('spec.nodeName')) return { kind: 'binding' };
  if (paths.includes('metadata.deletionTimestamp')) return { kind: 'delete' };
  return { kind: 'unknown' };
}

/** Whether the field set `a` (fieldsV1) holds every field of `b`. */
function covers(a: unknown, b: unknown): boolean {
  if (typeof b !== 'object' || b === null) return true;
  if (typeof a !== 'object' || a === null) return false;
  return Object.entries(b).every(([k, v]) => k in a && covers((a as Record<string, unknown>)[k], v));
}

/** The one manager that owns every changed field (managedFields cover them), if there is one. */
function ownerOfChanges(after: unknown, changes: readonly { path: string; segments: readonly (string | number)[] }[]): ManagedEntry | undefined {
  const fields = changes.filter((c) => !c.path.startsWith('metadata.managedFields') && !SERVER_SET.has(c.path));
  if (fields.length === 0) return undefined;
  const owners = fields.map((c) => ownersOf(after, c.segments).filter((o) => o.scope === 'field'));
  const first = owners[0]?.[0];
  if (!first || owners.some((os) => os.length !== 1 || os[0]?.manager !== first.manager || os[0]?.subresource !== first.subresource)) return undefined;
  return first;
}
