import * as vscode from 'vscode';
import { registerCommands } from './adapters/commands';
import { Ctx } from './adapters/ctx';
import { EmptyTree } from './adapters/emptyTree';
import { ViewId } from './ids';

/** Composition root: build one context, register views and commands, return. */
export function activate(extension: vscode.ExtensionContext): { readonly activatedAt: number } {
  const started = performance.now();
  const ctx = new Ctx(extension);
  extension.subscriptions.push(ctx);

  const cluster = ctx.own(new EmptyTree());
  const etcd = ctx.own(new EmptyTree());
  ctx.own(vscode.window.createTreeView(ViewId.cluster, { treeDataProvider: cluster, showCollapseAll: true }));
  ctx.own(vscode.window.createTreeView(ViewId.etcd, { treeDataProvider: etcd, showCollapseAll: true }));

  registerCommands(ctx, { refreshCluster: () => cluster.refresh(), refreshEtcd: () => etcd.refresh() });

  const activatedAt = performance.now() - started;
  ctx.log.info(`KubeLab activated in ${activatedAt.toFixed(1)} ms`);
  return { activatedAt };
}

export function deactivate(): void {
  // Everything is owned by Ctx, which the extension's subscriptions dispose.
}
