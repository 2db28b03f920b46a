/**
 * The requests KubeLab keeps from the audit log: the last N, newest first,
 * filtered as the Requests view asks (writes only, by user, by resource, by
 * path text, by object), the request that wrote a revision of an etcd key,
 * and the text of one request's document, with the bodies of Secrets and
 * tokens left out whatever the log holds. Pure.
 */
import { etcdKeyOf, isBuiltInGroup } from '../kube/storageKeys';
import type { Translate } from '../l10n';
import { isWrite, methodOf, whoIs, type AuditRequest } from './event';

export interface RequestFilter {
  readonly writesOnly: boolean;
  readonly user?: string;
  readonly resource?: string;
  readonly text?: string;
  /** One object: its resource, namespace and name. */
  readonly object?: { readonly resource: string; readonly namespace?: string; readonly name: string };
}

export const DEFAULT_FILTER: RequestFilter = { writesOnly: true };

/** A ring of the last `keep` requests; an audit ID seen twice (a stage logged twice) is kept once. */
export class RequestLog {
  private readonly items: AuditRequest[] = [];
  private readonly ids = new Set<string>();
  private malformed = 0;

  constructor(private keep: number) {}

  /** Adds the parsed lines of the log (undefined for a line that is not an audit event). */
  add(parsed: readonly (AuditRequest | undefined)[]): void {
    for (const r of parsed) {
      if (!r) {
        this.malformed++;
        continue;
      }
      if (this.ids.has(r.auditID)) continue;
      this.items.push(r);
      this.ids.add(r.auditID);
    }
    this.trim();
  }

  /** Forgets every request (another log). */
  clear(): void {
    this.items.length = 0;
    this.ids.clear();
    this.malformed = 0;
  }

  resize(keep: number): void {
    this.keep = keep;
    this.trim();
  }

  private trim(): void {
    const over = this.items.length - this.keep;
    if (over <= 0) return;
    for (const r of this.items.splice(0, over)) this.ids.delete(r.auditID);
  }

  get size(): number {
    return this.items.length;
  }

  get skipped(): number {
    return this.malformed;
  }

  byId(id: string): AuditRequest | undefined {
    for (let i = this.items.length - 1; i >= 0; i--) if (this.items[i]?.auditID === id) return this.items[i];
    return undefined;
  }

  /** Newest first, at most `limit`. */
  list(f: RequestFilter, limit: number): AuditRequest[] {
    const out: AuditRequest[] = [];
    for (let i = this.items.length - 1; i >= 0 && out.length < limit; i--) {
      const r = this.items[i] as AuditRequest;
      if (matches(r, f)) out.push(r);
    }
    return out;
  }

  /**
   * The write that made `revision` of the etcd key `key`: the API server returns the revision it wrote as the
   * object's resourceVersion (a DELETE's too). The oldest such request: a write that changed nothing returns
   * the revision that was there already.
   */
  writerOf(key: string, revision: string): AuditRequest | undefined {
    return this.items.find((r) => isWrite(r) && r.resourceVersion === revision && requestKey(r) === key);
  }

  /** Every user in the log, for the filter's pick list. */
  users(): string[] {
    return [...new Set(this.items.map((r) => r.user.username))].sort();
  }

  resources(): string[] {
    return [...new Set(this.items.flatMap((r) => (r.objectRef?.resource ? [r.objectRef.resource] : [])))].sort();
  }
}

/** The etcd key of the object a request touched (its storage key, as the API server lays keys out). */
export function requestKey(r: AuditRequest): string | undefined {
  const o = r.objectRef;
  if (!o?.resource || !o.name) return undefined;
  return etcdKeyOf({ group: o.apiGroup ?? '', resource: o.resource, namespace: o.namespace, name: o.name }, isBuiltInGroup);
}

export function matches(r: AuditRequest, f: RequestFilter): boolean {
  if (f.writesOnly && !isWrite(r)) return false;
  if (f.user && r.user.username !== f.user) return false;
  if (f.resource && r.objectRef?.resource !== f.resource) return false;
  if (f.text && !r.uri.toLowerCase().includes(f.text.toLowerCase())) return false;
  if (f.object) {
    const o = r.objectRef;
    if (o?.resource !== f.object.resource || o.name !== f.object.name || (o.namespace ?? '') !== (f.object.namespace ?? '')) return false;
  }
  return true;
}

/** A user as the components know it: `kube-scheduler`, `the kubelet of controlplane`, `service account kube-system/x`. */
export function describeWho(username: string, t: Translate, you?: string): string {
  if (you && username === you) return t('you ({0})', username);
  const w = whoIs(username);
  switch (w.kind) {
    case 'component':
      return w.name;
    case 'node':
      return t('the kubelet of {0}', w.node);
    case 'serviceAccount':
      return t('service account {0}/{1}', w.namespace, w.name);
    case 'user':
      return w.name;
  }
}

/** Requests whose bodies KubeLab never shows, whatever the audit policy let into the log: they carry secrets or tokens. */
export function hidesBodies(r: AuditRequest): boolean {
  const o = r.objectRef;
  if (!o) return false;
  if (o.resource === 'secrets') return true;
  if (o.resource === 'serviceaccounts' && o.subresource === 'token') return true;
  if (o.apiGroup === 'authentication.k8s.io') return true;
  const kind = (v: unknown) => (typeof v === 'object' && v !== null ? (v as { kind?: unknown }).kind : undefined);
  return [r.requestObject, r.responseObject].some((b) => kind(b) === 'Secret' || kind(b) === 'TokenRequest');
}

/** The document of one request: a commented header (what, who, outcome, the etcd revision it wrote), then the request and response as audited. */
export function renderRequest(r: AuditRequest, t: Translate, you?: string): string {
  const lines = [
    `// ${methodOf(r.verb)} ${r.uri}  (${r.verb})`,
    `// ${t('by {0}', describeWho(r.user.username, t, you))}${r.userAgent ? ` · ${r.userAgent}` : ''}`,
    `// ${t('answered {0} in {1} ms, at {2}', r.code ?? '?', r.latencyMs?.toFixed(1) ?? '?', r.receivedAt)}${r.message ? ` · ${r.message}` : ''}`,
  ];
  if (r.resourceVersion && isWrite(r))
    lines.push(`// ${t("etcd revision {0}: the response's resourceVersion, which is the mod_revision of the key it wrote", r.resourceVersion)}`);
  else if (isWrite(r)) lines.push(`// ${t('the response names no resourceVersion (a Status, or nothing), so no etcd revision')}`);
  const hidden = hidesBodies(r);
  if (hidden) lines.push(`// ${t('The bodies of Secrets and tokens are not shown, whatever the audit log holds.')}`);
  else if (r.level === 'Metadata' || r.level === 'None') lines.push(`// ${t('The audit policy recorded this request at level {0}: no bodies.', r.level)}`);
  const body = {
    auditID: r.auditID,
    level: r.level,
    user: r.user,
    objectRef: r.objectRef,
    code: r.code,
    ...(!hidden && r.requestObject !== undefined ? { requestObject: r.requestObject } : {}),
    ...(!hidden && r.responseObject !== undefined ? { responseObject: r.responseObject } : {}),
  };
  return `${lines.join('\n')}\n\n${JSON.stringify(body, null, 2)}\n`;
}
