/**
 * Read-only documents of etcd values: a header with the key's metadata, then
 * the value as text or a hex dump. URI: kubelab-etcd:/<key as text>?<key hex>
 */
import * as vscode from 'vscode';
import { classifyValue, type StoredValue } from '../../core/etcd/envelope';
import { displayKey } from '../../core/etcd/keys';
import { hexDump } from '../../core/etcd/value';
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
    const stored = classifyValue(v.value.value);
    return [
      `# key: ${displayKey(key)}`,
      `# create_revision: ${v.value.createRevision}  mod_revision: ${v.value.modRevision}  version: ${v.value.version}  lease: ${v.value.lease === '0' ? '-' : v.value.lease}`,
      `# ${v.value.value.length} bytes, ${describeStored(stored)}`,
      '',
      stored.format === 'json' ? JSON.stringify(stored.value, null, 2) : stored.format === 'text' ? v.value.value.toString('utf8') : hexDump(v.value.value),
      '',
    ].join('\n');
  }
}

function describeStored(s: StoredValue): string {
  switch (s.format) {
    case 'protobuf':
      return vscode.l10n.t('stored as Kubernetes protobuf: apiVersion {0}, kind {1} (the object is {2} bytes; shown as hex)', s.apiVersion, s.kind, s.raw.length);
    case 'json':
      return vscode.l10n.t('stored as JSON');
    case 'encrypted':
      return vscode.l10n.t('encrypted at rest by the {0} provider with key {1}: KubeLab does not decrypt it (shown as hex)', s.provider, s.keyName);
    case 'corrupt':
      return vscode.l10n.t('a Kubernetes protobuf envelope that breaks at byte {0}: {1}{2} (shown as hex)', s.offset, s.reason, s.kind ? ` (kind ${s.kind})` : '');
    case 'text':
      return vscode.l10n.t('text');
    case 'binary':
      return vscode.l10n.t('bytes (shown as hex)');
  }
}
