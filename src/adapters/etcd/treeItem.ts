/** An etcd view node as VS Code's TreeItem: key or directory, with its revisions; Load more; a message. */
import * as vscode from 'vscode';
import { displayKey } from '../../core/etcd/keys';
import { CommandId } from '../../ids';
import type { EtcdNode } from './tree';

export function etcdTreeItem(node: EtcdNode, expanded: boolean): vscode.TreeItem {
  switch (node.type) {
    case 'dir': {
      const item = new vscode.TreeItem(displayKey(node.name), expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.description = node.keys !== undefined ? vscode.l10n.t('{0} keys', node.keys) : undefined;
      item.tooltip = displayKey(node.key);
      item.iconPath = new vscode.ThemeIcon('folder');
      item.contextValue = 'etcdDir';
      return item;
    }
    case 'leaf': {
      const item = new vscode.TreeItem(displayKey(node.name), vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      const m = node.meta;
      item.description = m ? vscode.l10n.t('rev {0}', m.modRevision) : undefined;
      item.tooltip = m
        ? [
            displayKey(node.key),
            vscode.l10n.t('version {0}', m.version),
            vscode.l10n.t('create_revision {0}', m.createRevision),
            vscode.l10n.t('mod_revision {0}', m.modRevision),
            m.lease !== '0' ? vscode.l10n.t('lease {0}', m.lease) : vscode.l10n.t('no lease'),
          ].join('\n')
        : displayKey(node.key);
      item.iconPath = new vscode.ThemeIcon('key');
      item.contextValue = 'etcdKey';
      item.command = { command: CommandId.etcdOpenValue, title: vscode.l10n.t('Open'), arguments: [node] };
      return item;
    }
    case 'more': {
      const item = new vscode.TreeItem(vscode.l10n.t('Load more…'));
      item.id = node.id;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: CommandId.etcdLoadMore, title: vscode.l10n.t('Load more…'), arguments: [node] };
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.text);
      item.id = node.id;
      item.tooltip = node.error ? `${node.text}\n${vscode.l10n.t('Click to connect again.')}` : node.text;
      item.iconPath = new vscode.ThemeIcon(node.error ? 'error' : 'info');
      item.command = node.error ? { command: CommandId.etcdRefresh, title: vscode.l10n.t('Retry') } : undefined;
      return item;
    }
  }
}
