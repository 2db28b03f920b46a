/**
 * A Cluster view node as VS Code's TreeItem: the look comes from
 * core/kube/treeModel.ts; this adds what only VS Code has (collapsible state,
 * theme icons and colours, the command a click runs).
 */
import * as vscode from 'vscode';
import type { NodeLook, ClusterNode, MessageAction } from '../../core/kube/treeModel';
import type { ListWatchStatus } from '../../infra/kube/listWatch';
import { CommandId } from '../../ids';
import { describeFailure } from '../failures';

export function clusterTreeItem(node: ClusterNode, look: NodeLook, expanded: boolean, status: ListWatchStatus | undefined): vscode.TreeItem {
  const state =
    look.collapsible === 'none'
      ? vscode.TreeItemCollapsibleState.None
      : look.collapsible === 'expanded' || expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(look.label, state);
  item.id = node.id;
  item.description = status?.kind === 'reconnecting' ? vscode.l10n.t('reconnecting… ({0})', describeFailure(status.failure)) : look.description;
  item.tooltip = look.tooltip;
  item.contextValue = look.contextValue;
  item.iconPath = new vscode.ThemeIcon(look.icon.id, look.icon.color ? new vscode.ThemeColor(look.icon.color) : undefined);
  if (node.type === 'object') item.command = { command: CommandId.clusterOpenObject, title: vscode.l10n.t('Open'), arguments: [node] };
  if (node.type === 'more') item.command = { command: CommandId.clusterLoadMore, title: look.label, arguments: [node] };
  if (node.type === 'message' && node.action) item.command = messageCommand(node.action, node.detail);
  return item;
}

function messageCommand(action: MessageAction, detail?: string): vscode.Command {
  switch (action) {
    case 'retry':
      return { command: CommandId.clusterRefreshNode, title: vscode.l10n.t('Retry'), arguments: [detail] };
    case 'pickKubeconfig':
      return { command: CommandId.clusterPickKubeconfig, title: vscode.l10n.t('Choose a Kubeconfig…') };
    case 'openSettings':
      return { command: CommandId.openSettings, title: vscode.l10n.t('Open Settings') };
    case 'showLog':
      return { command: CommandId.showLog, title: vscode.l10n.t('Show Log') };
    case 'useContext':
      return { command: CommandId.clusterUseContext, title: vscode.l10n.t('Use Context'), arguments: [detail] };
  }
}
