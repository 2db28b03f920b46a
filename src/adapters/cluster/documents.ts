/**
 * Read-only JSON documents of API objects, exactly as the API server returns
 * them (like `curl | jq`), kept current while open by a watch on that one
 * object. A Secret's data is masked until revealed (core/kube/secrets.ts, the
 * rule of etcd values too). URI: kubelab-api:/<context>/<REST path>.json[?reveal=1]
 */
import * as vscode from 'vscode';
import { ListWatch } from '../../infra/kube/listWatch';
import { expectOk } from '../../infra/kube/api';
import { isSecretPath, maskSecret, type JsonObject } from '../../core/kube/secrets';
import { API_DOCUMENT_SCHEME } from '../../ids';
import type { Ctx } from '../ctx';
import { describeFailure } from '../failures';
import type { ClusterSession } from './session';

export function apiDocumentUri(context: string, path: string, o: { reveal?: boolean } = {}): vscode.Uri {
  return vscode.Uri.from({ scheme: API_DOCUMENT_SCHEME, path: `/${encodeURIComponent(context)}${path}.json`, query: o.reveal ? 'reveal=1' : '' });
}

export function parseApiDocumentUri(uri: vscode.Uri): { context: string; path: string; reveal: boolean } {
  const m = /^\/([^/]+)(\/.*)\.json$/.exec(uri.path);
  return { context: decodeURIComponent(m?.[1] ?? ''), path: m?.[2] ?? uri.path, reveal: new URLSearchParams(uri.query).get('reveal') === '1' };
}

/** The document's text: the object, its Secret data masked unless revealed. */
function render(o: object, path: string, reveal: boolean): string {
  if (!isSecretPath(path) || reveal) return JSON.stringify(o, null, 2) + '\n';
  return `// ${vscode.l10n.t('Secret data is hidden: "Reveal Secret Data" in the title bar shows it.')}\n${JSON.stringify(maskSecret(o as JsonObject, vscode.l10n.t), null, 2)}\n`;
}

export class ApiDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly watches = new Map<string, ListWatch>();
  private readonly latest = new Map<string, string>();
  /** apiVersion/kind from the first GET: list and watch items may lack them. */
  private readonly typeMeta = new Map<string, { apiVersion?: string; kind?: string }>();

  constructor(
    private readonly ctx: Ctx,
    private readonly session: ClusterSession,
  ) {
    ctx.own(vscode.workspace.onDidCloseTextDocument((d) => this.closed(d.uri)));
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const key = uri.toString();
    const cached = this.latest.get(key);
    if (cached !== undefined && this.watches.has(key)) return cached;
    const { path, reveal } = parseApiDocumentUri(uri);
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const r = expectOk(await this.session.request(path, { signal: abort.signal }), `GET ${path}`);
    if (!r.ok) return `// ${vscode.l10n.t('GET {0} failed', path)}\n// ${describeFailure(r.error)}\n`;
    const text = render(r.value.body as object, path, reveal);
    const body = r.value.body as { apiVersion?: string; kind?: string };
    this.typeMeta.set(key, { apiVersion: body.apiVersion, kind: body.kind });
    this.latest.set(key, text);
    void this.follow(uri, path, reveal);
    return text;
  }

  /** Keeps the open document current: a watch on exactly this object. */
  private async follow(uri: vscode.Uri, path: string, reveal: boolean): Promise<void> {
    const key = uri.toString();
    if (this.watches.has(key)) return;
    const api = await this.session.api();
    if (!api.ok) return;
    const cut = path.lastIndexOf('/');
    const collection = path.slice(0, cut);
    const name = decodeURIComponent(path.slice(cut + 1));
    const watch = new ListWatch(
      api.value,
      `${collection}?fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}`,
      { pageSize: 1, timeoutMs: this.session.deadlines().requestMs, watchTimeoutSeconds: this.session.deadlines().watchSeconds },
      {
        onChange: (state) => {
          const o = state.items[0];
          const text = o
            ? render({ ...this.typeMeta.get(key), ...o }, path, reveal)
            : `// ${vscode.l10n.t('{0} no longer exists: GET answers 404 Not Found', path)}\n`;
          if (text !== this.latest.get(key)) {
            this.latest.set(key, text);
            this.changed.fire(uri);
          }
        },
      },
    );
    this.watches.set(key, watch);
    const r = await watch.start();
    if (!r.ok) {
      watch.dispose();
      this.watches.delete(key);
    }
  }

  private closed(uri: vscode.Uri): void {
    const key = uri.toString();
    // Setting a document's language closes and reopens it: keep following it then.
    setTimeout(() => {
      if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) this.forget(key);
    }, 1000);
  }

  private forget(key: string): void {
    this.watches.get(key)?.dispose();
    this.watches.delete(key);
    this.latest.delete(key);
    this.typeMeta.delete(key);
  }

  dispose(): void {
    for (const w of this.watches.values()) w.dispose();
    this.watches.clear();
    this.changed.dispose();
  }
}
