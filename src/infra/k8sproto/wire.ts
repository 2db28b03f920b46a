/**
 * The protobuf wire format, read in place: varints, lengths, scalars, and
 * strings (short ASCII ones through a cache, since they repeat), plus the
 * parsed-JSON cache of bytes fields that hold JSON text (managedFields). A
 * read past the end throws Broken with the byte where it happened.
 */
import type { UnknownField } from '../../core/etcd/valueDocument';
import type { Json } from '../../core/json';

export type { Json };

/** Buffer's own UTF-8 slice, without toString's argument checks (a hot path: most fields are strings). */
type Utf8 = Buffer & { utf8Slice(start: number, end: number): string };
export const utf8 = (buf: Buffer, start: number, end: number): string => (buf as Utf8).utf8Slice(start, end);

/**
 * Short ASCII strings repeat within and across objects ("True", "Ready", label
 * keys, image names): a direct-mapped cache of 8,192 slots, indexed by a hash
 * of the bytes and confirmed byte by byte, returns the string already made.
 */
const SLOTS = 8192;
let interned: Array<string | undefined> = new Array<string | undefined>(SLOTS);
/** The same for short strings written as JSON text, quotes included (text.ts). */
let quotedInterned: Array<string | undefined> = new Array<string | undefined>(SLOTS);

/**
 * The cached string of ASCII bytes (in quotes when `q` is 1), or undefined when a byte is not
 * ASCII. A direct-mapped cache: the newest string takes the slot.
 */
function intern(cache: Array<string | undefined>, buf: Buffer, start: number, end: number, q: 0 | 1): string | undefined {
  const len = end - start;
  let h = len;
  for (let i = start; i < end; i++) {
    const b = buf[i] as number;
    if (b > 0x7f) return undefined;
    h = (Math.imul(h, 31) + b) | 0;
  }
  const slot = h & (SLOTS - 1);
  const known = cache[slot];
  if (known !== undefined && known.length === len + 2 * q) {
    let i = 0;
    while (i < len && known.charCodeAt(i + q) === buf[start + i]) i++;
    if (i === len) return known;
  }
  const fresh = q ? `"${utf8(buf, start, end)}"` : utf8(buf, start, end);
  cache[slot] = fresh;
  return fresh;
}

export const shortString = (buf: Buffer, start: number, end: number): string => intern(interned, buf, start, end, 0) ?? utf8(buf, start, end);
/** A short string as JSON text, quotes included; its bytes hold nothing JSON escapes (the caller checked). */
export const shortQuoted = (buf: Buffer, start: number, end: number): string =>
  intern(quotedInterned, buf, start, end, 1) ?? JSON.stringify(utf8(buf, start, end));

export class Broken extends Error {
  constructor(
    readonly offset: number,
    what: string,
  ) {
    super(what);
  }
}

export type Scalar = 'string' | 'bytes' | 'bool' | 'varint' | 'sint' | 'fixed64' | 'sfixed64' | 'fixed32' | 'sfixed32' | 'double' | 'float';

/**
 * managedFields' field sets repeat across the objects of one workload (every
 * replica of a Deployment has the same ones): a direct-mapped cache of 1,024
 * slots, indexed by a fingerprint of the bytes and confirmed byte for byte,
 * returns the JSON already parsed, shared. Decoded objects are read-only.
 */
const JSON_SLOTS = 1024;
let parsed: Array<{ bytes: Buffer; value: Json } | undefined> = new Array<{ bytes: Buffer; value: Json } | undefined>(JSON_SLOTS);

function fingerprint(buf: Buffer, start: number, end: number): number {
  const len = end - start;
  let h = len;
  for (let k = 0; k < 16; k++) h = (Math.imul(h, 31) + (buf[start + Math.floor((len * k) / 16)] as number)) | 0;
  return h;
}

export function parseJson(buf: Buffer, start: number, end: number): Json {
  if (end <= start) return null;
  const slot = fingerprint(buf, start, end) & (JSON_SLOTS - 1);
  const e = parsed[slot];
  if (e && e.bytes.length === end - start && buf.compare(e.bytes, 0, e.bytes.length, start, end) === 0) return e.value;
  const text = utf8(buf, start, end);
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    value = text;
  }
  parsed[slot] = { bytes: Buffer.from(buf.subarray(start, end)), value }; // direct-mapped, like the strings
  return value;
}

export class Wire {
  pos: number;
  /** The fields skipped because the descriptor does not know them (a newer or older Kubernetes wrote them). */
  readonly unknown: UnknownField[] = [];
  constructor(
    readonly buf: Buffer,
    start: number,
  ) {
    this.pos = start;
  }

  varint(end: number): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw new Broken(this.pos, 'a number runs past the end');
      const b = this.buf[this.pos++] as number;
      result += (b & 0x7f) * mul; // inexact beyond 2^53: signed() reads such numbers again, exactly
      mul *= 128;
      if (b < 0x80) return result;
    }
    throw new Broken(this.pos, 'a number is longer than 10 bytes');
  }

  /**
   * A varint read as a signed 32/64-bit integer (int32/int64 store negatives as 10-byte two's
   * complement): a number while it is exact (up to 7 bytes, 49 bits: nearly every value), else
   * read again as a bigint, which is a number again if it fits in one exactly.
   */
  signed(end: number): number | bigint {
    const start = this.pos;
    const v = this.varint(end);
    if (this.pos - start < 8) return v;
    let big = 0n;
    for (let i = this.pos - 1; i >= start; i--) big = (big << 7n) | BigInt((this.buf[i] as number) & 0x7f);
    return exact(BigInt.asIntN(64, big));
  }

  length(end: number): number {
    const first = this.buf[this.pos] as number;
    if (first < 0x80 && this.pos < end) {
      // One-byte length: most fields.
      this.pos++;
      if (this.pos + first > end) throw new Broken(this.pos, `a field of ${first} bytes runs past the end`);
      return first;
    }
    const len = this.varint(end);
    if (this.pos + len > end) throw new Broken(this.pos, `a field of ${len} bytes runs past the end`);
    return len;
  }

  /** Skips a field the message does not know, and notes it. */
  skipUnknown(message: string, tag: number, end: number): void {
    const wt = tag & 7;
    const at = this.pos;
    this.skip(wt, end);
    const size = wt === 0 ? 'varint' : wt === 1 ? 'fixed64' : wt === 5 ? 'fixed32' : this.pos - at - lengthPrefix(this.pos - at);
    this.unknown.push({ message, field: tag >>> 3, size });
  }

  skip(wireType: number, end: number): void {
    if (wireType === 0) this.varint(end);
    else if (wireType === 2) {
      // length() moves past the length prefix itself: read it before adding.
      const len = this.length(end);
      this.pos += len;
    } else if (wireType === 1) this.pos += 8;
    else if (wireType === 5) this.pos += 4;
    else throw new Broken(this.pos, `wire type ${wireType} is not valid here`);
    if (this.pos > end) throw new Broken(end, 'a field runs past the end');
  }

  scalar(kind: Scalar, end: number): Json {
    switch (kind) {
      case 'string': {
        const len = this.length(end);
        const s = len <= 32 ? shortString(this.buf, this.pos, this.pos + len) : utf8(this.buf, this.pos, this.pos + len);
        this.pos += len;
        return s;
      }
      case 'bytes': {
        const len = this.length(end);
        const s = this.buf.toString('base64', this.pos, this.pos + len);
        this.pos += len;
        return s;
      }
      case 'bool':
        return this.varint(end) !== 0;
      case 'varint':
        return this.signed(end);
      case 'sint': {
        const v = this.varint(end);
        return v % 2 ? -(v + 1) / 2 : v / 2;
      }
      case 'double':
      case 'fixed64':
      case 'sfixed64': {
        if (this.pos + 8 > end) throw new Broken(this.pos, 'an 8-byte number runs past the end');
        const v =
          kind === 'double'
            ? this.buf.readDoubleLE(this.pos)
            : exact(kind === 'fixed64' ? this.buf.readBigUInt64LE(this.pos) : this.buf.readBigInt64LE(this.pos));
        this.pos += 8;
        return v;
      }
      case 'float':
      case 'fixed32':
      case 'sfixed32': {
        if (this.pos + 4 > end) throw new Broken(this.pos, 'a 4-byte number runs past the end');
        const v = kind === 'float' ? this.buf.readFloatLE(this.pos) : kind === 'fixed32' ? this.buf.readUInt32LE(this.pos) : this.buf.readInt32LE(this.pos);
        this.pos += 4;
        return v;
      }
    }
  }
}

/** A 64-bit integer as a number when a number holds it exactly, else as the bigint (printed as its digits). */
const exact = (v: bigint): number | bigint => (v >= -MAX_EXACT && v <= MAX_EXACT ? Number(v) : v);
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** Forgets the shared strings and parsed JSON (the benchmark measures decoding with cold caches). */
export function resetCaches(): void {
  interned = new Array<string | undefined>(SLOTS);
  quotedInterned = new Array<string | undefined>(SLOTS);
  parsed = new Array<{ bytes: Buffer; value: Json } | undefined>(JSON_SLOTS);
}

/** The bytes of the varint length prefix of a length-delimited field that took `total` bytes in all. */
function lengthPrefix(total: number): number {
  let n = 1;
  while (total - n >= 2 ** (7 * n)) n++;
  return n;
}
