/**
 * Composition root. Activation registers everything KubeLab contributes (the
 * two views, the two document schemes, every command of ids.ts) and builds
 * nothing else: the object graph (adapters/app.ts, dist/app.js) is built when
 * a view first asks for its items, a command first runs or a document first
 * opens. So activation costs about what an empty extension's does.
 */
import * as vscode from 'vscode';
import type * as AppModule from './adapters/app';
import type { App } from './adapters/app';
import type { ClusterTree } from './adapters/cluster/tree';
import type { EtcdNode, EtcdTree } from './adapters/etcd/tree';
import type { EtcdSession } from './adapters/etcd/session';
import type { HistoryNode, HistoryTree } from './adapters/history/tree';
import type { RequestNode, RequestsTree } from './adapters/requests/tree';
import { openLessonInLab } from './adapters/labStart';
import { LazyDocuments, LazyTree } from './adapters/lazy';
import type { LessonRunner } from './adapters/lesson/runner';
import type { ClusterNode } from './core/kube/treeModel';
import { API_DOCUMENT_SCHEME, COMMANDS, CommandId, ETCD_DOCUMENT_SCHEME, REQUEST_DOCUMENT_SCHEME, ViewId } from './ids';

/** What activate() returns: timing, and the views for the extension-host tests to read. */
export interface KubeLabApi {
  readonly activatedAt: number;
  readonly cluster: ClusterTree;
  readonly clusterView: vscode.TreeView<ClusterNode>;
  readonly etcd: EtcdTree;
  readonly etcdSession: EtcdSession;
  readonly history: HistoryTree;
  readonly requests: RequestsTree;
  readonly lesson: LessonRunner;
  /** Where VS Code keeps KubeLab's log and storage (the tests look there for what must never be written). */
  readonly paths: { readonly log: string; readonly globalStorage: string; readonly storage?: string };
}

export function activate(extension: vscode.ExtensionContext): KubeLabApi {
  const started = performance.now();
  const own = <T extends vscode.Disposable>(d: T): T => (extension.subscriptions.push(d), d);

  let app: App | undefined;
  const clusterTree = own(new LazyTree<ClusterNode>(() => load().cluster));
  const etcdTree = own(new LazyTree<EtcdNode>(() => load().etcd));
  const historyTree = own(new LazyTree<HistoryNode>(() => load().history));
  const requestsTree = own(new LazyTree<RequestNode>(() => load().requests));
  const apiDocuments = own(new LazyDocuments(() => load().apiDocuments));
  const etcdDocuments = own(new LazyDocuments(() => load().etcdDocuments));
  const requestDocuments = own(new LazyDocuments(() => load().requestDocuments));
  const views = {
    cluster: own(vscode.window.createTreeView(ViewId.cluster, { treeDataProvider: clusterTree, showCollapseAll: true })),
    etcd: own(vscode.window.createTreeView(ViewId.etcd, { treeDataProvider: etcdTree, showCollapseAll: true })),
    history: own(vscode.window.createTreeView(ViewId.history, { treeDataProvider: historyTree, showCollapseAll: true })),
    requests: own(vscode.window.createTreeView(ViewId.requests, { treeDataProvider: requestsTree })),
  };
  function load(): App {
    if (app) return app;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- built on first use: see the top of this file
    const built = (require('./adapters/app') as typeof AppModule).start(extension, views);
    app = built;
    for (const d of [
      clusterTree.connect(built.cluster),
      etcdTree.connect(built.etcd),
      historyTree.connect(built.history),
      requestsTree.connect(built.requests),
      apiDocuments.connect(built.apiDocuments),
      etcdDocuments.connect(built.etcdDocuments),
    ])
      if (d) own(d);
    built.ctx.log.info(`KubeLab activated in ${activatedAt.toFixed(1)} ms; its parts were built on first use`);
    return built;
  }
  own(vscode.workspace.registerTextDocumentContentProvider(API_DOCUMENT_SCHEME, apiDocuments));
  own(vscode.workspace.registerTextDocumentContentProvider(ETCD_DOCUMENT_SCHEME, etcdDocuments));
  own(vscode.workspace.registerTextDocumentContentProvider(REQUEST_DOCUMENT_SCHEME, requestDocuments));
  for (const name of COMMANDS) own(vscode.commands.registerCommand(CommandId[name], (...args: unknown[]) => load().handlers[name](...args)));

  const activatedAt = performance.now() - started;
  // In the lab's own workspace, land on the lesson (after activation: it is not part of it).
  setTimeout(() => void openLessonInLab(extension).catch(() => undefined), 0);
  return {
    activatedAt,
    clusterView: views.cluster,
    get cluster() {
      return load().cluster;
    },
    get etcd() {
      return load().etcd;
    },
    get etcdSession() {
      return load().etcdSession;
    },
    get history() {
      return load().history;
    },
    get requests() {
      return load().requests;
    },
    paths: { log: extension.logUri.fsPath, globalStorage: extension.globalStorageUri.fsPath, storage: extension.storageUri?.fsPath },
    get lesson() {
      return load().lesson;
    },
  };
}

export function deactivate(): void {
  // Everything is in the extension's subscriptions, which VS Code disposes.
}
