/**
 * etcd keys are bytes. The tree groups them by `/` segments, one level at a
 * time: the children of a prefix are the distinct next segments, a segment
 * ending in `/` being a directory. Pure helpers for that, and for showing
 * keys that are not valid UTF-8 (escaped, never mangled).
 */

const SLASH = 0x2f;

/** etcd's prefix range end: the prefix with its last byte below 0xff incremented ("\0" for everything). */
export function prefixEnd(prefix: Uint8Array): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if ((end[i] as number) < 0xff) {
      end[i] = (end[i] as number) + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]); // all 0xff (or empty): to the end of the keyspace
}

/** The child of `prefix` that `key` falls under: the next segment, `/` included for a directory. */
export function childOf(prefix: Uint8Array, key: Uint8Array): { name: Buffer; isDir: boolean } {
  const rest = Buffer.from(key).subarray(prefix.length);
  const slash = rest.indexOf(SLASH);
  return slash < 0 ? { name: rest, isDir: false } : { name: rest.subarray(0, slash + 1), isDir: true };
}

/** Where the keys under a child end: after a directory's subtree, or just after a leaf key. */
export function childEnd(prefix: Uint8Array, child: { name: Uint8Array; isDir: boolean }): Buffer {
  const full = Buffer.concat([prefix, child.name]);
  return child.isDir ? prefixEnd(full) : Buffer.concat([full, Buffer.from([0])]);
}

export function compareKeys(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** `hi` of [lo, hi): an empty buffer or "\0" both mean the end of the keyspace. */
export function isEndOfKeyspace(hi: Uint8Array): boolean {
  return hi.length === 0 || (hi.length === 1 && hi[0] === 0);
}

/**
 * Up to n-1 keys that cut (lo, hi) into n parts of equal width in key space,
 * each strictly between lo and hi and increasing. The bytes are read as
 * base-256 fractions, so ranges that run to the end of the keyspace split too.
 */
export function splitKeys(lo: Uint8Array, hi: Uint8Array, n: number, printable = false): Buffer[] {
  // printable: count in base 97 (one digit below ' ', 95 printable ones, one
  // above '~'), so the cuts fall where keys of printable ASCII are.
  const BASE = printable ? 97n : 256n;
  const digit = (b: number) => (!printable ? b : b < 0x20 ? 0 : b > 0x7e ? 96 : b - 0x1f);
  const byte = (d: number) => (!printable ? d : d === 0 ? 0x00 : d === 96 ? 0x7f : d + 0x1f);
  const end = isEndOfKeyspace(hi) ? Buffer.alloc(8, 0xff) : Buffer.from(hi);
  const len = Math.max(lo.length, end.length) + 4;
  const num = (b: Uint8Array) => {
    let v = 0n;
    for (let i = 0; i < len; i++) v = v * BASE + BigInt(i < b.length ? digit(b[i] as number) : 0);
    return v;
  };
  const a = num(lo);
  const z = num(end);
  const out: Buffer[] = [];
  for (let i = 1; i < n; i++) {
    let m = a + ((z - a) * BigInt(i)) / BigInt(n);
    const digits: number[] = new Array(len).fill(0);
    for (let j = len - 1; j >= 0; j--) {
      digits[j] = Number(m % BASE);
      m /= BASE;
    }
    let cut = len;
    while (cut > 1 && digits[cut - 1] === 0) cut--;
    const key = Buffer.from(digits.slice(0, cut).map(byte));
    const last = out[out.length - 1];
    if (compareKeys(key, lo) > 0 && (isEndOfKeyspace(hi) || compareKeys(key, hi) < 0) && (!last || compareKeys(key, last) > 0)) out.push(key);
  }
  return out;
}

function isValidUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/** A key as text: UTF-8 when it is, with control bytes and invalid sequences as \xNN. */
export function displayKey(key: Uint8Array): string {
  const b = Buffer.from(key);
  // eslint-disable-next-line no-control-regex -- control bytes are what this looks for
  if (isValidUtf8(b) && !/[\x00-\x1f\x7f]/.test(b.toString('utf8'))) return b.toString('utf8');
  let out = '';
  for (const byte of b) out += byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  return out;
}

/** A shell-safe single-quoted word. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:@=,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface EtcdctlTls {
  readonly endpoints: readonly string[];
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  /** Through the cluster: etcdctl runs in this pod by kubectl exec, with the pod's own endpoint and files. */
  readonly inPod?: { readonly context: string; readonly namespace: string; readonly name: string; readonly container: string };
}

/**
 * A key as one shell word built from its bytes: plain when it is printable
 * UTF-8, else ANSI-C quoted (`$'/registry/\xff'`, bash and zsh) with each
 * other byte as \xNN. undefined for a key with a NUL byte: no shell can pass it.
 */
export function shellKey(key: Uint8Array): string | undefined {
  const b = Buffer.from(key);
  if (b.includes(0)) return undefined;
  if (displayKey(b) === b.toString('utf8')) return shellQuote(b.toString('utf8'));
  let out = '';
  for (const x of b) out += x >= 0x20 && x < 0x7f && x !== 0x27 && x !== 0x5c ? String.fromCharCode(x) : `\\x${x.toString(16).padStart(2, '0')}`;
  return `$'${out}'`;
}

/**
 * The lesson's etcdctl line for a key (or, with `prefix`, the keys under a
 * directory), with the connection's certificate flags; through the cluster,
 * the same line run in the etcd pod by `kubectl exec`. undefined when the key
 * cannot be written in a shell (a NUL byte).
 */
export function etcdctlGet(key: Uint8Array, tls: EtcdctlTls, opts: { prefix?: boolean } = {}): string | undefined {
  const keyArg = shellKey(key);
  if (keyArg === undefined) return undefined;
  const flags = [
    opts.prefix ? '--prefix --keys-only' : '',
    tls.endpoints.length ? `--endpoints ${shellQuote(tls.endpoints.join(','))}` : '',
    tls.caFile ? `--cacert ${shellQuote(tls.caFile)}` : '',
    tls.certFile ? `--cert ${shellQuote(tls.certFile)}` : '',
    tls.keyFile ? `--key ${shellQuote(tls.keyFile)}` : '',
  ].filter(Boolean);
  const p = tls.inPod;
  const exec = p
    ? [`kubectl --context ${shellQuote(p.context)} exec -n ${shellQuote(p.namespace)} ${shellQuote(p.name)} -c ${shellQuote(p.container)} --`]
    : [];
  return [...exec, 'etcdctl', 'get', keyArg, ...flags].join(' ');
}

/**
 * Tree ids of the etcd view. A key's bytes are percent-encoded except
 * unreserved characters and `/`, so ids read like the keys, nest like them,
 * and stay unambiguous for keys that are not UTF-8. `d/` marks a directory
 * (a prefix ending in `/`), `k/` a key.
 */
export function etcdNodeId(key: Uint8Array, isDir: boolean): string {
  let out = '';
  for (const b of key)
    out +=
      (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2f || b === 0x2d || b === 0x2e || b === 0x5f || b === 0x7e
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0').toUpperCase()}`;
  return `etcd/${isDir ? 'd' : 'k'}/${out}`;
}

/**
 * The directory a node of the tree sits in: its key up to the `/` before its
 * last segment (a directory's own trailing `/` not counted); undefined at the
 * top level.
 */
export function parentDirOf(key: Uint8Array, isDir: boolean): Buffer | undefined {
  const b = Buffer.from(key);
  const end = isDir ? b.length - 1 : b.length;
  const slash = b.subarray(0, end).lastIndexOf(SLASH);
  return slash < 0 ? undefined : b.subarray(0, slash + 1);
}
