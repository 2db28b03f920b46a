/**
 * What the built-in lesson's steps leave behind in the cluster, so that a
 * step is done when that is so, not only when its commands exit 0: an
 * object in a phase or gone (seen by a watch through the API server), an
 * etcd key there or gone (an etcd watch), the lesson's proxy answering, etcd's
 * members (so many answering, one of them the leader).
 * Written in the lesson's index.json as a step's `kubelab.doneWhen`. Pure.
 */
import type { Translate } from '../l10n';

export type Condition =
  | { readonly kind: 'object'; readonly path: string; readonly exists: boolean; readonly phase?: string }
  | { readonly kind: 'etcdKey'; readonly key: string; readonly exists: boolean }
  | { readonly kind: 'http'; readonly url: string; readonly status: number }
  | { readonly kind: 'etcdMembers'; readonly answering: number };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `{ "object": "/api/v1/…/pods/x", "phase": "Running" }`, `{ "object": …, "exists": false }`, `{ "etcdKey": …, "exists": … }`,
 * `{ "http": …, "status": 200 }`, `{ "etcdMembers": 2 }` (two members answer, one of them leads).
 */
export function parseConditions(v: unknown, where: string): Condition[] | string {
  if (!Array.isArray(v)) return `${where} must be a list of conditions`;
  const out: Condition[] = [];
  for (const [i, c] of v.entries()) {
    const at = `${where}[${i}]`;
    if (!isObject(c)) return `${at} must be an object`;
    const exists = c.exists === undefined ? true : c.exists;
    if (typeof exists !== 'boolean') return `${at}.exists must be true or false`;
    if (typeof c.object === 'string') {
      if (!objectWatch(c.object)) return `${at}.object "${c.object}" is not the REST path of one object`;
      if (c.phase !== undefined && (typeof c.phase !== 'string' || !exists)) return `${at}.phase needs an object that exists`;
      out.push({ kind: 'object', path: c.object, exists, ...(typeof c.phase === 'string' ? { phase: c.phase } : {}) });
    } else if (typeof c.etcdKey === 'string' && c.etcdKey.startsWith('/')) out.push({ kind: 'etcdKey', key: c.etcdKey, exists });
    else if (typeof c.http === 'string' && /^https?:\/\//.test(c.http) && typeof c.status === 'number')
      out.push({ kind: 'http', url: c.http, status: c.status });
    else if (c.etcdMembers !== undefined) {
      if (!Number.isInteger(c.etcdMembers) || (c.etcdMembers as number) < 1) return `${at}.etcdMembers must be how many members answer (1 or more)`;
      out.push({ kind: 'etcdMembers', answering: c.etcdMembers as number });
    } else return `${at}: expected "object", "etcdKey", "http" with "status", or "etcdMembers"`;
  }
  return out;
}

/** A REST path of one object as its collection and name: what a watch of just that object needs. */
export function objectWatch(path: string): { collection: string; name: string } | undefined {
  const m = /^(\/(?:api\/v1|apis\/[^/]+\/[^/]+)(?:\/namespaces\/[^/]+)?\/[a-z0-9.-]+)\/([a-z0-9][a-z0-9.-]*)$/.exec(path);
  return m ? { collection: m[1] as string, name: m[2] as string } : undefined;
}

/** Whether the object as last seen (undefined: there is none) meets an object condition. */
export function objectMeets(c: Extract<Condition, { kind: 'object' }>, object: { status?: { phase?: string } } | undefined): boolean {
  if (!c.exists) return object === undefined;
  return object !== undefined && (c.phase === undefined || object.status?.phase === c.phase);
}

/** Whether the members as KubeLab sees them (core/etcd/members.ts rows) meet an etcdMembers condition: that many answer, one leads. */
export function membersMeet(c: Extract<Condition, { kind: 'etcdMembers' }>, rows: readonly { role?: string; down?: string }[]): boolean {
  const answering = rows.filter((r) => r.role !== undefined && r.down === undefined);
  return answering.length === c.answering && answering.some((r) => r.role === 'leader');
}

/** The condition in words, for the step's page and the log. */
export function conditionText(c: Condition, t: Translate): string {
  switch (c.kind) {
    case 'object':
      return !c.exists ? t('{0} is gone (404)', c.path) : c.phase ? t('{0} is {1}', c.path, c.phase) : t('{0} exists', c.path);
    case 'etcdKey':
      return c.exists ? t('etcd holds the key {0}', c.key) : t('etcd no longer holds the key {0}', c.key);
    case 'http':
      return t('{0} answers {1}', c.url, c.status);
    case 'etcdMembers':
      return t('{0} etcd members answer and one of them is the leader', c.answering);
  }
}
