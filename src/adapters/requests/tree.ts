/**
 * The Requests view: the requests the API server took, from its audit log
 * (core/audit), newest first, as the log grows (infra/audit/follow.ts): who
 * made each (named as the components are known), verb, path, status code,
 * latency. Writes only by default; filters by user, resource, path text, one
 * object. Updates are batched: a busy API server writes thousands of lines a
 * second.
 */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { agentOf, methodOf, parseAuditLine, type AuditRequest } from '../../core/audit/event';
import { DEFAULT_FILTER, describeWho, RequestLog, type RequestFilter } from '../../core/audit/requests';
import { auditLogOf } from '../../core/etcd/manifest';
import { kubeadmApiServerFlags } from '../../infra/etcd/kubeadm';
import { LogFollower } from '../../infra/audit/follow';
import { CommandId, REQUEST_DOCUMENT_SCHEME } from '../../ids';
import type { Ctx } from '../ctx';

/** Rows the view shows at once (the newest that match); the log keeps more. */
const SHOWN = 500;
/** How often the log is read, and how long new lines wait to be drawn together. */
const POLL_MS = 200;
const BATCH_MS = 100;
/** Where kubeadm clusters usually keep the audit log (the Kubernetes documentation's example path). */
export const KUBEADM_AUDIT_LOG = '/var/log/kubernetes/audit/audit.log';

/** The audit log a kubeadm node's API server writes (its manifest's --audit-log-path), when the manifest is there and readable. */
function kubeadmAuditLog(): string | undefined {
  return auditLogOf(kubeadmApiServerFlags());
}

export type RequestNode =
  { readonly type: 'request'; readonly id: string; readonly request: AuditRequest } | { readonly type: 'message'; readonly id: string; readonly text: string };

export const requestUri = (r: AuditRequest): vscode.Uri =>
  vscode.Uri.from({
    scheme: REQUEST_DOCUMENT_SCHEME,
    path: `/${methodOf(r.verb)} ${r.uri.split('?')[0] ?? ''}`,
    query: new URLSearchParams({ id: r.auditID }).toString(),
  });

export class RequestsTree implements vscode.TreeDataProvider<RequestNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RequestNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly log: RequestLog;
  private follower: LogFollower | undefined;
  private path: string | undefined;
  private filter: RequestFilter = DEFAULT_FILTER;
  private pending: NodeJS.Timeout | undefined;
  private drawn = '';
  private view?: vscode.TreeView<RequestNode>;
  /** The user the kubeconfig authenticates as (SelfSubjectReview), named "you". */
  you: string | undefined;

  constructor(
    private readonly ctx: Ctx,
    /** Who the kubeconfig's user is to the API server (a SelfSubjectReview), to name its requests "you". */
    private readonly whoAmI: () => Promise<string | undefined> = async () => undefined,
  ) {
    this.log = new RequestLog(ctx.config().requests.keep);
  }

  attach(view: vscode.TreeView<RequestNode>): void {
    this.view = view;
    this.describe();
  }

  /** Where the audit log is: the setting, else the lab's, else the one a kubeadm API server's manifest names, else the usual path when it exists. */
  source(): string | undefined {
    const c = this.ctx.config();
    return c.requests.auditLog || c.lab?.auditLog || kubeadmAuditLog() || (existsSync(KUBEADM_AUDIT_LOG) ? KUBEADM_AUDIT_LOG : undefined);
  }

  /** Starts following the log (again, when the setting changed). */
  follow(): void {
    const path = this.source();
    this.log.resize(this.ctx.config().requests.keep);
    if (path === this.path && this.follower) return;
    void this.follower?.stop();
    this.follower = undefined;
    this.path = path;
    this.log.clear();
    if (path) {
      void this.whoAmI().then(
        (you) => {
          this.you = you;
          this.soon();
        },
        () => undefined,
      );
      this.follower = new LogFollower(
        path,
        (lines) => {
          this.log.add(lines.map(parseAuditLine));
          this.soon();
        },
        (s) => {
          if (s.kind === 'failed') this.ctx.log.warn(`audit log ${s.path}: ${s.message}`);
          this.soon();
        },
        // What the log holds already, up to its last 32 MB: the requests made before VS Code opened.
        { from: 'start', tailBytes: 32 << 20, maxLineBytes: 16 << 20, pollMs: POLL_MS },
      );
      this.follower.start();
    }
    this.soon();
  }

  /** Reads what the log has now, without waiting for the next poll (tests, and after a request KubeLab made). */
  async poll(): Promise<void> {
    await this.follower?.poll();
    this.flush();
  }

  setFilter(f: RequestFilter): void {
    this.filter = f;
    this.flush();
  }

  currentFilter(): RequestFilter {
    return this.filter;
  }

  /** The rows shown now, newest first (tests). */
  shown(): AuditRequest[] {
    return this.log.list(this.filter, SHOWN);
  }

  private soon(): void {
    this.pending ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  /** Redraws the view when what it shows changed: most lines of a busy log are not for the rows a filter shows, and a redraw under the pointer loses a click. */
  private flush(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    this.describe();
    const rows = this.shown();
    const drawn = `${rows.length}/${rows[0]?.auditID ?? ''}/${rows.at(-1)?.auditID ?? ''}/${this.you ?? ''}/${this.log.size > 0}`;
    if (drawn === this.drawn) return;
    this.drawn = drawn;
    this.changed.fire(undefined);
  }

  /** The view's message (the log's state, lines skipped), for tests. */
  message(): string | undefined {
    const skipped = this.log.skipped ? vscode.l10n.t('{0} lines were not audit events and were skipped.', this.log.skipped) : '';
    const s = this.follower?.current();
    const parts = [
      !this.path ? '' : s?.kind === 'waiting' ? vscode.l10n.t('Waiting for {0} to appear…', this.path) : '',
      s?.kind === 'failed' ? vscode.l10n.t('Cannot read {0}: {1}', s.path, s.message) : '',
      s?.kind === 'following' && s.rotations ? vscode.l10n.t('The log was rotated {0} times; KubeLab read each file to its end.', s.rotations) : '',
      skipped,
    ];
    return parts.filter(Boolean).join(' ') || undefined;
  }

  private describe(): void {
    if (!this.view) return;
    const f = this.filter;
    const parts = [
      f.writesOnly ? vscode.l10n.t('writes') : vscode.l10n.t('all requests'),
      f.user ? vscode.l10n.t('by {0}', f.user) : '',
      f.resource ?? '',
      f.object ? `${f.object.resource}/${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}` : '',
      f.text ? `“${f.text}”` : '',
    ].filter(Boolean);
    this.view.description = parts.join(' · ');
    this.view.message = this.message();
  }

  getTreeItem(n: RequestNode): vscode.TreeItem {
    if (n.type === 'message') return new vscode.TreeItem(n.text);
    const r = n.request;
    const item = new vscode.TreeItem(`${methodOf(r.verb)} ${r.uri.split('?')[0] ?? ''}`);
    item.id = n.id;
    const who = describeWho(r.user.username, vscode.l10n.t, this.you);
    item.description = [
      String(r.code ?? '?'),
      who,
      agentOf(r.userAgent) ?? '',
      r.verb,
      r.latencyMs !== undefined ? `${r.latencyMs.toFixed(0)} ms` : '',
      r.receivedAt.slice(11, 23),
    ]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = [
      `${methodOf(r.verb)} ${r.uri}`,
      `${who} (${r.user.username})`,
      r.resourceVersion ? `resourceVersion ${r.resourceVersion}` : '',
      r.receivedAt,
    ]
      .filter(Boolean)
      .join('\n');
    item.iconPath = new vscode.ThemeIcon((r.code ?? 0) >= 400 ? 'error' : r.verb === 'delete' ? 'trash' : r.verb === 'create' ? 'add' : 'arrow-right');
    item.contextValue = r.resourceVersion && r.objectRef?.name ? 'request+revision' : 'request';
    item.command = { command: CommandId.requestOpen, title: vscode.l10n.t('Open'), arguments: [n] };
    return item;
  }

  /** Every row is at the root (VS Code's reveal asks). */
  getParent(): undefined {
    return undefined;
  }

  /** Follows the log if nothing asked yet (a command used before the view was opened). */
  ensureFollowing(): void {
    if (!this.follower && this.path === undefined) this.follow();
  }

  /** Selects a request's row; it must be one the current filter shows. */
  async reveal(r: AuditRequest): Promise<void> {
    this.flush();
    await this.view?.reveal({ type: 'request', id: `requests/${r.auditID}`, request: r }, { select: true, focus: true });
  }

  getChildren(n?: RequestNode): RequestNode[] {
    if (n) return [];
    this.ensureFollowing();
    if (!this.path) return [];
    const rows = this.shown();
    if (rows.length === 0 && this.log.size > 0) return [{ type: 'message', id: 'requests/!', text: vscode.l10n.t('No request matches the filter') }];
    return rows.map((request) => ({ type: 'request', id: `requests/${request.auditID}`, request }));
  }

  dispose(): void {
    clearTimeout(this.pending);
    void this.follower?.stop();
    this.changed.dispose();
  }
}

export class RequestDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly render: (id: string) => string | undefined) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = new URLSearchParams(uri.query).get('id') ?? '';
    return this.render(id) ?? `// ${vscode.l10n.t('This request is no longer kept (KubeLab keeps the last ones only: kubelab.requests.keep).')}\n`;
  }
}
