import * as vscode from 'vscode';
import { ApiDocuments } from './adapters/cluster/documents';
import { ClusterSession } from './adapters/cluster/session';
import { ClusterTree } from './adapters/cluster/tree';
import { registerCommands } from './adapters/commands';
import { Ctx } from './adapters/ctx';
import { EtcdDocuments } from './adapters/etcd/documents';
import { EtcdSession } from './adapters/etcd/session';
import { EtcdTree } from './adapters/etcd/tree';
import { LessonRunner } from './adapters/lesson/runner';
import { API_DOCUMENT_SCHEME, ETCD_DOCUMENT_SCHEME, ViewId } from './ids';
import { affects } from './adapters/config';
import type { ClusterNode } from './core/kube/treeModel';

/** What activate() returns: timing, and the views for the extension-host tests to read. */
export interface KubeLabApi {
  readonly activatedAt: number;
  readonly cluster: ClusterTree;
  readonly clusterView: vscode.TreeView<ClusterNode>;
  readonly etcd: EtcdTree;
  readonly lesson: LessonRunner;
}

/** Composition root: build one context, register views and commands, return. */
export function activate(extension: vscode.ExtensionContext): KubeLabApi {
  const started = performance.now();
  const ctx = new Ctx(extension);
  extension.subscriptions.push(ctx);

  const clusterSession = new ClusterSession(ctx);
  const cluster = ctx.own(new ClusterTree(ctx, clusterSession));
  const clusterView = ctx.own(vscode.window.createTreeView(ViewId.cluster, { treeDataProvider: cluster, showCollapseAll: true }));
  cluster.attach(clusterView);
  ctx.own(vscode.workspace.registerTextDocumentContentProvider(API_DOCUMENT_SCHEME, ctx.own(new ApiDocuments(ctx, clusterSession))));
  ctx.own(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, 'cluster')) cluster.refresh();
    }),
  );

  const etcdSession = ctx.own(new EtcdSession(ctx));
  const etcd = ctx.own(new EtcdTree(ctx, etcdSession));
  etcd.attach(ctx.own(vscode.window.createTreeView(ViewId.etcd, { treeDataProvider: etcd, showCollapseAll: true })));
  const etcdDocuments = new EtcdDocuments(etcdSession);
  ctx.own(vscode.workspace.registerTextDocumentContentProvider(ETCD_DOCUMENT_SCHEME, etcdDocuments));
  ctx.own(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, 'etcd')) etcd.refresh();
    }),
  );

  const lesson = ctx.own(new LessonRunner(ctx));

  registerCommands({ ctx, cluster, clusterSession, etcd, etcdSession, etcdDocuments, lesson });

  const activatedAt = performance.now() - started;
  // Logged just after activation, so that opening the log is not part of it.
  setTimeout(() => ctx.log.info(`KubeLab activated in ${activatedAt.toFixed(1)} ms`), 0);
  return { activatedAt, cluster, clusterView, etcd, lesson };
}

export function deactivate(): void {
  // Everything is owned by Ctx, which the extension's subscriptions dispose.
}
