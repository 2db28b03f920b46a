/**
 * KubeLab's object graph: the sessions, views' providers, documents, the
 * lesson runner and the command handlers, built by `start` when KubeLab is
 * first used (a view asks for its items, a command runs, a document opens).
 * extension.ts registers everything with VS Code at activation and loads this
 * module (dist/app.js, a bundle of its own) on that first use, so that
 * activation parses almost nothing.
 */
import * as vscode from 'vscode';
import type { ClusterNode } from '../core/kube/treeModel';
import { ApiDocuments } from './cluster/documents';
import { ClusterSession } from './cluster/session';
import { ClusterTree } from './cluster/tree';
import { ContextKey, ETCD_DOCUMENT_SCHEME, LESSON_WRITE_SCHEME } from '../ids';
import { findEncryptionConfig } from '../infra/etcd/encryptionConfig';
import { createHandlers, type Handlers } from './commands';
import { affects } from './config';
import { Ctx } from './ctx';
import { EtcdDocuments } from './etcd/documents';
import { PrefixWatches } from './etcd/prefixWatches';
import { EtcdSession } from './etcd/session';
import { EtcdTree, type EtcdNode } from './etcd/tree';
import { HistoryTree, type HistoryNode } from './history/tree';
import { whoAmI } from './requests/whoAmI';
import { RequestDocuments, RequestsTree, type RequestNode } from './requests/tree';
import { renderRequest } from '../core/audit/requests';
import { LessonChecks } from './lesson/checks';
import { LessonConditions } from './lesson/conditions';
import { LessonRunner } from './lesson/runner';
import { LessonWrites } from './lesson/writes';
import type { Services } from './services';

export interface Views {
  readonly cluster: vscode.TreeView<ClusterNode>;
  readonly etcd: vscode.TreeView<EtcdNode>;
  readonly history: vscode.TreeView<HistoryNode>;
  readonly requests: vscode.TreeView<RequestNode>;
}

export interface App extends Services {
  readonly handlers: Handlers;
  readonly requestDocuments: RequestDocuments;
}

export function start(extension: vscode.ExtensionContext, views: Views): App {
  const ctx = new Ctx(extension);
  extension.subscriptions.push(ctx);

  const clusterSession = new ClusterSession(ctx);
  const cluster = ctx.own(new ClusterTree(ctx, clusterSession));
  cluster.attach(views.cluster);
  const apiDocuments = ctx.own(new ApiDocuments(ctx, clusterSession));

  const etcdSession = ctx.own(new EtcdSession(ctx, clusterSession));
  const etcd = ctx.own(new EtcdTree(ctx, etcdSession));
  etcd.attach(views.etcd);
  const etcdDocuments = ctx.own(
    new EtcdDocuments(etcdSession, () => {
      const c = ctx.config();
      return findEncryptionConfig(c.encryptionConfig, c.lab?.encryptionConfig);
    }),
  );
  // Decrypt is in the title bar of an encrypted value's document, and of no other.
  const encryptedContext = () => {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    void vscode.commands.executeCommand('setContext', ContextKey.etcdEncrypted, uri !== undefined && etcdDocuments.encrypted.has(uri));
  };
  ctx.own(vscode.window.onDidChangeActiveTextEditor(encryptedContext));
  ctx.own(etcdDocuments.onDidRender(encryptedContext));
  // Every etcd document in the language it was rendered for (JSON, or text), however it was opened: a
  // History row, a diff of two versions, a link.
  ctx.own(
    vscode.workspace.onDidOpenTextDocument((doc) => {
      const language = doc.uri.scheme === ETCD_DOCUMENT_SCHEME ? etcdDocuments.languages.get(doc.uri.toString()) : undefined;
      if (language && doc.languageId !== language) void vscode.languages.setTextDocumentLanguage(doc, language).then(undefined, () => undefined);
    }),
  );
  const prefixWatches = ctx.own(new PrefixWatches(ctx.log));
  const history = ctx.own(new HistoryTree(etcdSession, (key, bytes) => etcdDocuments.plaintextOf(key, bytes)));
  history.attach(views.history);
  const requests = ctx.own(new RequestsTree(ctx, () => whoAmI(clusterSession, ctx.config().requestMs)));
  requests.attach(views.requests);
  const requestDocuments = new RequestDocuments((id) => {
    const r = requests.log.byId(id);
    return r ? renderRequest(r, vscode.l10n.t, requests.you) : undefined;
  });

  ctx.own(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, 'cluster')) cluster.refresh();
      // Through the cluster, etcd comes from the kubeconfig too.
      if (affects(e, 'etcd') || (affects(e, 'cluster') && etcdSession.throughCluster())) etcd.refresh();
      if (affects(e, 'requests')) requests.follow();
    }),
  );
  const writes = new LessonWrites();
  ctx.own(vscode.workspace.registerTextDocumentContentProvider(LESSON_WRITE_SCHEME, writes));
  const lesson = ctx.own(new LessonRunner(ctx, writes, new LessonConditions(ctx, clusterSession, etcdSession)));
  const checks = ctx.own(new LessonChecks(ctx, lesson));

  const services: Services = { ctx, cluster, clusterSession, apiDocuments, etcd, etcdSession, etcdDocuments, prefixWatches, history, requests, lesson, checks };
  return { ...services, requestDocuments, handlers: createHandlers(services) };
}
