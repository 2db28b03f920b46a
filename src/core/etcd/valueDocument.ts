/**
 * The read-only document of an etcd value: a header (key, revisions, lease,
 * what the bytes are, apiVersion/kind, the resourceVersion the API server
 * reports), then the object as the API shows it (decoded protobuf, or the
 * stored JSON), or the raw bytes. Secrets (/registry/secrets/…) show their
 * data masked until the user reveals it, in both views. A value encrypted at
 * rest shows its anatomy; once decrypted, the plaintext is shown as any value. Pure.
 */
import type { Translate } from '../l10n';
import type { StoredValue } from './envelope';
import { anatomyOf, encryptedOf } from './encryption';
import { hexDump } from './value';
import { isSecretKey, maskSecret, type JsonObject } from '../kube/secrets';
import { stringifyJson } from '../json';

export { isSecretKey, maskSecret, type JsonObject };

/** What decoding a protobuf envelope's raw bytes gave (infra/k8sproto/decode.ts). */
export type Decoded = (
  | { readonly ok: true; readonly object: JsonObject; readonly type: string }
  | { readonly ok: false; readonly reason: string; readonly partial?: JsonObject; readonly offset?: number; readonly type?: string }
) & {
  /** Fields the descriptor does not know, skipped (another Kubernetes version wrote them). */
  readonly unknown?: readonly UnknownField[];
};

/** A value decoded straight to its JSON text (infra/k8sproto/text.ts), as the API prints it indented. */
export interface DecodedText {
  readonly ok: true;
  readonly text: string;
  readonly type: string;
  readonly unknown: readonly UnknownField[];
}

/** A field the decoder skipped: in which message, its number, and its size (or kind of number). */
export interface UnknownField {
  readonly message: string;
  readonly field: number;
  readonly size: 'varint' | 'fixed64' | 'fixed32' | number;
}

export interface ValueDocInput {
  readonly key: string;
  readonly meta: { readonly createRevision: string; readonly modRevision: string; readonly version: string; readonly lease: string };
  readonly bytes: Buffer;
  readonly stored: StoredValue;
  /** The decoded object, or (for a value that is not a Secret) its JSON text. */
  readonly decoded?: Decoded | DecodedText;
  readonly view: 'decoded' | 'raw';
  readonly reveal: boolean;
  /** The Kubernetes releases whose types decoded the value (e.g. 1.29–1.37). */
  readonly schema: string;
  /**
   * The value as stored was encrypted at rest: its bytes. Decrypted (`decryptedWith` names the key
   * and file), `bytes`, `stored` and `decoded` above are the plaintext's; else they are these bytes.
   */
  readonly encrypted?: { readonly bytes: Buffer; readonly decryptedWith?: string; readonly failure?: string };
}

export interface ValueDoc {
  readonly text: string;
  readonly language: 'jsonc' | 'plaintext';
  /** Secret data was hidden. */
  readonly masked: boolean;
}

function what(s: StoredValue, d: Decoded | DecodedText | undefined, schema: string, t: Translate): string {
  switch (s.format) {
    case 'protobuf':
      if (d?.ok)
        return t(
          'Kubernetes protobuf (k8s\\0 + runtime.Unknown): apiVersion {0}, kind {1}; decoded as {2} with the types of Kubernetes {3}',
          s.apiVersion,
          s.kind,
          d.type,
          schema,
        );
      return t('Kubernetes protobuf: apiVersion {0}, kind {1}; decoding failed: {2}', s.apiVersion, s.kind, d?.reason ?? '');
    case 'json':
      return t('JSON (custom resources and some API groups are stored as JSON)');
    case 'encrypted':
      return s.provider === 'kms'
        ? t('encrypted at rest through the KMS plugin {0}: only the plugin can decrypt it', s.keyName)
        : t(
            'encrypted at rest by the {0} provider with key {1}: Decrypt (in the title bar) reads it with the keys of an EncryptionConfiguration',
            s.provider,
            s.keyName,
          );
    case 'corrupt':
      return t('a Kubernetes protobuf envelope that breaks at byte {0}: {1}{2}', s.offset, s.reason, s.kind ? ` (kind ${s.kind})` : '');
    case 'text':
      return t('text');
    case 'binary':
      return t('binary data, not a Kubernetes value (no k8s\\0 envelope)');
  }
}

/** Says which fields were skipped: `2 fields this KubeLab does not know … PodSpec #45 (12 bytes), Pod #9 (varint)`. */
export function describeUnknown(unknown: readonly UnknownField[], schema: string, t: Translate): string {
  const shown = unknown.slice(0, 8).map((u) => `${u.message} #${u.field} (${typeof u.size === 'number' ? t('{0} bytes', u.size) : u.size})`);
  const more = unknown.length > shown.length ? ` ${t('and {0} more', unknown.length - shown.length)}` : '';
  return t(
    '{0} fields this KubeLab does not know, skipped: another Kubernetes version wrote them (KubeLab reads the types of Kubernetes {1}): {2}',
    unknown.length,
    schema,
    shown.join(', ') + more,
  );
}

/** How an encrypted value is laid out after its prefix, and what its provider authenticates. */
function anatomyLines(bytes: Buffer, key: string, t: Translate): string[] {
  const e = encryptedOf(bytes);
  if (!e) return [];
  const a = anatomyOf(e);
  const layout = a.parts.map((p) => `${p.name} ${p.bytes} B`).join(' · ');
  const what = {
    nothing: t('AES-CBC authenticates nothing: a changed value decrypts to garbage or fails its padding check.'),
    'etcd-key': t('AES-GCM authenticates the ciphertext and the etcd key {0}: the same bytes under another key do not decrypt.', key),
    ciphertext: t('secretbox (XSalsa20-Poly1305) authenticates the ciphertext.'),
    kms: t(
      '{0} {1}: the key that encrypted the data is itself encrypted by the KMS plugin {2}; only the plugin can unwrap it.',
      e.provider,
      e.version,
      e.keyName,
    ),
  }[a.authenticated];
  return [
    `// ${t('After the prefix: {0}', layout)}`,
    `// ${what}`,
    ...(a.short ? [`// ${t("Too short for this provider's layout: the value was cut.")}`] : []),
  ];
}

/** The header lines of an encrypted value: what it is, its anatomy, and how decrypting went. */
function encryptionLines(i: ValueDocInput, enc: NonNullable<ValueDocInput['encrypted']>, t: Translate): string[] {
  const e = encryptedOf(enc.bytes);
  const stored = e ? ({ format: 'encrypted', provider: e.provider, keyName: e.keyName } as const) : i.stored;
  const lines = [`// ${t('{0} bytes: {1}', enc.bytes.length, what(stored, undefined, '', t))}`, ...anatomyLines(enc.bytes, i.key, t)];
  if (enc.failure) lines.push(`// ${enc.failure}`);
  if (enc.decryptedWith)
    lines.push(
      `// ${t('Decrypted in memory with {0}; the plaintext is shown here only, never written or logged.', enc.decryptedWith)}`,
      `// ${t('{0} bytes of plaintext: {1}', i.bytes.length, what(i.stored, i.decoded, i.schema, t))}`,
    );
  return lines;
}

export function renderValueDocument(i: ValueDocInput, t: Translate): ValueDoc {
  const secret = isSecretKey(i.key);
  const lines = [
    `// key: ${i.key}`,
    `// create_revision ${i.meta.createRevision}  mod_revision ${i.meta.modRevision}  version ${i.meta.version}  lease ${i.meta.lease === '0' ? '-' : i.meta.lease}`,
    `// ${t("(etcd's counters: create_revision, the store's revision that created this life of the key; mod_revision, the revision of this write; version, the writes since the create, 1 being the create)")}`,
    ...(i.encrypted ? encryptionLines(i, i.encrypted, t) : [`// ${t('{0} bytes: {1}', i.bytes.length, what(i.stored, i.decoded, i.schema, t))}`]),
  ];
  let object: JsonObject | undefined;
  const text = i.stored.format === 'protobuf' && i.decoded?.ok && 'text' in i.decoded ? i.decoded.text : undefined;
  if (i.stored.format === 'protobuf' && i.decoded) object = i.decoded.ok ? ('object' in i.decoded ? i.decoded.object : undefined) : i.decoded.partial;
  if (i.stored.format === 'json' && i.stored.value && typeof i.stored.value === 'object') object = i.stored.value as JsonObject;
  if (i.stored.format === 'encrypted' && !i.encrypted) lines.push(...anatomyLines(i.bytes, i.key, t));
  const unknown = i.stored.format === 'protobuf' ? (i.decoded?.unknown ?? []) : [];
  if (unknown.length) lines.push(`// ${describeUnknown(unknown, i.schema, t)}`);
  if (object || text !== undefined)
    lines.push(
      `// ${t('metadata.resourceVersion: "{0}" (the API server reports the key\'s mod_revision; etcd\'s copy holds no resourceVersion)', i.meta.modRevision)}`,
    );
  // Ciphertext holds nothing to hide: an encrypted value not yet decrypted shows its bytes; Decrypt is the way in.
  const masked = secret && !i.reveal && i.stored.format !== 'encrypted';
  if (masked) lines.push(`// ${t('Secret data is hidden: "Reveal Secret Data" in the title bar shows it.')}`);
  if (text !== undefined && i.view !== 'raw' && !masked) return { text: [...lines, '', text, ''].join('\n'), language: 'jsonc', masked };
  if (i.view === 'raw' || !object) {
    if (masked)
      return { text: [...lines, '', t('The raw bytes of a Secret hold its data: reveal it to see them.'), ''].join('\n'), language: 'plaintext', masked };
    if (i.stored.format === 'text' && i.view !== 'raw') return { text: [...lines, '', i.bytes.toString('utf8'), ''].join('\n'), language: 'plaintext', masked };
    const partialNote =
      i.stored.format === 'protobuf' && i.decoded && !i.decoded.ok
        ? [`// ${t('Nothing could be decoded before byte {0} of the object.', i.decoded.offset ?? 0)}`]
        : [];
    return { text: [...lines, ...partialNote, '', hexDump(i.bytes), ''].join('\n'), language: 'plaintext', masked };
  }
  if (i.decoded && !i.decoded.ok)
    lines.push(`// ${t('Decoded up to byte {0} of the object ({1}); what follows is what could be read.', i.decoded.offset ?? 0, i.decoded.reason)}`);
  const shown = masked ? maskSecret(object, t) : object;
  return { text: [...lines, '', stringifyJson(shown, 2), ''].join('\n'), language: 'jsonc', masked };
}
