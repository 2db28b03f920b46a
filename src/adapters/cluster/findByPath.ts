/**
 * Finds the Cluster view node of an object by its REST path, walking the tree
 * as a user would expand it: context, Namespaces, the namespace, the kind
 * (or Cluster resources), then the object, loading pages until it is there.
 */
import { parseObjectPath } from '../../core/kube/resources';
import type { ClusterNode } from '../../core/kube/treeModel';
import type { ClusterTree } from './tree';

export async function findByPath(tree: ClusterTree, path: string): Promise<ClusterNode | undefined> {
  const p = parseObjectPath(path);
  if (!p) return undefined;
  const find = async (parent: ClusterNode | undefined, pred: (n: ClusterNode) => boolean) => (await tree.getChildren(parent)).find(pred);
  const isKind = (n: ClusterNode) => n.type === 'kind' && n.resource.group === p.group && n.resource.name === p.resource;
  const isObject = (name: string) => (n: ClusterNode) => n.type === 'object' && n.object.metadata.name === name;
  const ctx = await find(undefined, (n) => n.type === 'context' && n.active);
  if (!ctx) return undefined;
  let kind: ClusterNode | undefined;
  if (p.namespace) {
    const namespaces = await find(ctx, (n) => n.type === 'kind' && n.resource.group === '' && n.resource.name === 'namespaces');
    const ns = namespaces && (await find(namespaces, isObject(p.namespace)));
    kind = ns && (await find(ns, isKind));
  } else {
    const group = await find(ctx, (n) => n.type === 'group');
    kind = (await find(ctx, isKind)) ?? (group && (await find(group, isKind)));
  }
  let object = kind && (await find(kind, isObject(p.name)));
  // Past the first page: load pages until it is there (or there are no more).
  for (let page = 0; kind && !object && page < 100 && (await tree.nextPage(kind.id)); page++) object = await find(kind, isObject(p.name));
  return object;
}
