import * as vscode from 'vscode';
import { SettingId } from '../ids';
import { createLog, type Log } from './log';

/**
 * The one context `activate` builds. It owns every disposable KubeLab creates
 * (pushed onto the extension's subscriptions) and gives commands and views the
 * log and settings.
 */
export class Ctx implements vscode.Disposable {
  readonly log: Log;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    const log = createLog();
    this.log = log;
    this.own(log);
  }

  own<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  settings(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SettingId.section);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch {
        // Disposing must never throw out of deactivate.
      }
    }
  }
}
