import * as vscode from 'vscode';

/**
 * A view with no items yet, so VS Code shows the view's welcome content
 * (package.json `viewsWelcome`): the buttons that tell a new user how to
 * connect. The cluster and etcd trees replace this provider when they land.
 */
export class EmptyTree implements vscode.TreeDataProvider<never> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }

  getChildren(): never[] {
    return [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
