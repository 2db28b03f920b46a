/**
 * API resources as discovery describes them, and the REST paths the lesson
 * uses for them (`/api/v1/namespaces/default/pods/hello-demo`). Pure: the
 * discovery documents come in as parsed JSON.
 */

export interface ApiResource {
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  /** The plural resource name in URLs, e.g. `pods`. */
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
}

interface RawResource {
  name?: string;
  kind?: string;
  namespaced?: boolean;
  verbs?: string[];
}

/** Reads one `APIResourceList` (from `/api/v1` or `/apis/<group>/<version>`). */
export function parseResourceList(group: string, version: string, doc: unknown): ApiResource[] {
  const list = (doc as { resources?: RawResource[] } | null)?.resources;
  if (!Array.isArray(list)) return [];
  const out: ApiResource[] = [];
  for (const r of list) {
    if (!r.name || !r.kind || r.name.includes('/')) continue; // subresources (pods/log, …)
    const verbs = Array.isArray(r.verbs) ? r.verbs : [];
    if (!verbs.includes('list')) continue;
    out.push({ group, version, name: r.name, kind: r.kind, namespaced: r.namespaced === true, verbs });
  }
  return out;
}

/** The preferred group versions from `/apis` (an `APIGroupList`). */
export function preferredGroupVersions(doc: unknown): { group: string; version: string }[] {
  const groups = (doc as { groups?: { name?: string; preferredVersion?: { version?: string }; versions?: { version?: string }[] }[] } | null)?.groups;
  if (!Array.isArray(groups)) return [];
  const out: { group: string; version: string }[] = [];
  for (const g of groups) {
    const version = g.preferredVersion?.version ?? g.versions?.[0]?.version;
    if (g.name && version) out.push({ group: g.name, version });
  }
  return out;
}

/** Ordering for the tree: core kinds first, then by group, then by name. */
export function sortResources(rs: readonly ApiResource[]): ApiResource[] {
  return [...rs].sort((a, b) => (a.group === '' ? 0 : 1) - (b.group === '' ? 0 : 1) || a.group.localeCompare(b.group) || a.name.localeCompare(b.name));
}

export function apiVersionOf(r: Pick<ApiResource, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Collection path: `/api/v1/namespaces/default/pods`, `/apis/apps/v1/deployments`. */
export function collectionPath(r: Pick<ApiResource, 'group' | 'version' | 'name' | 'namespaced'>, namespace?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${r.name}`;
}

export function objectPath(r: Pick<ApiResource, 'group' | 'version' | 'name' | 'namespaced'>, name: string, namespace?: string): string {
  return `${collectionPath(r, namespace)}/${encodeURIComponent(name)}`;
}

/** The lesson's way to read a path: through `kubectl proxy` on 127.0.0.1:8080. */
export function curlCommand(path: string, proxy = '127.0.0.1:8080'): string {
  return `curl -s ${proxy}${path} | jq`;
}

/** A stable key for a resource, e.g. `apps/v1/deployments`, `v1/pods`. */
export function resourceKey(r: Pick<ApiResource, 'group' | 'version' | 'name'>): string {
  return `${apiVersionOf(r)}/${r.name}`;
}

export const CORE_NODES = { group: '', version: 'v1', name: 'nodes', kind: 'Node', namespaced: false } as const;
export const CORE_NAMESPACES = { group: '', version: 'v1', name: 'namespaces', kind: 'Namespace', namespaced: false } as const;
export const CORE_PODS = { group: '', version: 'v1', name: 'pods', kind: 'Pod', namespaced: true } as const;

/** An object's REST path, read back: `/api/v1/namespaces/default/pods/x` → group '', pods, default, x. */
export function parseObjectPath(path: string): { group: string; version: string; resource: string; name: string; namespace?: string } | undefined {
  const m = /^\/(?:api\/(v\d\w*)|apis\/([^/]+)\/([^/]+))\/(?:namespaces\/([^/]+)\/)?([^/]+)\/([^/]+)\/?$/.exec(path);
  if (!m) return undefined;
  const [, coreVersion, group, version, namespace, resource, name] = m;
  return {
    group: group ?? '',
    version: (coreVersion ?? version) as string,
    resource: resource as string,
    name: decodeURIComponent(name as string),
    ...(namespace ? { namespace: decodeURIComponent(namespace) } : {}),
  };
}
