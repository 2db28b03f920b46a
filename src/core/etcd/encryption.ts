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

/**
 * Each local provider's payload: its fixed-size parts around the ciphertext (null), what it
 * authenticates, and the shortest payload that fits (a CBC ciphertext is at least one block).
 */
const LAYOUTS: Record<
  Provider,
  { parts: readonly (readonly [string, number | null])[]; authenticated: Anatomy['authenticated']; min: number; block?: number }
> = {
  aescbc: {
    parts: [
      ['IV', 16],
      ['ciphertext (PKCS#7-padded)', null],
    ],
    authenticated: 'nothing',
    min: 32,
    block: 16,
  },
  aesgcm: {
    parts: [
      ['nonce', 12],
      ['ciphertext', null],
      ['tag', 16],
    ],
    authenticated: 'etcd-key',
    min: 28,
  },
  secretbox: {
    parts: [
      ['nonce', 24],
      ['Poly1305 tag', 16],
      ['ciphertext', null],
    ],
    authenticated: 'ciphertext',
    min: 40,
  },
};

export function anatomyOf(e: EncryptedValue): Anatomy {
  const n = e.payload.length;
  const base = { provider: e.provider, keyName: e.keyName };
  const layout = LAYOUTS[e.provider as Provider] as (typeof LAYOUTS)[Provider] | undefined;
  if (!layout) return { ...base, parts: [{ name: 'payload', bytes: n }], authenticated: 'kms' };
  // The fixed-size parts take their bytes first (as far as there are any); the ciphertext is the rest.
  let left = n;
  const fixed = layout.parts.map(([, bytes]) => {
    const got = Math.min(bytes ?? 0, left);
    left -= got;
    return got;
  });
  const parts = layout.parts.map(([name, bytes], i) => ({ name, bytes: bytes === null ? left : (fixed[i] as number) }));
  const cut = n < layout.min || (layout.block !== undefined && left % layout.block !== 0);
  return { ...base, parts, authenticated: layout.authenticated, ...(cut ? { short: true } : {}) };
}
