/**
 * The Cluster view's nodes, one object per id (VS Code keeps the object it was
 * given: a node read again is updated in place, so a repaint reaches it).
 * Ids nest (core/kube/treeModel.ts), so a node's parent and everything below
 * it come from its id. Also the rows that stand for a message or a failure.
 */
import * as vscode from 'vscode';
import { isUnder, nodeIds, parentIdOf, type ClusterNode, type MessageAction } from '../../core/kube/treeModel';
import type { Failure } from '../../core/result';
import { describeFailure } from '../failures';

export class NodeStore {
  private readonly nodes = new Map<string, ClusterNode>();

  get(id: string): ClusterNode | undefined {
    return this.nodes.get(id);
  }

  parentOf(node: ClusterNode): ClusterNode | undefined {
    const p = parentIdOf(node.id);
    return p === undefined ? undefined : this.nodes.get(p);
  }

  /** Keeps `node`, or updates the one already kept under its id and returns that. */
  keep<T extends ClusterNode>(node: T): T {
    const existing = this.nodes.get(node.id);
    if (existing && existing.type === node.type && node.type !== 'message' && node.type !== 'more') {
      Object.assign(existing, node);
      return existing as T;
    }
    this.nodes.set(node.id, node);
    return node;
  }

  /** Forgets every node below `id` (and `id` itself unless `keepSelf`). */
  forgetBelow(id: string, keepSelf = true): void {
    for (const k of [...this.nodes.keys()]) if (isUnder(k, id) && !(keepSelf && k === id)) this.nodes.delete(k);
  }

  /** The object nodes under a kind that are not in `live`. */
  goneObjects(kindId: string, live: ReadonlySet<string>): string[] {
    return [...this.nodes.keys()].filter((id) => parentIdOf(id) === kindId && this.nodes.get(id)?.type === 'object' && !live.has(id));
  }

  clear(): void {
    this.nodes.clear();
  }

  message(parent: string, text: string, severity: 'info' | 'error' | 'action', action?: MessageAction, detail?: string): ClusterNode {
    return this.keep({ type: 'message', id: nodeIds.message(parent, `${action ?? ''}:${text}`), text, severity, action, detail } as const);
  }

  /** A failure as two rows: what failed, and the button that helps (Choose a Kubeconfig…, or Retry). */
  failure(parent: string, f: Failure): ClusterNode[] {
    const next = f.code.startsWith('kubeconfig.')
      ? this.message(parent, vscode.l10n.t('Choose a Kubeconfig…'), 'action', 'pickKubeconfig')
      : this.message(parent, vscode.l10n.t('Retry'), 'action', 'retry', parent);
    return [this.message(parent, describeFailure(f), 'error'), next];
  }
}
