/** An etcd view node as VS Code's TreeItem: key or directory, with its revisions; Load more; a message. */
import * as vscode from 'vscode';
import { displayKey } from '../../core/etcd/keys';
import { CommandId } from '../../ids';
import { bytes, DEFAULT_QUOTA } from '../../core/etcd/members';
import type { EtcdStatus } from '../../infra/etcd/client';
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
    case 'members': {
      const item = new vscode.TreeItem(
        vscode.l10n.t('Members'),
        expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
      );
      item.id = node.id;
      item.description = node.summary;
      item.tooltip = vscode.l10n.t(
        "etcd's members: who leads, the raft term and index, the database size. Open, the list asks the members again every 2 s. Check Consistency compares their hashes of the store.",
      );
      item.iconPath = new vscode.ThemeIcon('server-environment');
      item.contextValue = 'etcdMembers';
      return item;
    }
    case 'member':
      return memberItem(node);
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

/** etcdctl prints member IDs in hex. */
const hexId = (id: string): string => {
  try {
    return BigInt(id).toString(16);
  } catch {
    return id;
  }
};

function memberItem(node: Extract<EtcdNode, { type: 'member' }>): vscode.TreeItem {
  const { row, lab } = node;
  const item = new vscode.TreeItem(row.name, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  const s = row.status;
  const role = { leader: vscode.l10n.t('leader'), follower: vscode.l10n.t('follower'), learner: vscode.l10n.t('learner') };
  item.description = row.down
    ? lab?.held
      ? vscode.l10n.t('stopped (Start Member starts it)')
      : vscode.l10n.t('down: {0}', row.down)
    : s
      ? [row.role ? role[row.role] : '', vscode.l10n.t('term {0}', s.raftTerm), ...row.alarms].filter(Boolean).join(' · ')
      : '';
  const quota = s?.dbSizeQuota ?? DEFAULT_QUOTA;
  item.tooltip = [
    vscode.l10n.t('member {0} ({1})', row.name, hexId(row.id)),
    vscode.l10n.t('client URLs: {0}', row.clientUrls.join(', ') || '-'),
    ...(row.endpoint && !row.clientUrls.includes(row.endpoint) ? [vscode.l10n.t('reached at {0}', row.endpoint)] : []),
    ...(s
      ? [
          vscode.l10n.t('etcd {0} · {1}', s.version, row.role ? role[row.role] : ''),
          vscode.l10n.t('raft term {0} (one per election) · committed index {1} · applied {2}', s.raftTerm, s.raftIndex, s.raftAppliedIndex),
          vscode.l10n.t('store revision {0}', s.revision),
          vscode.l10n.t(
            'database: {0} in use of {1} allocated; quota {2}{3}',
            bytes(s.dbSizeInUse),
            bytes(s.dbSize),
            bytes(quota),
            s.dbSizeQuota ? '' : vscode.l10n.t(" (etcd's default)"),
          ),
        ]
      : [vscode.l10n.t('does not answer: {0}', row.down ?? '')]),
    ...(row.alarms.length ? [vscode.l10n.t('alarms: {0}', row.alarms.join(', '))] : []),
    ...(s?.errors.length ? [vscode.l10n.t('errors: {0}', s.errors.join('; '))] : []),
    ...(lab ? [vscode.l10n.t("the lab's process {0}", lab.process)] : []),
  ].join('\n');
  item.iconPath = new vscode.ThemeIcon(
    row.down ? 'error' : row.alarms.length ? 'warning' : row.role === 'leader' ? 'star-full' : row.role === 'learner' ? 'mortar-board' : 'circle-filled',
  );
  item.contextValue = lab ? (lab.held || row.down ? 'etcdMemberLabStopped' : 'etcdMemberLab') : 'etcdMember';
  return item;
}

/** The view's title description: etcd's version, the store's revision, and where it is reached (which member answers, of how many). */
export function etcdViewDescription(st: EtcdStatus | undefined): string | undefined {
  if (!st) return undefined;
  if (st.via)
    return st.via.length === 1
      ? vscode.l10n.t('etcd {0} · revision {1} · through the cluster, pod {2}', st.version, st.revision, st.via.join(', '))
      : vscode.l10n.t('etcd {0} · revision {1} · through the cluster, pods {2}', st.version, st.revision, st.via.join(', '));
  const endpoint = st.endpoint.replace(/^https?:\/\//, '');
  return st.members && st.members > 1 && st.member
    ? vscode.l10n.t('etcd {0} · revision {1} · member {2} of {3} answers ({4})', st.version, st.revision, st.member, st.members, endpoint)
    : vscode.l10n.t('etcd {0} · revision {1} · {2}', st.version, st.revision, endpoint);
}
