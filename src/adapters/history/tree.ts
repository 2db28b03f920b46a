/**
 * The History view: every revision of one etcd key that etcd still holds
 * (infra/etcd/client.ts `history`, one watch), grouped by the key's lives,
 * each row with its revision, PUT or DELETE, version, size, who wrote it
 * (managedFields) and what it changed. A row opens that version, decoded;
 * Compare with Previous / with Current open VS Code's diff of two versions.
 */
import * as vscode from 'vscode';
import { changedFields, describeChanges } from '../../core/etcd/diff';
import { generationsOf, managerOf, type Generation, type HistoryEntry, type KeyHistory } from '../../core/etcd/history';
import { displayKey } from '../../core/etcd/keys';
import { isSecretKey } from '../../core/etcd/valueDocument';
import { describeFailure } from '../failures';
import { etcdDocumentUri, objectOf } from '../etcd/documents';
import type { EtcdSession } from '../etcd/session';

/** What a history keeps of values in memory; a version beyond it is read again at its revision when opened. */
const VALUE_BUDGET = 32 << 20;

export interface HistoryRow {
  readonly entry: HistoryEntry;
  readonly manager?: string;
  readonly time?: string;
  readonly summary: string;
}

export type HistoryNode =
  | { readonly type: 'life'; readonly id: string; readonly index: number; readonly life: Generation }
  | { readonly type: 'version'; readonly id: string; readonly key: Buffer; readonly row: HistoryRow; readonly previous?: HistoryEntry }
  | { readonly type: 'message'; readonly id: string; readonly text: string };

export class HistoryTree implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<HistoryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private shown: { history: KeyHistory; lives: Generation[]; rows: Map<string, HistoryRow> } | undefined;
  private view?: vscode.TreeView<HistoryNode>;

  constructor(private readonly session: EtcdSession) {}

  attach(view: vscode.TreeView<HistoryNode>): void {
    this.view = view;
  }

  /** Reads `key`'s history and shows it; a failure comes back as the message shown. */
  async show(key: Buffer): Promise<KeyHistory | string> {
    const r = await this.session.open();
    if (!r?.ok) return r ? describeFailure(r.error) : vscode.l10n.t('Not connected to etcd');
    const h = await r.value.history(key, VALUE_BUDGET);
    if (!h.ok) return describeFailure(h.error);
    const rows = new Map<string, HistoryRow>();
    const secret = isSecretKey(displayKey(key));
    let before: unknown;
    for (const e of h.value.entries) {
      if (e.type === 'delete') {
        rows.set(e.revision, { entry: e, summary: vscode.l10n.t('deleted') });
        before = undefined;
        continue;
      }
      const after = objectOf(e.value);
      const m = after ? managerOf(before, after) : undefined;
      const changes = before && after ? changedFields(before, after).filter((c) => c.path !== 'metadata.managedFields') : [];
      const summary = !e.value
        ? vscode.l10n.t('(not read: beyond the memory budget; open it to read it)')
        : !before
          ? vscode.l10n.t('created')
          : changes.length
            ? describeChanges(changes, secret, 3).join('; ')
            : vscode.l10n.t('no field changed');
      rows.set(e.revision, { entry: e, ...(m?.manager ? { manager: m.manager } : {}), ...(m?.time ? { time: m.time } : {}), summary });
      before = after;
    }
    this.shown = { history: h.value, lives: generationsOf(h.value.entries), rows };
    if (this.view) {
      this.view.description = displayKey(key);
      this.view.message = h.value.compactedBefore
        ? vscode.l10n.t('Revisions before {0} were compacted: etcd no longer holds them.', h.value.compactedBefore)
        : undefined;
    }
    this.changed.fire(undefined);
    return h.value;
  }

  /** The rows shown, for tests: revision, PUT/DELETE, manager, summary. */
  rows(): HistoryRow[] {
    return this.shown ? [...this.shown.rows.values()] : [];
  }

  getTreeItem(n: HistoryNode): vscode.TreeItem {
    if (n.type === 'message') return new vscode.TreeItem(n.text);
    if (n.type === 'life') {
      const first = n.life.entries[0];
      const item = new vscode.TreeItem(
        vscode.l10n.t('Life {0}', n.index + 1),
        n.index === (this.shown?.lives.length ?? 0) - 1 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
      );
      item.description = n.life.deletedAt
        ? vscode.l10n.t('created at {0}, deleted at {1}', n.life.createRevision, n.life.deletedAt)
        : vscode.l10n.t('created at {0}', n.life.createRevision === '?' ? (first?.revision ?? '?') : n.life.createRevision);
      return item;
    }
    const { entry: e, manager, summary } = n.row;
    const item = new vscode.TreeItem(`rev ${e.revision}`);
    item.id = n.id;
    item.description = [e.type === 'put' ? `PUT v${e.version}` : 'DELETE', manager, summary].filter(Boolean).join(' · ');
    item.tooltip = [
      `${e.type === 'put' ? 'PUT' : 'DELETE'} mod_revision ${e.revision}  create_revision ${e.createRevision}  version ${e.version}  ${e.size} bytes`,
      manager ? vscode.l10n.t('written by {0} at {1}', manager, n.row.time ?? '?') : '',
      summary,
    ]
      .filter(Boolean)
      .join('\n');
    item.contextValue = e.type === 'put' ? (n.previous ? 'historyVersion+previous' : 'historyVersion') : 'historyDelete';
    item.iconPath = new vscode.ThemeIcon(e.type === 'put' ? 'git-commit' : 'trash');
    if (e.type === 'put') item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [versionUri(n.key, e.revision)] };
    return item;
  }

  getChildren(n?: HistoryNode): HistoryNode[] {
    if (!this.shown) return [];
    const key = this.shown.history.key;
    if (!n) {
      if (this.shown.lives.length === 0) return [{ type: 'message', id: 'history/!', text: vscode.l10n.t('etcd holds no revision of {0}', displayKey(key)) }];
      return this.shown.lives.map((life, index) => ({ type: 'life', id: `history/${index}`, index, life }));
    }
    if (n.type !== 'life') return [];
    return n.life.entries.map((e, i) => ({
      type: 'version',
      id: `history/${n.index}/${e.revision}`,
      key,
      row: this.shown?.rows.get(e.revision) ?? { entry: e, summary: '' },
      ...(i > 0 && n.life.entries[i - 1]?.type === 'put' ? { previous: n.life.entries[i - 1] } : {}),
    }));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The decoded document of `key` as it was at `revision`. */
export const versionUri = (key: Buffer, revision: string): vscode.Uri => etcdDocumentUri(key, { revision });
