import * as vscode from 'vscode';
import { redact } from '../core/redact';

/** KubeLab's output channel. Every line passes through `redact` first. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  show(): void;
}

export function createLog(): Log & vscode.Disposable {
  const channel = vscode.window.createOutputChannel('KubeLab', { log: true });
  const text = (m: string, e?: unknown) =>
    redact(e === undefined ? m : `${m}: ${e instanceof Error ? e.message : String(e)}`);
  return {
    info: (m) => channel.info(text(m)),
    warn: (m) => channel.warn(text(m)),
    error: (m, e) => channel.error(text(m, e)),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}
