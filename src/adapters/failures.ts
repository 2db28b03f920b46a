import * as vscode from 'vscode';
import type { Failure } from '../core/result';

/**
 * Core and infra describe failures in English with a stable code; this is
 * where a code becomes the user's language. Unknown codes fall back to the
 * English message, so a new failure is never silent.
 */
const byCode: Record<string, (f: Failure) => string> = {
  'etcd.endpoints.empty': () => vscode.l10n.t('No etcd endpoint given. Example: https://127.0.0.1:2379'),
  'etcd.endpoints.invalid': (f) => vscode.l10n.t('"{0}" is not a URL. Example: https://127.0.0.1:2379', f.where ?? ''),
  'etcd.endpoints.scheme': (f) => vscode.l10n.t('"{0}" must use https:// or http://', f.where ?? ''),
  'etcd.endpoints.port': (f) => vscode.l10n.t('"{0}" has no port. etcd\'s client port is usually 2379', f.where ?? ''),
};

export function describeFailure(f: Failure): string {
  return byCode[f.code]?.(f) ?? f.message;
}
