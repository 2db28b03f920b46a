import type * as vscode from 'vscode';
import { readConfig, type Config } from './config';
import { createLog, type Log } from './log';

/**
 * The one context `activate` builds. It owns every disposable KubeLab creates
 * (pushed onto the extension's subscriptions) and gives commands and views the
 * log and the typed configuration.
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

  /** The settings as they are now (adapters/config.ts reads them). */
  config(): Config {
    return readConfig();
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
