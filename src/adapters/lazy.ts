/**
 * What extension.ts registers at activation for parts that are built on first
 * use (adapters/app.ts): a tree provider and a document provider that ask for
 * the real one when VS Code first calls them, and pass its change events on.
 * Only `vscode` is imported here, so activation stays small.
 */
import * as vscode from 'vscode';

export class LazyTree<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly relay = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.relay.event;

  constructor(private readonly real: () => vscode.TreeDataProvider<T>) {}

  /** Passes the real provider's changes on (called once it is built). */
  connect(p: vscode.TreeDataProvider<T>): vscode.Disposable | undefined {
    return p.onDidChangeTreeData?.((e) => this.relay.fire(e));
  }

  getTreeItem(e: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.real().getTreeItem(e);
  }

  getChildren(e?: T): vscode.ProviderResult<T[]> {
    return this.real().getChildren(e);
  }

  getParent(e: T): vscode.ProviderResult<T> {
    return this.real().getParent?.(e);
  }

  resolveTreeItem(item: vscode.TreeItem, e: T, token: vscode.CancellationToken): vscode.ProviderResult<vscode.TreeItem> {
    const real = this.real();
    return real.resolveTreeItem ? real.resolveTreeItem(item, e, token) : item;
  }

  dispose(): void {
    this.relay.dispose();
  }
}

export class LazyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly relay = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.relay.event;

  constructor(private readonly real: () => vscode.TextDocumentContentProvider) {}

  connect(p: vscode.TextDocumentContentProvider): vscode.Disposable | undefined {
    return p.onDidChange?.((u) => this.relay.fire(u));
  }

  provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): vscode.ProviderResult<string> {
    return this.real().provideTextDocumentContent(uri, token);
  }

  dispose(): void {
    this.relay.dispose();
  }
}
