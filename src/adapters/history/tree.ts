/**
 * The History view: every revision of one etcd key that etcd still holds
 * (infra/etcd/client.ts `history`, one watch), grouped by the key's lives,
 * each row with its revision, PUT or DELETE, version, size, who wrote it
 * (managedFields) and what it changed. A row opens that version, decoded;
 * Compare with Previous / with Current open VS Code's diff of two versions.
 */
import * as vscode from 'vscode';
import { generationsOf, type Generation, type HistoryEntry, type KeyHistory } from '../../core/etcd/history';
import { displayKey } from '../../core/etcd/keys';
import { CommandId } from '../../ids';
import { describeFailure } from '../failures';
import { etcdDocumentUri } from '../etcd/documents';
import type { EtcdSession } from '../etcd/session';
import { HistoryRows, type HistoryRow } from './rows';

export type { HistoryRow } from './rows';

/** What a history keeps of values in memory; a version beyond it is read again at its revision when opened. */
const VALUE_BUDGET = 32 << 20;
/** Rows a life shows at once: the latest; Show Earlier adds a page. */
export const HISTORY_PAGE = 200;
/** Where kube-apiserver's compactor records its runs (k8s.io/apiserver storage/etcd3/compact.go). */
const COMPACTOR_KEY = 'compact_rev_key';

export type HistoryNode =
  | { readonly type: 'life'; readonly id: string; readonly index: number; readonly life: Generation }
  | { readonly type: 'version'; readonly id: string; readonly key: Buffer; readonly row: HistoryRow; readonly previous?: HistoryEntry }
  | { readonly type: 'earlier'; readonly id: string; readonly life: number; readonly hidden: number }
  | { readonly type: 'message'; readonly id: string; readonly text: string; readonly tooltip?: string };

interface Shown {
  readonly history: KeyHistory;
  readonly lives: Generation[];
  readonly rows: HistoryRows;
  /** Where each life starts in history.entries. */
  readonly starts: number[];
  /** Rows shown per life (the latest ones). */
  readonly pages: Map<number, number>;
  readonly message: string;
  readonly boundary: HistoryNode;
}

export class HistoryTree implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<HistoryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private shown: Shown | undefined;
  private view?: vscode.TreeView<HistoryNode>;

  constructor(
    private readonly session: EtcdSession,
    private readonly plaintextOf: (key: Buffer, bytes: Buffer) => Buffer = (_k, b) => b,
  ) {}

  attach(view: vscode.TreeView<HistoryNode>): void {
    this.view = view;
  }

  /** Reads `key`'s history and shows it; a failure comes back as the message shown. */
  async show(key: Buffer): Promise<KeyHistory | string> {
    const r = await this.session.open();
    if (!r?.ok) return r ? describeFailure(r.error) : vscode.l10n.t('Not connected to etcd');
    const h = await r.value.history(key, VALUE_BUDGET);
    if (!h.ok) return describeFailure(h.error);
    const lives = generationsOf(h.value.entries);
    const starts: number[] = [];
    for (let at = 0, i = 0; i < lives.length; at += lives[i]?.entries.length ?? 0, i++) starts.push(at);
    // The API server's compactor keeps its count and its last target in etcd (compact_rev_key: version, value).
    const c = await r.value.get(Buffer.from(COMPACTOR_KEY));
    const compactor = c.ok && c.value ? { runs: c.value.version, to: c.value.value.toString() } : undefined;
    const message = boundaryMessage(h.value, compactor);
    const boundary = boundaryNode(h.value, compactor);
    this.shown = {
      history: h.value,
      lives,
      rows: new HistoryRows(h.value, (b) => this.plaintextOf(h.value.key, b)),
      starts,
      pages: new Map(),
      message,
      boundary,
    };
    if (this.view) {
      this.view.description = displayKey(key);
      this.view.message = message;
    }
    this.changed.fire(undefined);
    return h.value;
  }

  /** The view's message (how much history is held, where compaction cut it), for tests. */
  message(): string | undefined {
    return this.shown ? this.shown.message : undefined;
  }

  /** Every row of the history shown, for tests: revision, PUT/DELETE, writer, summary. */
  rows(): HistoryRow[] {
    return this.shown ? this.shown.rows.all() : [];
  }

  /** Shows a page more of a life's earlier versions. */
  showEarlier(n: HistoryNode): void {
    if (n.type !== 'earlier' || !this.shown) return;
    this.shown.pages.set(n.life, (this.shown.pages.get(n.life) ?? HISTORY_PAGE) + HISTORY_PAGE);
    this.changed.fire(undefined);
  }

  getTreeItem(n: HistoryNode): vscode.TreeItem {
    if (n.type === 'message') {
      const item = new vscode.TreeItem(n.text);
      if (n.tooltip) {
        item.tooltip = n.tooltip;
        item.iconPath = new vscode.ThemeIcon('info');
      }
      return item;
    }
    if (n.type === 'earlier') {
      const item = new vscode.TreeItem(vscode.l10n.t('Show {0} earlier versions ({1} not shown)…', Math.min(HISTORY_PAGE, n.hidden), n.hidden));
      item.id = n.id;
      item.command = { command: CommandId.historyShowEarlier, title: vscode.l10n.t('Show earlier versions'), arguments: [n] };
      return item;
    }
    if (n.type === 'life') return lifeItem(n, n.index === (this.shown?.lives.length ?? 0) - 1);
    const { entry: e, manager, summary } = n.row;
    const item = new vscode.TreeItem(`rev ${e.revision}`);
    item.id = n.id;
    item.description = [e.type === 'put' ? `PUT v${e.version}` : 'DELETE', manager, summary].filter(Boolean).join(' · ');
    item.tooltip = rowTooltip(n.row);
    item.contextValue = e.type === 'put' ? (n.previous ? 'historyVersion+previous' : 'historyVersion') : 'historyDelete';
    item.iconPath = new vscode.ThemeIcon(e.type === 'delete' ? 'trash' : n.row.error ? 'warning' : 'git-commit');
    if (e.type === 'put') item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [versionUri(n.key, e.revision)] };
    return item;
  }

  getChildren(n?: HistoryNode): HistoryNode[] {
    const shown = this.shown;
    if (!shown) return [];
    const key = shown.history.key;
    if (!n) {
      if (shown.lives.length === 0) return [{ type: 'message', id: 'history/!', text: vscode.l10n.t('etcd holds no revision of {0}', displayKey(key)) }];
      return [shown.boundary, ...shown.lives.map((life, index): HistoryNode => ({ type: 'life', id: `history/${index}`, index, life }))];
    }
    if (n.type !== 'life') return [];
    const entries = n.life.entries;
    const first = Math.max(0, entries.length - (shown.pages.get(n.index) ?? HISTORY_PAGE));
    const start = shown.starts[n.index] ?? 0;
    const versions: HistoryNode[] = entries.slice(first).map((e, k) => {
      const i = first + k;
      const before = entries[i - 1];
      return {
        type: 'version',
        id: `history/${n.index}/${e.revision}`,
        key,
        row: shown.rows.row(start + i),
        ...(before?.type === 'put' ? { previous: before } : {}),
      };
    });
    return first > 0 ? [{ type: 'earlier', id: `history/${n.index}/earlier`, life: n.index, hidden: first }, ...versions] : versions;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function lifeItem(n: Extract<HistoryNode, { type: 'life' }>, last: boolean): vscode.TreeItem {
  const first = n.life.entries[0];
  const item = new vscode.TreeItem(
    vscode.l10n.t('Life {0}', n.index + 1),
    last ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.id = `${n.id}@${n.life.createRevision}`;
  const created = n.life.createRevision === '?' ? (first?.revision ?? '?') : n.life.createRevision;
  item.description = n.life.deletedAt
    ? vscode.l10n.t('created at {0}, deleted at {1} · {2} revisions', created, n.life.deletedAt, n.life.entries.length)
    : vscode.l10n.t('created at {0} · {1} revisions', created, n.life.entries.length);
  item.tooltip = vscode.l10n.t(
    'A life of the key: from the revision that created it (its create_revision) to the one that deleted it. A key created again starts a new life, with a new create_revision (and, for an API object, a new uid).',
  );
  return item;
}

function rowTooltip(row: HistoryRow): vscode.MarkdownString {
  const e = row.entry;
  const md = new vscode.MarkdownString();
  md.appendMarkdown(
    `**${e.type === 'put' ? 'PUT' : 'DELETE'}** · mod_revision ${e.revision} · create_revision ${e.createRevision} · version ${e.version} · ${e.size} B\n\n`,
  );
  if (row.manager) md.appendMarkdown(`${vscode.l10n.t('written by {0} at {1}', row.manager, row.time ?? '?')}\n\n`);
  md.appendText(`${row.summary}\n\n`);
  md.appendMarkdown(
    vscode.l10n.t(
      "mod_revision: the store's revision of this write, which the API server reports as the object's resourceVersion. create_revision: the revision that created this life of the key. version: the key's writes since then (1 = the create; a delete resets it to 0).",
    ),
  );
  return md;
}

/** The view's message: how much history etcd still holds, and where compaction cut it (one line: the sidebar is narrow). */
export function boundaryMessage(h: KeyHistory, compactor?: { runs: string; to: string }): string {
  const held = vscode.l10n.t('{0} revisions held; the store is at revision {1}.', h.entries.length, h.revision);
  const cut = h.compactedBefore ? vscode.l10n.t('Revisions before {0} were compacted.', h.compactedBefore) : vscode.l10n.t('Nothing compacted yet.');
  return compactor ? `${held} ${cut} ${vscode.l10n.t('API server compactions: {0}.', compactor.runs)}` : `${held} ${cut}`;
}

/** The first row: what compaction is, and what etcd still holds (the view's message is one line). */
function boundaryNode(h: KeyHistory, compactor?: { runs: string; to: string }): HistoryNode {
  const text = h.compactedBefore ? vscode.l10n.t('Revisions before {0}: compacted', h.compactedBefore) : vscode.l10n.t('Every revision since the store began');
  const tooltip = [
    vscode.l10n.t(
      'etcd keeps every revision of every key until it is compacted; the API server compacts every 5 minutes by default (--etcd-compaction-interval), to the revision it saw one interval before.',
    ),
    h.compactedBefore ? vscode.l10n.t('Revisions before {0} were compacted: etcd no longer holds them.', h.compactedBefore) : '',
    compactor
      ? vscode.l10n.t(
          'The API server has compacted {0} times, last to revision {1} (it keeps the count in the etcd key compact_rev_key).',
          compactor.runs,
          compactor.to,
        )
      : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return { type: 'message', id: 'history/boundary', text, tooltip };
}

/** The decoded document of `key` as it was at `revision`. */
/** A version's document; decrypted when encrypted at rest (a value in clear is shown as it is). */
export const versionUri = (key: Buffer, revision: string): vscode.Uri => etcdDocumentUri(key, { revision, decrypt: true });
