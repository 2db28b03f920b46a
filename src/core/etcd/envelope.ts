/**
 * What kind of value the API server stored under a key, read without any
 * Kubernetes types: the protobuf envelope (`k8s\0` + runtime.Unknown with
 * TypeMeta apiVersion/kind, raw, contentEncoding, contentType), JSON (custom
 * resources), an encrypted value (`k8s:enc:<provider>:v1:<key>:`, KMS v2 `…:v2:…`), text, or
 * bytes. Decoding `raw` into the object's JSON is a later step; this says
 * what the bytes are and, for a broken value, where it broke. Never throws.
 */

export type StoredValue =
  | {
      readonly format: 'protobuf';
      readonly apiVersion: string;
      readonly kind: string;
      readonly raw: Buffer;
      readonly contentEncoding: string;
      readonly contentType: string;
    }
  | { readonly format: 'json'; readonly value: unknown }
  | { readonly format: 'encrypted'; readonly provider: string; readonly keyName: string }
  | { readonly format: 'text' }
  | { readonly format: 'binary' }
  | { readonly format: 'corrupt'; readonly reason: string; readonly offset: number; readonly apiVersion?: string; readonly kind?: string };

const MAGIC = Buffer.from('k8s\0', 'latin1');

class Truncated extends Error {
  constructor(
    readonly offset: number,
    what: string,
  ) {
    super(what);
  }
}

/** A minimal protobuf wire reader: varints and length-delimited fields, bounds-checked. */
class Wire {
  constructor(
    private readonly b: Buffer,
    public pos = 0,
    private readonly end = b.length,
  ) {}

  get done(): boolean {
    return this.pos >= this.end;
  }

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new Truncated(this.pos, 'a number runs past the end');
      const byte = this.b[this.pos++] as number;
      if (shift < 49) result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) throw new Truncated(this.pos, 'a number is longer than 10 bytes');
    }
  }

  bytes(): { start: number; end: number } {
    const len = this.varint();
    const start = this.pos;
    if (start + len > this.end) throw new Truncated(start, `a field of ${len} bytes runs past the end`);
    this.pos = start + len;
    return { start, end: start + len };
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.bytes();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 5) this.pos += 4;
    else throw new Truncated(this.pos, `wire type ${wireType} is not valid here`);
    if (this.pos > this.end) throw new Truncated(this.end, 'a field runs past the end');
  }
}

function decodeEnvelope(value: Buffer): StoredValue {
  const w = new Wire(value, MAGIC.length);
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  let contentEncoding = '';
  let contentType = '';
  try {
    while (!w.done) {
      const tag = w.varint();
      const field = Math.floor(tag / 8);
      const type = tag & 7;
      if (type !== 2) {
        w.skip(type);
        continue;
      }
      const { start, end } = w.bytes();
      const text = () => value.subarray(start, end).toString('utf8');
      if (field === 1) {
        const t = new Wire(value, start, end);
        while (!t.done) {
          const tt = t.varint();
          if ((tt & 7) !== 2) {
            t.skip(tt & 7);
            continue;
          }
          const s = t.bytes();
          if (tt >> 3 === 1) apiVersion = value.subarray(s.start, s.end).toString('utf8');
          if (tt >> 3 === 2) kind = value.subarray(s.start, s.end).toString('utf8');
        }
      } else if (field === 2) raw = value.subarray(start, end);
      else if (field === 3) contentEncoding = text();
      else if (field === 4) contentType = text();
    }
  } catch (e) {
    if (e instanceof Truncated) return { format: 'corrupt', reason: e.message, offset: e.offset, apiVersion: apiVersion || undefined, kind: kind || undefined };
    throw e;
  }
  if (!apiVersion && !kind) return { format: 'corrupt', reason: 'the envelope names no apiVersion or kind', offset: MAGIC.length };
  return { format: 'protobuf', apiVersion, kind, raw, contentEncoding, contentType };
}

function isText(b: Buffer): boolean {
  try {
    const s = new TextDecoder('utf-8', { fatal: true }).decode(b);
    // eslint-disable-next-line no-control-regex -- control bytes are what this looks for
    return !/[\x00-\x08\x0e-\x1f\x7f]/.test(s);
  } catch {
    return false;
  }
}

export function classifyValue(value: Buffer): StoredValue {
  if (value.length >= MAGIC.length && value.subarray(0, MAGIC.length).equals(MAGIC)) return decodeEnvelope(value);
  // v1 for the local providers and KMS v1, v2 for KMS v2 (k8s:enc:kms:v2:<plugin>:).
  const enc = /^k8s:enc:([^:]+):v\d+:([^:]+):/.exec(value.subarray(0, 256).toString('latin1'));
  if (enc) return { format: 'encrypted', provider: enc[1] as string, keyName: enc[2] as string };
  if (isText(value)) {
    const t = value.toString('utf8').trim();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        return { format: 'json', value: JSON.parse(t) };
      } catch {
        return { format: 'text' };
      }
    }
    return { format: 'text' };
  }
  return { format: 'binary' };
}
