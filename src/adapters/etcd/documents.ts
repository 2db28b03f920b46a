/**
 * Read-only documents of etcd values (core/etcd/valueDocument.ts): the header,
 * then the object as the API shows it, or the raw bytes; Secrets masked until
 * revealed. URI: kubelab-etcd:/<key as text>?k=<key hex>[&view=raw][&reveal=1]
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { classifyValue } from '../../core/etcd/envelope';
import { displayKey } from '../../core/etcd/keys';
import { isSecretKey, renderValueDocument, type Decoded, type DecodedText } from '../../core/etcd/valueDocument';
import type * as Decoder from '../../infra/k8sproto/index';
import { ETCD_DOCUMENT_SCHEME } from '../../ids';
import { describeFailure } from '../failures';
import type { EtcdSession } from './session';

export interface EtcdDocOptions {
  readonly view?: 'decoded' | 'raw';
  readonly reveal?: boolean;
  /** The key as it was at this revision (History), not as it is now. */
  readonly revision?: string;
}

export function etcdDocumentUri(key: Buffer, o: EtcdDocOptions = {}): vscode.Uri {
  const shown = displayKey(key).replace(/^\/*/, '/');
  const q = new URLSearchParams({ k: key.toString('hex') });
  if (o.view === 'raw') q.set('view', 'raw');
  if (o.reveal) q.set('reveal', '1');
  if (o.revision) q.set('rev', o.revision);
  return vscode.Uri.from({ scheme: ETCD_DOCUMENT_SCHEME, path: shown, query: q.toString() });
}

export function parseEtcdDocumentUri(uri: vscode.Uri): { key: Buffer; view: 'decoded' | 'raw'; reveal: boolean; revision?: string } {
  const q = new URLSearchParams(uri.query);
  const rev = q.get('rev');
  return {
    key: Buffer.from(q.get('k') ?? '', 'hex'),
    view: q.get('view') === 'raw' ? 'raw' : 'decoded',
    reveal: q.get('reveal') === '1',
    ...(rev && /^\d+$/.test(rev) ? { revision: rev } : {}),
  };
}

type DecoderModule = typeof Decoder;
let decoder: DecoderModule | undefined;

/**
 * The decoder and its descriptor are dist/k8sproto.js, a bundle of their own
 * (scripts/build.mjs), read on first use so that activation does not parse them.
 */
function k8sproto(): DecoderModule {
  decoder ??= createRequire(__filename)(join(__dirname, 'k8sproto.js')) as DecoderModule;
  return decoder;
}

/** Decodes a protobuf envelope's object for a document: keys in the order the JSON API writes them (a broken value's partial object put in that order too). */
export async function decodeStored(
  apiVersion: string,
  kind: string,
  raw: Buffer,
  secret: boolean,
): Promise<{ decoded: Decoded | DecodedText; schema: string }> {
  const { decodeRaw, decodeText, inApiOrder, releasesOf } = k8sproto();
  // A Secret is decoded as an object, which the document masks; anything else straight to its text.
  const d = secret ? decodeRaw(apiVersion, kind, raw) : decodeText(apiVersion, kind, raw, 2);
  const decoded: Decoded | DecodedText = !d.ok && d.partial ? { ...d, partial: inApiOrder(d.partial) } : d;
  return { decoded, schema: releasesOf(d.type) };
}

/** The API object a value holds (decoded protobuf or stored JSON), when it holds one; keys as decoded (for comparing, not showing). */
export function objectOf(bytes: Buffer | undefined): Record<string, unknown> | undefined {
  const v = bytes ? versionOf(bytes) : undefined;
  return v?.object ?? v?.partial;
}

/** A stored value as an API object, or why it is not one: a corrupt envelope, a protobuf that does not decode, encrypted. */
export function versionOf(bytes: Buffer): { object?: Record<string, unknown>; partial?: Record<string, unknown>; error?: string } {
  const stored = classifyValue(bytes);
  switch (stored.format) {
    case 'json':
      return typeof stored.value === 'object' && stored.value ? { object: stored.value as Record<string, unknown> } : {};
    case 'protobuf': {
      const d = k8sproto().decodeRaw(stored.apiVersion, stored.kind, stored.raw);
      return d.ok ? { object: d.object } : { error: d.reason, ...(d.partial ? { partial: d.partial } : {}) };
    }
    case 'corrupt':
      return { error: vscode.l10n.t('a Kubernetes protobuf envelope that breaks at byte {0}: {1}', stored.offset, stored.reason) };
    case 'encrypted':
      return { error: vscode.l10n.t('encrypted at rest by the {0} provider with key {1}', stored.provider, stored.keyName) };
    default:
      return {};
  }
}

export class EtcdDocuments implements vscode.TextDocumentContentProvider {
  /** The language each rendered document wants (JSON, or plain text for bytes). */
  readonly languages = new Map<string, 'jsonc' | 'plaintext'>();

  constructor(private readonly session: EtcdSession) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const { key, view, reveal, revision } = parseEtcdDocumentUri(uri);
    const r = await this.session.open();
    if (!r?.ok) return `// ${vscode.l10n.t('Not connected to etcd')}\n`;
    const v = revision ? await r.value.getAt(key, revision) : await r.value.get(key);
    if (!v.ok) return `// ${vscode.l10n.t('Reading {0} failed', displayKey(key))}\n// ${describeFailure(v.error)}\n`;
    if (!v.value) return `// ${vscode.l10n.t('{0} does not exist (any more)', displayKey(key))}\n`;
    const stored = classifyValue(v.value.value);
    const d = stored.format === 'protobuf' ? await decodeStored(stored.apiVersion, stored.kind, stored.raw, isSecretKey(displayKey(key))) : undefined;
    const doc = renderValueDocument(
      { key: displayKey(key), meta: v.value, bytes: v.value.value, stored, decoded: d?.decoded, view, reveal, schema: d?.schema ?? '' },
      vscode.l10n.t,
    );
    this.languages.set(uri.toString(), doc.language);
    return doc.text;
  }
}
