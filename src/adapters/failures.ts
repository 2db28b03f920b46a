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
  'kubeconfig.read': (f) => vscode.l10n.t('Cannot read the kubeconfig {0}. Check that the file exists and you may read it.', f.where ?? ''),
  'kubeconfig.empty': (f) => vscode.l10n.t('The kubeconfig {0} defines no context.', f.where ?? ''),
  'kube.unreachable': (f) => vscode.l10n.t('Cannot reach the API server ({0}): connection refused. Is the cluster running? Click to retry.', f.where ?? ''),
  'kube.timeout': (f) => vscode.l10n.t('The API server did not answer in time ({0}). Click to retry.', f.where ?? ''),
  'kube.http401': () => vscode.l10n.t('The API server rejected the credentials (401): they may have expired. Renew them in your kubeconfig, then retry.'),
  'kube.http403': (f) => vscode.l10n.t('Forbidden by RBAC (403): {0}', f.message),
  'etcd.unreachable': (f) => vscode.l10n.t('Cannot reach etcd at {0}. Is it running, and is the endpoint right? Click to retry.', f.where ?? ''),
  'etcd.tls': (f) => vscode.l10n.t('TLS with etcd at {0} failed: check the CA, client certificate and key settings.', f.where ?? ''),
};

export function describeFailure(f: Failure): string {
  return byCode[f.code]?.(f) ?? f.message;
}
