import * as vscode from 'vscode';
import { curlCommand, objectPath } from '../../core/kube/resources';
import type { ClusterNode } from '../../core/kube/treeModel';
import { CommandId } from '../../ids';
import type { CommandTable } from '../services';
import { deletePodViaRest } from './deletePod';
import { apiDocumentUri } from './documents';

type ObjectNode = Extract<ClusterNode, { type: 'object' }>;
const isObject = (n: unknown): n is ObjectNode => (n as ClusterNode | undefined)?.type === 'object';
const pathOf = (n: ObjectNode) => objectPath(n.resource, n.object.metadata.name, n.object.metadata.namespace);

export const clusterCommands: CommandTable<
  | typeof CommandId.clusterUseContext
  | typeof CommandId.clusterOpenObject
  | typeof CommandId.clusterLoadMore
  | typeof CommandId.clusterRefreshNode
  | typeof CommandId.clusterCopyCurl
  | typeof CommandId.clusterCopyPath
  | typeof CommandId.clusterDeletePod
> = {
  [CommandId.clusterUseContext]: (s) => async (arg) => {
    const name = typeof arg === 'string' ? arg : (arg as ClusterNode | undefined)?.type === 'context' ? (arg as Extract<ClusterNode, { type: 'context' }>).context.name : undefined;
    const pick = name ?? (await vscode.window.showQuickPick(s.clusterSession.contexts().map((c) => c.name), { title: vscode.l10n.t('Context for KubeLab (your kubeconfig is not changed)') }));
    if (!pick) return;
    await s.clusterSession.useContext(pick);
    s.ctx.log.info(`using context ${pick}`);
    s.cluster.refresh();
  },
  [CommandId.clusterOpenObject]: (s) => async (node) => {
    if (!isObject(node)) return;
    const doc = await vscode.workspace.openTextDocument(apiDocumentUri(node.context, pathOf(node)));
    await vscode.window.showTextDocument(await vscode.languages.setTextDocumentLanguage(doc, 'jsonc'), { preview: true });
    s.ctx.log.info(`GET ${pathOf(node)}`);
  },
  [CommandId.clusterLoadMore]: (s) => (node) => s.cluster.loadMore(node as ClusterNode),
  [CommandId.clusterRefreshNode]: (s) => (node) => s.cluster.refreshById(typeof node === 'string' ? node : (node as ClusterNode | undefined)?.id),
  [CommandId.clusterCopyCurl]: () => async (node) => {
    if (!isObject(node)) return;
    const cmd = curlCommand(pathOf(node));
    await vscode.env.clipboard.writeText(cmd);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied: {0}', cmd), 4000);
  },
  [CommandId.clusterCopyPath]: () => async (node) => {
    if (!isObject(node)) return;
    await vscode.env.clipboard.writeText(pathOf(node));
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied: {0}', pathOf(node)), 4000);
  },
  [CommandId.clusterDeletePod]: (s) => (node) => (isObject(node) && node.resource.kind === 'Pod' ? deletePodViaRest(s.ctx, s.clusterSession, node.object) : undefined),
};
