/**
 * Etcd bytes straight to the API's JSON text, compact or indented by two spaces:
 * what a value document and `npm run decode` show, without building the object and
 * printing it afterwards (compileText.ts generates each message's writer). The text
 * is the ordered object decoder's object as JSON.stringify prints it, but for map
 * keys, which keep the order Go wrote them in (sorted, as Go's JSON sorts them; a JS
 * object puts integer-like keys first). A value that breaks is decoded as an object
 * (decode.ts), which says where it broke and keeps what decoded before.
 */
import { isAscii } from 'node:buffer';
import type * as protobuf from 'protobufjs/light';
import type { DecodedText } from '../../core/etcd/valueDocument';
import { stringifyJson } from '../../core/json';
import type { FieldPlan, Plan, TextDecoder } from './compile';
import { compileText } from './compileText';
import { indentJson } from './indent';
import { decodeRaw, lookup, message, planOf, subPlan, typeName, type Decoded } from './decode';
import { rawJsonMessage } from './specialTypes';
import { shortQuoted, utf8, Wire, type Json, type Scalar } from './wire';

export type { DecodedText };

/** Set for the duration of one decodeText call. */
let pretty = false;

const NL = Array.from({ length: 64 }, (_, d) => `\n${'  '.repeat(d)}`);
const nl = (d: number): string => (pretty ? (NL[d] ?? `\n${'  '.repeat(d)}`) : '');
const sep = (d: number): string => `,${nl(d)}`;
const textOf = (plan: Plan): TextDecoder =>
  pretty ? (plan.pretty ??= compileText(plan, true, helpers)) : (plan.compact ??= compileText(plan, false, helpers));

/**
 * Go's JSON encoder (the API server's) also escapes <, > and & (for HTML) and U+2028/U+2029;
 * applied to JSON text, where they can only be inside strings.
 */
const GO_ESCAPES = /[<>&\u2028\u2029]/g;
const goEscape = (json: string): string => json.replace(GO_ESCAPES, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A string as the API's JSON: quoted as it is unless it holds a character JSON or Go escapes. */
function quote(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26 || c >= 0x2028) return goEscape(JSON.stringify(s));
  }
  return `"${s}"`;
}

const num = (v: number | bigint): string => (typeof v === 'bigint' || Number.isFinite(v) ? String(v) : 'null');
const scalarText = (v: Json): string => (typeof v === 'string' ? quote(v) : typeof v === 'boolean' ? String(v) : num(v as number));

/** Parsed raw JSON (shared through wire.ts' cache while its bytes repeat, e.g. managedFields) → its text, by depth. */
const rawTexts = new WeakMap<object, Map<number, string>>();

/** A value already decoded as JSON (special types, raw JSON), written as text at depth `d`. */
function jsonText(v: Json, d: number): string {
  if (typeof v === 'string') return quote(v);
  if (v === null || typeof v !== 'object') return scalarText(v);
  return goEscape(pretty ? stringifyJson(v, 2).replace(/\n/g, nl(d)) : stringifyJson(v));
}

/** Raw JSON's text, written once for each parsed value (shared while the same bytes recur) and depth. */
function rawText(v: Json, d: number): string {
  if (v === null || typeof v !== 'object') return jsonText(v, d);
  const key = pretty ? d : -1;
  let texts = rawTexts.get(v);
  const known = texts?.get(key);
  if (known !== undefined) return known;
  const t = jsonText(v, d);
  if (!texts) rawTexts.set(v, (texts = new Map()));
  texts.set(key, t);
  return t;
}

/** Whitespace (none between tokens in Go's compact JSON; inside a string, rare: the slow way then) and what Go escapes. */
const UNWANTED = [0x20, 0x0a, 0x0d, 0x09, 0x3c, 0x3e, 0x26];

/**
 * Raw JSON (managedFields, RawExtension) as its own bytes, when they are already what Go's encoder
 * writes: compact (no whitespace), nothing Go escapes left unescaped (<, >, &, or any multi-byte
 * character), an object or a list. Go writes such bytes as they are; so does this.
 * Else undefined (and the reader is left where it was).
 */
function compactRaw(w: Wire, field: number, end: number): string | undefined {
  const buf = w.buf;
  let at = w.pos;
  let start = -1;
  let stop = -1;
  while (at < end) {
    const tag = buf[at] as number;
    if (tag !== ((field << 3) | 2) || start >= 0) return undefined; // only the one field, once (else the slow way)
    const probe = new Wire(buf, at + 1);
    const len = probe.length(end);
    start = probe.pos;
    stop = start + len;
    at = stop;
  }
  if (start < 0 || stop <= start) return undefined;
  const first = buf[start];
  const last = buf[stop - 1];
  if ((first !== 0x7b || last !== 0x7d) && (first !== 0x5b || last !== 0x5d)) return undefined;
  // Native scans (the bytes run to kilobytes: managedFields): ASCII only, and none of the bytes below.
  const raw = buf.subarray(start, stop);
  if (!isAscii(raw)) return undefined;
  for (const b of UNWANTED) if (raw.includes(b)) return undefined;
  w.pos = end;
  return utf8(buf, start, stop);
}

/** A message's value at depth `d` (its members at d + 1). */
function valueText(w: Wire, plan: Plan, end: number, d: number): string {
  if (plan.read) return jsonText(plan.read(w, end), d);
  if (plan.rawJsonField !== undefined) {
    // Go's own compact bytes are written as they are (indented as Go indents them); anything else the slow way.
    const raw = compactRaw(w, plan.rawJsonField, end);
    if (raw !== undefined) return pretty ? indentJson(raw, d) : raw;
    return rawText(rawJsonMessage(w, plan.rawJsonField, end), d);
  }
  if (plan.special) return jsonText(message(w, plan, end), d);
  const members = textOf(plan)(w, end, d + 1);
  return members === '' ? '{}' : `{${nl(d + 1)}${members}${nl(d)}}`;
}

/** What generated text writers call. */
const helpers = {
  nl,
  sep,
  num,
  strText: (w: Wire, end: number): string => {
    const len = w.length(end);
    const start = w.pos;
    const stop = start + len;
    w.pos = stop;
    const buf = w.buf;
    for (let i = start; i < stop; i++) {
      const b = buf[i] as number;
      // JSON's escapes, Go's (<, >, &), and any multi-byte character (quote() looks for U+2028/U+2029 there).
      if (b < 0x20 || b === 0x22 || b === 0x5c || b === 0x3c || b === 0x3e || b === 0x26 || b > 0x7f) return quote(utf8(buf, start, stop));
    }
    return len <= 32 ? shortQuoted(buf, start, stop) : `"${utf8(buf, start, stop)}"`;
  },
  subText: (w: Wire, f: FieldPlan, end: number, d: number): string => {
    const len = w.length(end);
    const stop = w.pos + len;
    const t = valueText(w, subPlan(f, f.type as protobuf.Type), stop, d);
    w.pos = stop;
    return t;
  },
  inlineText: (w: Wire, f: FieldPlan, end: number, d: number): string => {
    const len = w.length(end);
    const stop = w.pos + len;
    const t = textOf(subPlan(f, f.type as protobuf.Type))(w, stop, d);
    w.pos = stop;
    return t;
  },
  /** One map entry (`"key": value`, the value at depth d + 1), added to the entries read so far. */
  mapText: (w: Wire, f: FieldPlan, end: number, d: number, into: string[] | undefined): string[] => {
    const m = f.map as NonNullable<FieldPlan['map']>;
    const len = w.length(end);
    const stop = w.pos + len;
    let key = '';
    let value = m.type ? '{}' : '""';
    while (w.pos < stop) {
      const t = w.varint(stop);
      if (t >>> 3 === 1) key = String(w.scalar(m.key, stop));
      else if (t >>> 3 === 2 && m.type) {
        const size = w.length(stop); // moves past the length prefix: read it before w.pos
        const at = w.pos + size;
        value = valueText(w, subPlan(f, m.type), at, d + 1);
        w.pos = at;
      } else if (t >>> 3 === 2) value = scalarText(w.scalar(m.value ?? 'string', stop));
      else w.skipUnknown('map entry', t, stop);
    }
    const entries = into ?? [];
    entries.push(`${quote(key)}:${pretty ? ' ' : ''}${value}`);
    return entries;
  },
  scalar: (w: Wire, kind: Scalar, end: number): Json => w.scalar(kind, end),
};

/** The value's JSON text (`indent` 2: as JSON.stringify(object, null, 2) prints it); a value that breaks gives decodeRaw's answer. */
export function decodeText(apiVersion: string, kind: string, raw: Uint8Array, indent: 0 | 2 = 0): DecodedText | Decoded {
  const type = lookup(apiVersion, kind);
  if (!type) return decodeRaw(apiVersion, kind, raw);
  const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const plan = planOf(type);
  if (plan.read || plan.rawJsonField !== undefined || plan.special) {
    const d = decodeRaw(apiVersion, kind, raw);
    return d.ok ? { ok: true, text: stringifyJson(d.object, indent || undefined), type: d.type, unknown: d.unknown ?? [] } : d;
  }
  pretty = indent === 2;
  const w = new Wire(buf, 0);
  try {
    const k = (name: string) => `"${name}":${pretty ? ' ' : ''}`;
    const typeMeta = `${k('kind')}${quote(kind)}${sep(1)}${k('apiVersion')}${quote(apiVersion)}`;
    const inGoOrder = plan.order?.includes('#TypeMeta') ?? false;
    let members = textOf(plan)(w, buf.length, 1, inGoOrder ? typeMeta : undefined);
    if (!inGoOrder) members = members === '' ? typeMeta : `${typeMeta}${sep(1)}${members}`;
    return { ok: true, text: `{${nl(1)}${members}${nl(0)}}`, type: typeName(type), unknown: w.unknown };
  } catch {
    return decodeRaw(apiVersion, kind, raw);
  } finally {
    pretty = false;
  }
}
