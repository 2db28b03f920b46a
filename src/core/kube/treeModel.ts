/**
 * The Cluster tree as data: node kinds, their stable path-like ids, and how
 * each looks (label, description, tooltip, icon, contextValue). Pure, so the
 * look is tested without VS Code; adapters/cluster turns it into TreeItems.
 * contextValue is a kind plus `+flags` that package.json's menus read (and no others).
 */
import { formatAge, summarize, type Health, type KubeObject } from './objects';
import { apiVersionOf, objectPath, resourceKey, type ApiResource } from './resources';
import type { ContextInfo } from './context';
import { english, type Translate } from '../l10n';

export type ClusterNode =
  | { readonly type: 'context'; readonly id: string; readonly context: ContextInfo; readonly active: boolean }
  | { readonly type: 'group'; readonly id: string; readonly context: string; readonly group: 'cluster' }
  | {
      readonly type: 'kind';
      readonly id: string;
      readonly context: string;
      readonly resource: ApiResource;
      readonly namespace?: string;
      readonly title?: string;
    }
  | { readonly type: 'object'; readonly id: string; readonly context: string; readonly resource: ApiResource; readonly object: KubeObject }
  | { readonly type: 'more'; readonly id: string; readonly parent: string; readonly loaded: number; readonly total?: number }
  | {
      readonly type: 'message';
      readonly id: string;
      readonly text: string;
      readonly severity: 'info' | 'error' | 'action';
      readonly action?: MessageAction;
      readonly detail?: string;
    };

export type MessageAction = 'retry' | 'pickKubeconfig' | 'openSettings' | 'showLog' | 'useContext';

/**
 * Tree ids nest like paths: every level adds exactly two segments (what it is,
 * and which), each segment URI-encoded, so `ctx/lab/kind/v1%2Fnamespaces/obj/default/kind/v1%2Fpods/obj/hello`
 * is the pod hello under the namespace default. The parent of a node is its id
 * less two segments, and everything below a node starts with its id and `/`:
 * reveal, refresh of a subtree and the disposal of its watches follow from that.
 */
const seg = encodeURIComponent;
export const nodeIds = {
  context: (name: string) => `ctx/${seg(name)}`,
  group: (contextId: string) => `${contextId}/group/cluster`,
  kind: (parentId: string, r: Pick<ApiResource, 'group' | 'version' | 'name'>) => `${parentId}/kind/${seg(resourceKey(r))}`,
  object: (kindId: string, o: KubeObject) => `${kindId}/obj/${seg(o.metadata.name)}`,
  more: (kindId: string) => `${kindId}/more/next`,
  message: (parentId: string, text: string) => `${parentId ? `${parentId}/` : ''}msg/${seg(text)}`,
};

/** The id of a node's parent; undefined for the roots. */
export function parentIdOf(id: string): string | undefined {
  const parts = id.split('/');
  return parts.length > 2 ? parts.slice(0, -2).join('/') : undefined;
}

/** Whether `id` is `ancestor` or lies below it. */
export function isUnder(id: string, ancestor: string): boolean {
  return ancestor === '' || id === ancestor || id.startsWith(`${ancestor}/`);
}

export interface NodeLook {
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  /** A codicon id and a theme colour id (undefined: default colour). */
  readonly icon: { readonly id: string; readonly color?: string };
  readonly contextValue: string;
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
}

export const healthColor: Record<Health, string | undefined> = {
  ok: 'testing.iconPassed',
  progressing: 'charts.yellow',
  failed: 'testing.iconFailed',
  terminating: 'disabledForeground',
  unknown: undefined,
};

const kindIcons: Record<string, string> = {
  Pod: 'symbol-class',
  Node: 'server',
  Namespace: 'symbol-namespace',
  Service: 'plug',
  ConfigMap: 'symbol-constant',
  Secret: 'key',
  Deployment: 'layers',
  ReplicaSet: 'copy',
  Event: 'bell',
  Lease: 'clock',
};

const actionIcons: Record<MessageAction, string> = {
  retry: 'refresh',
  pickKubeconfig: 'folder-opened',
  openSettings: 'settings-gear',
  showLog: 'output',
  useContext: 'plug',
};

/** A count for a kind node: `3`, `1+` when the server gave no estimate. */
export function countText(count: number | undefined, exact = true): string | undefined {
  if (count === undefined) return undefined;
  return exact ? String(count) : `${count}+`;
}

export function lookOf(node: ClusterNode, now: number, count?: { count: number; exact: boolean }, t: Translate = english): NodeLook {
  switch (node.type) {
    case 'context':
      return {
        label: node.context.name,
        description: node.active ? `● ${node.context.server ?? node.context.cluster}` : (node.context.server ?? node.context.cluster),
        tooltip: [
          t('Context {0}', node.context.name),
          t('Cluster: {0}', node.context.cluster),
          t('User: {0}', node.context.user),
          node.context.server ? t('Server: {0}', node.context.server) : '',
        ]
          .filter(Boolean)
          .join('\n'),
        icon: { id: node.active ? 'vm-active' : 'vm-outline' },
        contextValue: node.active ? 'context+active' : 'context',
        collapsible: node.active ? 'expanded' : 'collapsed',
      };
    case 'group':
      return { label: t('Cluster resources'), icon: { id: 'globe' }, contextValue: 'group', collapsible: 'collapsed' };
    case 'kind': {
      const r = node.resource;
      return {
        label: node.title ?? r.name,
        description: [countText(count?.count, count?.exact), r.group ? apiVersionOf(r) : undefined].filter(Boolean).join(' · ') || undefined,
        tooltip: `${r.kind} (${apiVersionOf(r)})\nGET ${objectPath(r, '', node.namespace).replace(/\/$/, '')}`,
        icon: { id: kindIcons[r.kind] ?? 'symbol-field', color: count?.count === 0 ? 'disabledForeground' : undefined },
        contextValue: 'kind',
        collapsible: 'collapsed',
      };
    }
    case 'object': {
      const o = node.object;
      const s = summarize(node.resource.kind, o);
      const age = formatAge(o.metadata.creationTimestamp, now);
      const path = objectPath(node.resource, o.metadata.name, o.metadata.namespace);
      const lines = [
        `${node.resource.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`,
        `GET ${path}`,
        s.status ? t('Status: {0}', s.status) : undefined,
        age ? t('Age: {0}', age) : undefined,
        `resourceVersion: ${o.metadata.resourceVersion ?? '?'}`,
        `uid: ${o.metadata.uid ?? '?'}`,
        o.metadata.deletionTimestamp ? `deletionTimestamp: ${o.metadata.deletionTimestamp}` : undefined,
      ].filter(Boolean);
      return {
        label: o.metadata.name,
        description: [s.status, age].filter(Boolean).join(' · ') || undefined,
        tooltip: lines.join('\n'),
        icon: { id: kindIcons[node.resource.kind] ?? 'symbol-field', color: healthColor[s.health] },
        contextValue: node.resource.kind === 'Pod' ? 'object+pod' : 'object',
        collapsible: node.resource.kind === 'Namespace' ? 'collapsed' : 'none',
      };
    }
    case 'more':
      return {
        label: t('Load more…'),
        description: node.total !== undefined ? t('{0} of {1}', node.loaded, node.total) : t('{0} loaded', node.loaded),
        icon: { id: 'ellipsis' },
        contextValue: 'more',
        collapsible: 'none',
      };
    case 'message':
      return {
        label: node.text,
        tooltip: node.text,
        icon:
          node.severity === 'action'
            ? { id: actionIcons[node.action ?? 'retry'] }
            : { id: node.severity === 'error' ? 'error' : 'info', color: node.severity === 'error' ? 'errorForeground' : undefined },
        contextValue: 'message',
        collapsible: 'none',
      };
  }
}
