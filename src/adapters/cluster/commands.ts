/** The Cluster view's commands. */
import * as vscode from 'vscode';
import { curlCommand, objectPath } from '../../core/kube/resources';
import type { ClusterNode } from '../../core/kube/treeModel';
import { writeKubeconfig } from '../config';
import { openApiDocument } from '../documentCommands';
import type { Command } from '../services';
import { showRequestsFor } from '../requests/commands';
import { clusterNodeOf } from '../targets';
import { deletePodViaRest } from './deletePod';
import { apiDocumentUri } from './documents';

const pathOf = (n: Extract<ClusterNode, { type: 'object' }>) => objectPath(n.resource, n.object.metadata.name, n.object.metadata.namespace);

export const clusterRefresh: Command = (s) => () => s.cluster.refresh();

export const clusterPickKubeconfig: Command = (s) => async () => {
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Choose a kubeconfig file'),
    canSelectMany: false,
    openLabel: vscode.l10n.t('Use this kubeconfig'),
  });
  const file = picked?.[0];
  if (!file) return;
  await writeKubeconfig(file.fsPath);
  s.ctx.log.info(`kubeconfig set to ${file.fsPath}`);
  s.cluster.refresh();
};

/** A context row, a context name (a message row's button), or a pick. */
export const clusterUseContext: Command = (s) => async (t) => {
  const name = t.kind === 'text' ? t.text : clusterNodeOf(t, 'context')?.context.name;
  const pick =
    name ??
    (await vscode.window.showQuickPick(
      s.clusterSession.contexts().map((c) => c.name),
      { title: vscode.l10n.t('Context for KubeLab (your kubeconfig is not changed)') },
    ));
  if (!pick) return;
  await s.clusterSession.useContext(pick);
  s.ctx.log.info(`using context ${pick}`);
  s.cluster.refresh();
  // Through the cluster, the etcd view follows the context: both views show one cluster.
  if (s.etcdSession.throughCluster()) s.etcd.refresh();
};

export const clusterOpenObject: Command = (s) => async (t) => {
  const n = clusterNodeOf(t, 'object');
  if (!n) return;
  await openApiDocument(apiDocumentUri(n.context, pathOf(n)));
  s.ctx.log.info(`GET ${pathOf(n)}`);
};

export const clusterLoadMore: Command = (s) => (t) => (t.kind === 'cluster' ? s.cluster.loadMore(t.node) : undefined);

/** A node of the view, or a node's id (a message row's Retry). */
export const clusterRefreshNode: Command = (s) => (t) => s.cluster.refreshById(t.kind === 'text' ? t.text : t.kind === 'cluster' ? t.node.id : undefined);

export const clusterCopyCurl: Command = () => async (t) => {
  const n = clusterNodeOf(t, 'object');
  if (!n) return;
  const cmd = curlCommand(pathOf(n));
  await vscode.env.clipboard.writeText(cmd);
  void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied: {0}', cmd), 4000);
};

export const clusterCopyPath: Command = () => async (t) => {
  const n = clusterNodeOf(t, 'object');
  if (!n) return;
  await vscode.env.clipboard.writeText(pathOf(n));
  void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied: {0}', pathOf(n)), 4000);
};

/** Deletes the pod by REST; once it is gone (or going), the Requests view shows what followed for it, when there is an audit log. */
export const clusterDeletePod: Command = (s) => async (t) => {
  const n = clusterNodeOf(t, 'object');
  if (n?.resource.kind !== 'Pod') return undefined;
  const result = await deletePodViaRest(s.ctx, s.clusterSession, n.object);
  const { namespace, name } = n.object.metadata;
  if ((result === 'deleted' || result === 'stillThere') && s.requests.source())
    await showRequestsFor(s, { resource: 'pods', ...(namespace ? { namespace } : {}), name });
  return result;
};
