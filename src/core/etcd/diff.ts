/**
 * Which fields changed between two versions of an object (a watch event and
 * the value before it): leaf paths like `spec.nodeName` or
 * `status.conditions[1].status`, with the old and new values. managedFields
 * is one entry (it changes with every write). Pure.
 */
import { stringifyJson } from '../json';

export interface Change {
  readonly path: string;
  /** The path as keys and indexes (a key may hold dots: `app.kubernetes.io/name`). */
  readonly segments: readonly (string | number)[];
  readonly before: unknown;
  readonly after: unknown;
}

const COLLAPSED = new Set(['metadata.managedFields']);

export function changedFields(before: unknown, after: unknown, path = '', out: Change[] = [], segments: readonly (string | number)[] = []): Change[] {
  if (COLLAPSED.has(path)) {
    if (stringifyJson(before) !== stringifyJson(after)) out.push({ path, segments, before: '…', after: '…' });
    return out;
  }
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)]))
      changedFields(before[k], after[k], path ? `${path}.${k}` : k, out, [...segments, k]);
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) changedFields(before[i], after[i], `${path}[${i}]`, out, [...segments, i]);
    return out;
  }
  if (stringifyJson(before) !== stringifyJson(after)) out.push({ path, segments, before, after });
  return out;
}

/** One line per change: `status.phase: "Pending" → "Running"`; values hidden when `hideValues`. */
export function describeChanges(changes: readonly Change[], hideValues: boolean, max = 12): string[] {
  const show = (v: unknown) => {
    if (v === undefined) return '∅';
    const s = typeof v === 'object' && v !== null ? (Array.isArray(v) ? `[${v.length}]` : '{…}') : stringifyJson(v);
    return s.length > 60 ? `${s.slice(0, 57)}…` : s;
  };
  const lines = changes.slice(0, max).map((c) => (hideValues ? c.path : `${c.path}: ${show(c.before)} → ${show(c.after)}`));
  if (changes.length > max) lines.push(`… ${changes.length - max} more`);
  return lines;
}
