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
import { API_DOCUMENT_SCHEME, ETCD_DOCUMENT_SCHEME, SettingId, ViewId } from './ids';

/** Composition root: build one context, register views and commands, return. */
/** What activate() returns: timing, and the Cluster tree for the extension-host tests to read. */
export interface KubeLabApi {
  readonly activatedAt: number;
  readonly cluster: ClusterTree;
  readonly etcd: EtcdTree;
  readonly lesson: LessonRunner;
}

export function activate(extension: vscode.ExtensionContext): KubeLabApi {
  const started = performance.now();
  const ctx = new Ctx(extension);
  extension.subscriptions.push(ctx);

  const clusterSession = new ClusterSession(ctx);
  const cluster = ctx.own(new ClusterTree(ctx, clusterSession));
  cluster.attach(ctx.own(vscode.window.createTreeView(ViewId.cluster, { treeDataProvider: cluster, showCollapseAll: true })));
  ctx.own(vscode.workspace.registerTextDocumentContentProvider(API_DOCUMENT_SCHEME, ctx.own(new ApiDocuments(ctx, clusterSession))));
  ctx.own(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SettingId.section}.${SettingId.kubeconfig}`)) cluster.refresh();
    }),
  );

  const etcdSession = ctx.own(new EtcdSession(ctx));
  const etcd = ctx.own(new EtcdTree(ctx, etcdSession));
  etcd.attach(ctx.own(vscode.window.createTreeView(ViewId.etcd, { treeDataProvider: etcd, showCollapseAll: true })));
  const etcdDocuments = new EtcdDocuments(etcdSession);
  ctx.own(vscode.workspace.registerTextDocumentContentProvider(ETCD_DOCUMENT_SCHEME, etcdDocuments));
  ctx.own(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SettingId.section}.etcd`)) etcd.refresh();
    }),
  );

  const lesson = ctx.own(new LessonRunner(ctx, etcdSession));

  registerCommands({ ctx, cluster, clusterSession, etcd, etcdSession, etcdDocuments, lesson });

  const activatedAt = performance.now() - started;
  ctx.log.info(`KubeLab activated in ${activatedAt.toFixed(1)} ms`);
  return { activatedAt, cluster, etcd, lesson };
}

export function deactivate(): void {
  // Everything is owned by Ctx, which the extension's subscriptions dispose.
}
