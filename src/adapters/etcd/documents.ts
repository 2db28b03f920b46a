/**
 * Read-only documents of etcd values: a header with the key's metadata, then
 * the value as text or a hex dump. URI: kubelab-etcd:/<key as text>?<key hex>
 */
import * as vscode from 'vscode';
import { displayKey } from '../../core/etcd/keys';
import { hexDump, isPrintableText } from '../../core/etcd/value';
import { ETCD_DOCUMENT_SCHEME } from '../../ids';
import { describeFailure } from '../failures';
import type { EtcdSession } from './session';

export function etcdDocumentUri(key: Buffer): vscode.Uri {
  const shown = displayKey(key).replace(/^\/*/, '/');
  return vscode.Uri.from({ scheme: ETCD_DOCUMENT_SCHEME, path: shown, query: key.toString('hex') });
}

export class EtcdDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly session: EtcdSession) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = Buffer.from(uri.query, 'hex');
    const r = await this.session.open();
    if (!r?.ok) return `# ${vscode.l10n.t('Not connected to etcd')}\n`;
    const v = await r.value.get(key);
    if (!v.ok) return `# ${vscode.l10n.t('Reading {0} failed', displayKey(key))}\n# ${describeFailure(v.error)}\n`;
    if (!v.value) return `# ${vscode.l10n.t('{0} does not exist (any more)', displayKey(key))}\n`;
    const text = isPrintableText(v.value.value);
    return [
      `# key: ${displayKey(key)}`,
      `# create_revision: ${v.value.createRevision}  mod_revision: ${v.value.modRevision}  version: ${v.value.version}  lease: ${v.value.lease === '0' ? '-' : v.value.lease}`,
      `# ${v.value.value.length} bytes, shown as ${text ? 'text' : 'hex'}`,
      '',
      text ? v.value.value.toString('utf8') : hexDump(v.value.value),
      '',
    ].join('\n');
  }
}
