/**
 * Who owns a field of an API object, from its `metadata.managedFields`: each
 * entry names a manager (kubectl-create, kube-scheduler, kubelet…), how it
 * wrote (Apply or Update), through which subresource, when, and the fields it
 * set as a fieldsV1 set (structured-merge-diff's format: `f:<name>` a field,
 * `k:{…}` a list element by its keys, `v:<json>` a set's value, `i:<n>` an
 * element by index, `.` the element or map itself, `{}` a leaf). Pure.
 */
import { getLocation, parse } from 'jsonc-parser';
export type FieldPath = readonly (string | number)[];

export interface FieldOwner {
  readonly manager: string;
  readonly operation?: string;
  readonly subresource?: string;
  readonly time?: string;
  readonly apiVersion?: string;
  /** 'field': the manager set this field (or a whole value it lies in); 'below': only fields inside it. */
  readonly scope: 'field' | 'below';
}

type FieldSet = { readonly [k: string]: FieldSet };
interface Managed {
  manager?: unknown;
  operation?: unknown;
  subresource?: unknown;
  time?: unknown;
  apiVersion?: unknown;
  fieldsV1?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'bigint' || typeof b === 'bigint') return String(a) === String(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => sameJson(a[k], b[k]));
  }
  return false;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The child of a field set that a list element (at `index`, value `elem`) is named by. */
function elementChild(set: FieldSet, index: number, elem: unknown): FieldSet | undefined {
  for (const [name, child] of Object.entries(set)) {
    if (name === `i:${index}`) return child;
    if (name.startsWith('v:') && sameJson(parseJson(name.slice(2)), elem)) return child;
    if (name.startsWith('k:')) {
      const keys = parseJson(name.slice(2));
      if (isObject(keys) && isObject(elem) && Object.entries(keys).every(([k, v]) => sameJson(elem[k], v))) return child;
    }
  }
  return undefined;
}

/** How `set` covers `path` in `object`: the field itself, only fields below it, or not at all. */
function coverage(set: FieldSet, object: unknown, path: FieldPath): 'field' | 'below' | undefined {
  let node = set;
  let value = object;
  for (const [i, seg] of path.entries()) {
    const child = typeof seg === 'number' ? elementChild(node, seg, Array.isArray(value) ? value[seg] : undefined) : (node[`f:${seg}`] as FieldSet | undefined);
    // A leaf above the path owns everything in its value (an atomic field, e.g. a selector).
    if (!child) return i > 0 && Object.keys(node).length === 0 ? 'field' : undefined;
    node = child;
    value = typeof seg === 'number' ? (Array.isArray(value) ? value[seg] : undefined) : isObject(value) ? value[seg] : undefined;
  }
  if (path.length === 0) return undefined;
  const names = Object.keys(node);
  return names.length === 0 || names.includes('.') ? 'field' : 'below';
}

/** The managers that own `path` of `object` (by its own managedFields), the latest write first. */
export function ownersOf(object: unknown, path: FieldPath): FieldOwner[] {
  const managed =
    isObject(object) && isObject(object.metadata) && Array.isArray(object.metadata.managedFields) ? (object.metadata.managedFields as unknown[]) : [];
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const out: FieldOwner[] = [];
  for (const m of managed.filter(isObject) as Managed[]) {
    if (!isObject(m.fieldsV1)) continue;
    const scope = coverage(m.fieldsV1 as FieldSet, object, path);
    if (!scope) continue;
    const [operation, subresource, time, apiVersion] = [str(m.operation), str(m.subresource), str(m.time), str(m.apiVersion)];
    out.push({
      manager: str(m.manager) ?? '?',
      scope,
      ...(operation ? { operation } : {}),
      ...(subresource ? { subresource } : {}),
      ...(time ? { time } : {}),
      ...(apiVersion ? { apiVersion } : {}),
    });
  }
  // Owners of the field itself first, then the latest write.
  return out.sort((a, b) => (a.scope === b.scope ? (b.time ?? '').localeCompare(a.time ?? '') : a.scope === 'field' ? -1 : 1));
}

/** A path as the API's field paths are written: `spec.containers[0].image`. */
export const pathText = (path: FieldPath): string =>
  path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : /^[A-Za-z_][\w-]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join('');

/** Fields the API server sets itself and never records in managedFields. */
export const SERVER_SET = new Set([
  'metadata.uid',
  'metadata.resourceVersion',
  'metadata.generation',
  'metadata.creationTimestamp',
  'metadata.deletionTimestamp',
  'metadata.deletionGracePeriodSeconds',
  'metadata.managedFields',
  'metadata.selfLink',
]);

/** The field at `offset` of a JSON document (comments allowed: KubeLab's documents start with a commented header), and the object. */
export function fieldAt(text: string, offset: number): { path: FieldPath; object: unknown } | undefined {
  const location = getLocation(text, offset);
  if (location.path.length === 0) return undefined;
  return { path: location.path, object: parse(text, [], { allowTrailingComma: true }) as unknown };
}

export type FieldAnswer =
  | { readonly kind: 'owners'; readonly path: string; readonly owners: readonly FieldOwner[] }
  | { readonly kind: 'server'; readonly path: string }
  | { readonly kind: 'none'; readonly path: string }
  | { readonly kind: 'nofield' };

/** Who changed the field at `offset` of a decoded document, from the object's own managedFields. */
export function whoChanged(text: string, offset: number): FieldAnswer {
  const at = fieldAt(text, offset);
  if (!at) return { kind: 'nofield' };
  const path = pathText(at.path);
  if (SERVER_SET.has(path) || path.startsWith('metadata.managedFields')) return { kind: 'server', path };
  const owners = ownersOf(at.object, at.path);
  return owners.length ? { kind: 'owners', path, owners } : { kind: 'none', path };
}
