/**
 * The one argument parser of KubeLab's commands: what VS Code passes (a tree
 * node from a view or a menu, a document URI from an editor title, a string
 * from a link or a test, or nothing from the palette) becomes a typed target.
 * With nothing, the active editor's KubeLab document is the target.
 */
import * as vscode from 'vscode';
import { etcdKeyOf as storageKeyOf, isBuiltInGroup } from '../core/kube/storageKeys';
import type { ClusterNode } from '../core/kube/treeModel';
import { API_DOCUMENT_SCHEME, ETCD_DOCUMENT_SCHEME } from '../ids';
import { parseApiDocumentUri } from './cluster/documents';
import { parseEtcdDocumentUri } from './etcd/documents';
import type { EtcdNode } from './etcd/tree';
import type { HistoryNode } from './history/tree';
import type { RequestNode } from './requests/tree';

export type Target =
  | { readonly kind: 'cluster'; readonly node: ClusterNode }
  | { readonly kind: 'etcd'; readonly node: EtcdNode }
  | { readonly kind: 'history'; readonly node: HistoryNode }
  | { readonly kind: 'request'; readonly node: RequestNode }
  | { readonly kind: 'etcdDocument'; readonly key: Buffer; readonly view: 'decoded' | 'raw'; readonly reveal: boolean; readonly decrypt: boolean }
  | { readonly kind: 'apiDocument'; readonly context: string; readonly path: string; readonly reveal: boolean }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'uri'; readonly uri: vscode.Uri }
  | { readonly kind: 'none' };

const isNode = (a: unknown): a is { type: string; id: string } =>
  typeof a === 'object' && a !== null && typeof (a as { id?: unknown }).id === 'string' && typeof (a as { type?: unknown }).type === 'string';

function ofUri(uri: vscode.Uri): Target | undefined {
  if (uri.scheme === ETCD_DOCUMENT_SCHEME) return { kind: 'etcdDocument', ...parseEtcdDocumentUri(uri) };
  if (uri.scheme === API_DOCUMENT_SCHEME) return { kind: 'apiDocument', ...parseApiDocumentUri(uri) };
  return undefined;
}

export function parseTarget(arg: unknown, active: vscode.Uri | undefined = vscode.window.activeTextEditor?.document.uri): Target {
  if (isNode(arg)) {
    if (arg.id.startsWith('etcd/')) return { kind: 'etcd', node: arg as EtcdNode };
    if (arg.id.startsWith('history/')) return { kind: 'history', node: arg as HistoryNode };
    if (arg.id.startsWith('requests/')) return { kind: 'request', node: arg as RequestNode };
    return { kind: 'cluster', node: arg as ClusterNode };
  }
  if (arg instanceof vscode.Uri) return ofUri(arg) ?? { kind: 'uri', uri: arg };
  if (typeof arg === 'string') return { kind: 'text', text: arg };
  if (arg === undefined && active) return ofUri(active) ?? { kind: 'none' };
  return { kind: 'none' };
}

/** The etcd key a target names: a key or directory of the etcd view, or an etcd value document. */
export function etcdKeyOf(t: Target): { key: Buffer; dir: boolean } | undefined {
  if (t.kind === 'etcd' && (t.node.type === 'leaf' || t.node.type === 'dir')) return { key: t.node.key, dir: t.node.type === 'dir' };
  if (t.kind === 'etcdDocument') return { key: t.key, dir: false };
  return undefined;
}

/** The Cluster view node of a given type a target names. */
export function clusterNodeOf<K extends ClusterNode['type']>(t: Target, type: K): Extract<ClusterNode, { type: K }> | undefined {
  return t.kind === 'cluster' && t.node.type === type ? (t.node as Extract<ClusterNode, { type: K }>) : undefined;
}

/** The etcd key of a Cluster view object a target names (where the API server stores it). */
export function clusterObjectKey(t: Target): Buffer | undefined {
  const n = clusterNodeOf(t, 'object');
  if (!n) return undefined;
  const { namespace, name } = n.object.metadata;
  return Buffer.from(storageKeyOf({ group: n.resource.group, resource: n.resource.name, namespace, name }, isBuiltInGroup));
}
