/**
 * One request the API server took, from a line of its audit log (an
 * audit.k8s.io/v1 Event, JSON; k8s.io/apiserver/pkg/apis/audit/v1/types.go):
 * who made it (named plainly), verb, path, status code, latency, the object it
 * touched, and for a write the etcd revision it produced (the response
 * object's resourceVersion is the key's mod_revision). Pure.
 */
export interface AuditUser {
  readonly username: string;
  readonly groups: readonly string[];
}

export interface AuditObjectRef {
  readonly resource?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly apiGroup?: string;
  readonly apiVersion?: string;
  readonly subresource?: string;
}

export interface AuditRequest {
  readonly auditID: string;
  readonly stage: string;
  readonly level: string;
  readonly verb: string;
  readonly uri: string;
  readonly user: AuditUser;
  readonly userAgent?: string;
  readonly objectRef?: AuditObjectRef;
  readonly code?: number;
  /** Set when the request failed: the Status' message. */
  readonly message?: string;
  /** When the API server received it (RFC 3339 with microseconds). */
  readonly receivedAt: string;
  readonly latencyMs?: number;
  /** A write's outcome in etcd: the resourceVersion of the object it returned. */
  readonly resourceVersion?: string;
  /** As audited (RequestResponse level); absent at Metadata level. */
  readonly requestObject?: unknown;
  readonly responseObject?: unknown;
}

export type Who =
  | { readonly kind: 'component'; readonly name: string }
  | { readonly kind: 'node'; readonly node: string }
  | { readonly kind: 'serviceAccount'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'user'; readonly name: string };

const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

const METHODS: Record<string, string> = { create: 'POST', update: 'PUT', patch: 'PATCH', delete: 'DELETE', deletecollection: 'DELETE' };
/** The program that sent a request, from its user agent (`kubectl/v1.37.2 (linux/amd64) …` → kubectl). */
export const agentOf = (userAgent: string | undefined): string | undefined => /^([^/\s]+)/.exec(userAgent ?? '')?.[1];

/** The HTTP method of a request, from its audit verb (get, list and watch are GETs). */
export const methodOf = (verb: string): string => METHODS[verb] ?? (['get', 'list', 'watch'].includes(verb) ? 'GET' : verb.toUpperCase());
export const isWrite = (r: AuditRequest): boolean => WRITE_VERBS.has(r.verb);

const COMPONENTS: Record<string, string> = {
  'system:kube-scheduler': 'kube-scheduler',
  'system:kube-controller-manager': 'kube-controller-manager',
  'system:kube-proxy': 'kube-proxy',
  'system:apiserver': 'kube-apiserver',
  'system:anonymous': 'anonymous',
};

/** Who a user is, in the words of the components (system:node:controlplane → the kubelet of controlplane). */
export function whoIs(username: string): Who {
  const component = COMPONENTS[username];
  if (component) return { kind: 'component', name: component };
  const node = /^system:node:(.+)$/.exec(username);
  if (node?.[1]) return { kind: 'node', node: node[1] };
  const sa = /^system:serviceaccount:([^:]+):(.+)$/.exec(username);
  if (sa?.[1] && sa[2]) return { kind: 'serviceAccount', namespace: sa[1], name: sa[2] };
  return { kind: 'user', name: username };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** Milliseconds between two RFC 3339 times with microseconds (Date keeps milliseconds only). */
function micros(t: string): number | undefined {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(t);
  if (!m?.[1] || !m[3]) return undefined;
  const whole = Date.parse(`${m[1]}${m[3]}`);
  return Number.isNaN(whole) ? undefined : whole * 1000 + Number((m[2] ?? '').padEnd(6, '0').slice(0, 6));
}

/** A line of the audit log as a request; undefined for a line that is not an audit Event. */
export function parseAuditLine(line: string): AuditRequest | undefined {
  let e: Record<string, unknown> | undefined;
  try {
    e = obj(JSON.parse(line));
  } catch {
    return undefined;
  }
  if (!e || e.kind !== 'Event' || !str(e.auditID) || !str(e.verb) || !str(e.requestURI)) return undefined;
  const user = obj(e.user);
  const status = obj(e.responseStatus);
  const ref = obj(e.objectRef);
  const response = obj(e.responseObject);
  const received = str(e.requestReceivedTimestamp) ?? '';
  const [t0, t1] = [micros(received), micros(str(e.stageTimestamp) ?? '')];
  const rv = str(obj(response?.metadata)?.resourceVersion);
  const code = typeof status?.code === 'number' ? status.code : undefined;
  return {
    auditID: str(e.auditID) as string,
    stage: str(e.stage) ?? '',
    level: str(e.level) ?? '',
    verb: str(e.verb) as string,
    uri: str(e.requestURI) as string,
    user: { username: str(user?.username) ?? '?', groups: Array.isArray(user?.groups) ? user.groups.filter((g): g is string => typeof g === 'string') : [] },
    ...(str(e.userAgent) ? { userAgent: str(e.userAgent) } : {}),
    ...(ref
      ? {
          objectRef: Object.fromEntries(
            ['resource', 'namespace', 'name', 'apiGroup', 'apiVersion', 'subresource'].flatMap((k) => (str(ref[k]) ? [[k, str(ref[k])]] : [])),
          ) as AuditObjectRef,
        }
      : {}),
    ...(code !== undefined ? { code } : {}),
    ...(str(status?.message) ? { message: str(status?.message) } : {}),
    receivedAt: received,
    ...(t0 !== undefined && t1 !== undefined ? { latencyMs: (t1 - t0) / 1000 } : {}),
    ...(rv ? { resourceVersion: rv } : {}),
    ...(e.requestObject !== undefined ? { requestObject: e.requestObject } : {}),
    ...(e.responseObject !== undefined ? { responseObject: e.responseObject } : {}),
  };
}
