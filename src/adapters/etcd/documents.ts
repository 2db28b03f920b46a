/**
 * Read-only documents of etcd values (core/etcd/valueDocument.ts): the header,
 * then the object as the API shows it, or the raw bytes; Secrets masked until
 * revealed. A value encrypted at rest is decrypted in memory when asked (&decrypt=1),
 * with the keys of the EncryptionConfiguration (read again when the file changes; in memory only).
 * URI: kubelab-etcd:/<key as text>?k=<key hex>[&view=raw][&reveal=1][&decrypt=1]
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { encryptedOf, type EncryptedValue } from '../../core/etcd/encryption';
import { classifyValue } from '../../core/etcd/envelope';
import { fail, ok, type Result } from '../../core/result';
import { decryptWith } from '../../infra/etcd/decrypt';
import { currentEncryptionConfig, type ConfigSource } from '../../infra/etcd/encryptionConfig';
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
  /** Decrypt a value encrypted at rest. */
  readonly decrypt?: boolean;
}

export function etcdDocumentUri(key: Buffer, o: EtcdDocOptions = {}): vscode.Uri {
  const shown = displayKey(key).replace(/^\/*/, '/');
  const q = new URLSearchParams({ k: key.toString('hex') });
  if (o.view === 'raw') q.set('view', 'raw');
  if (o.reveal) q.set('reveal', '1');
  if (o.revision) q.set('rev', o.revision);
  if (o.decrypt) q.set('decrypt', '1');
  return vscode.Uri.from({ scheme: ETCD_DOCUMENT_SCHEME, path: shown, query: q.toString() });
}

export function parseEtcdDocumentUri(uri: vscode.Uri): { key: Buffer; view: 'decoded' | 'raw'; reveal: boolean; decrypt: boolean; revision?: string } {
  const q = new URLSearchParams(uri.query);
  const rev = q.get('rev');
  return {
    key: Buffer.from(q.get('k') ?? '', 'hex'),
    view: q.get('view') === 'raw' ? 'raw' : 'decoded',
    reveal: q.get('reveal') === '1',
    decrypt: q.get('decrypt') === '1',
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

/** Where the EncryptionConfiguration is (the setting, the lab's, a kubeadm node's), when any is named. */
export type EncryptionConfigLocator = () => { readonly path: string; readonly from: ConfigSource } | undefined;

export class EtcdDocuments implements vscode.TextDocumentContentProvider {
  /** The language each rendered document wants (JSON, or plain text for bytes). */
  readonly languages = new Map<string, 'jsonc' | 'plaintext'>();
  /** Documents of values encrypted at rest, shown without decrypting (the title bar offers Decrypt). */
  readonly encrypted = new Set<string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** A document was rendered (its language and encryption are known). */
  readonly onDidRender = this.changed.event;
  private readonly stale = new vscode.EventEmitter<vscode.Uri>();
  /** VS Code renders an open document again (Decrypt after the EncryptionConfiguration changed). */
  readonly onDidChange = this.stale.event;

  constructor(
    private readonly session: EtcdSession,
    private readonly encryptionConfig: EncryptionConfigLocator,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const { key, view, reveal, revision, decrypt } = parseEtcdDocumentUri(uri);
    const r = await this.session.open();
    if (!r?.ok) return `// ${vscode.l10n.t('Not connected to etcd')}\n`;
    const v = revision ? await r.value.getAt(key, revision) : await r.value.get(key);
    if (!v.ok) return `// ${vscode.l10n.t('Reading {0} failed', displayKey(key))}\n// ${describeFailure(v.error)}\n`;
    if (!v.value) return `// ${vscode.l10n.t('{0} does not exist (any more)', displayKey(key))}\n`;
    const e = encryptedOf(v.value.value);
    const d = e && decrypt ? this.decrypt(e, key) : undefined;
    const bytes = d?.ok ? d.value.plaintext : v.value.value;
    const stored = classifyValue(bytes);
    const decoded = stored.format === 'protobuf' ? await decodeStored(stored.apiVersion, stored.kind, stored.raw, isSecretKey(displayKey(key))) : undefined;
    const doc = renderValueDocument(
      {
        key: displayKey(key),
        meta: v.value,
        bytes,
        stored,
        decoded: decoded?.decoded,
        view,
        reveal,
        schema: decoded?.schema ?? '',
        ...(e ? { encrypted: { bytes: v.value.value, ...(d ? (d.ok ? { decryptedWith: d.value.with } : { failure: describeFailure(d.error) }) : {}) } } : {}),
      },
      vscode.l10n.t,
    );
    this.languages.set(uri.toString(), doc.language);
    if (e && !d?.ok) this.encrypted.add(uri.toString());
    else this.encrypted.delete(uri.toString());
    this.changed.fire(uri);
    return doc.text;
  }

  /** The bytes the API server encrypted, when a value is encrypted and the config decrypts it; else the value as stored. */
  plaintextOf(key: Buffer, bytes: Buffer): Buffer {
    const e = encryptedOf(bytes);
    const d = e ? this.decrypt(e, key) : undefined;
    return d?.ok ? d.value.plaintext : bytes;
  }

  /** Decrypts in memory with the keys of the config named now (never written, never logged). */
  private decrypt(e: EncryptedValue, key: Buffer): Result<{ plaintext: Buffer; with: string }> {
    const where = this.encryptionConfig();
    if (!where) return fail('etcd.decrypt', NO_CONFIG, `${e.provider} key ${e.keyName}`);
    const c = currentEncryptionConfig(where.path);
    if (!c.ok) return c;
    const source = { setting: 'kubelab.encryptionConfig', lab: vscode.l10n.t("the lab's"), kubeadm: vscode.l10n.t("kube-apiserver's manifest") }[where.from];
    const p = decryptWith(c.value, e, key, where.path);
    return p.ok ? ok({ plaintext: p.value, with: vscode.l10n.t('{0} key {1} of {2} ({3})', e.provider, e.keyName, where.path, source) }) : p;
  }

  /** Renders a document again if it is open: a document VS Code holds is not asked for again otherwise. */
  refresh(uri: vscode.Uri): void {
    this.stale.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
    this.stale.dispose();
  }
}

/** The message of a Decrypt with no EncryptionConfiguration anywhere (the command offers to choose one). */
export const NO_CONFIG =
  'no EncryptionConfiguration is known: set kubelab.encryptionConfig, or run KubeLab on a control-plane node whose kube-apiserver names one';
