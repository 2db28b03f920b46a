/**
 * Where the API server keeps an object in etcd (its default storage layout):
 * `/registry/<resource>/<namespace>/<name>`, with the historical names of a
 * few core resources (nodes are `minions`, services `services/specs`…), and
 * `/registry/<group>/<resource>/…` for custom resources and the aggregator's
 * and apiextensions' own kinds. Pure.
 */

const CORE: Record<string, string> = {
  nodes: 'minions',
  services: 'services/specs',
  endpoints: 'services/endpoints',
  replicationcontrollers: 'controllers',
};
const RENAMED: Record<string, Record<string, string>> = {
  'networking.k8s.io': { ingresses: 'ingress' },
  extensions: { ingresses: 'ingress' },
};
const GROUP_PREFIXED = new Set(['apiregistration.k8s.io', 'apiextensions.k8s.io']);

/**
 * The etcd key of an object. `builtIn`: the group is one of Kubernetes' own
 * (its objects are stored by resource name; others under their group).
 */
export function etcdKeyOf(o: { group: string; resource: string; namespace?: string; name: string }, builtIn: (group: string) => boolean): string {
  const base = !o.group
    ? (CORE[o.resource] ?? o.resource)
    : builtIn(o.group) && !GROUP_PREFIXED.has(o.group)
      ? (RENAMED[o.group]?.[o.resource] ?? o.resource)
      : `${o.group}/${o.resource}`;
  return `/registry/${base}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** Whether a group belongs to Kubernetes itself: the core group, the *.k8s.io groups, and the classic ones. */
export function isBuiltInGroup(group: string): boolean {
  return group === '' || group.endsWith('.k8s.io') || ['apps', 'batch', 'autoscaling', 'policy', 'extensions'].includes(group);
}
