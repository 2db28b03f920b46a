import * as vscode from 'vscode';
import { redact } from '../core/redact';

/** KubeLab's output channel. Every line passes through `redact` first. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  show(): void;
}

/**
 * The channel is made on the first line written, not when the extension
 * activates (making a log channel opens its file: part of activation's cost).
 */
export function createLog(): Log & vscode.Disposable {
  let channel: vscode.LogOutputChannel | undefined;
  const out = () => (channel ??= vscode.window.createOutputChannel('KubeLab', { log: true }));
  const text = (m: string, e?: unknown) => redact(e === undefined ? m : `${m}: ${e instanceof Error ? e.message : String(e)}`);
  return {
    info: (m) => out().info(text(m)),
    warn: (m) => out().warn(text(m)),
    error: (m, e) => out().error(text(m, e)),
    show: () => out().show(true),
    dispose: () => channel?.dispose(),
  };
}
