/**
 * An etcd value kube-apiserver encrypted at rest: `k8s:enc:<provider>:<version>:<key name>:` then the
 * provider's bytes. Its anatomy, as k8s.io/apiserver/pkg/storage/value/encrypt lays them out: aescbc is
 * a 16-byte IV then AES-CBC with PKCS#7 padding (nothing authenticated); aesgcm a 12-byte nonce then
 * AES-GCM's ciphertext and 16-byte tag, with the etcd key as additional authenticated data (a value
 * copied under another key does not decrypt); secretbox a 24-byte nonce then XSalsa20-Poly1305's box
 * (a 16-byte tag, then the ciphertext). KMS values need the KMS plugin. Pure.
 */
export interface EncryptedValue {
  readonly provider: string;
  readonly version: string;
  readonly keyName: string;
  /** The bytes after the prefix. */
  readonly payload: Buffer;
}

export type Provider = 'aescbc' | 'aesgcm' | 'secretbox';
export const LOCAL_PROVIDERS: readonly Provider[] = ['aescbc', 'aesgcm', 'secretbox'];

export function encryptedOf(value: Buffer): EncryptedValue | undefined {
  const head = value.subarray(0, 512).toString('latin1');
  const m = /^k8s:enc:([a-z0-9]+):(v\d+):([^:]+):/.exec(head);
  if (!m) return undefined;
  return { provider: m[1] as string, version: m[2] as string, keyName: m[3] as string, payload: value.subarray(m[0].length) };
}

export interface Anatomy {
  readonly provider: string;
  readonly keyName: string;
  /** The payload's parts in order, with their lengths. */
  readonly parts: readonly { readonly name: string; readonly bytes: number }[];
  /** What the provider authenticates, or that it does not. */
  readonly authenticated: 'etcd-key' | 'ciphertext' | 'nothing' | 'kms';
  /** Set when the payload is too short for the provider's layout. */
  readonly short?: boolean;
}

export function anatomyOf(e: EncryptedValue): Anatomy {
  const n = e.payload.length;
  const base = { provider: e.provider, keyName: e.keyName };
  switch (e.provider) {
    case 'aescbc':
      return {
        ...base,
        parts: [
          { name: 'IV', bytes: Math.min(16, n) },
          { name: 'ciphertext (PKCS#7-padded)', bytes: Math.max(0, n - 16) },
        ],
        authenticated: 'nothing',
        ...(n < 32 || (n - 16) % 16 ? { short: true } : {}),
      };
    case 'aesgcm':
      return {
        ...base,
        parts: [
          { name: 'nonce', bytes: Math.min(12, n) },
          { name: 'ciphertext', bytes: Math.max(0, n - 28) },
          { name: 'tag', bytes: Math.min(16, Math.max(0, n - 12)) },
        ],
        authenticated: 'etcd-key',
        ...(n < 28 ? { short: true } : {}),
      };
    case 'secretbox':
      return {
        ...base,
        parts: [
          { name: 'nonce', bytes: Math.min(24, n) },
          { name: 'Poly1305 tag', bytes: Math.min(16, Math.max(0, n - 24)) },
          { name: 'ciphertext', bytes: Math.max(0, n - 40) },
        ],
        authenticated: 'ciphertext',
        ...(n < 40 ? { short: true } : {}),
      };
    default:
      return { ...base, parts: [{ name: 'payload', bytes: n }], authenticated: 'kms' };
  }
}
