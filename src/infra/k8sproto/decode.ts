/**
 * Decodes the `raw` of a Kubernetes protobuf envelope into the object's JSON, as the API server
 * would serve it, for every kind in the descriptor compiled from upstream generated.proto files
 * (SOURCE.md): no list of kinds. Special types are written as the JSON API writes them
 * (specialTypes.ts); names, inline structs, omitempty/omitzero come from the Go tags.
 *
 * One pass over the wire bytes, straight into JSON, driven by a plan per message type built once
 * from the descriptor. Fields the descriptor does not know are skipped and noted. A value that
 * breaks keeps what was decoded before the break, and says at which byte it broke.
 */
import * as protobuf from 'protobufjs/light';
import type { Decoded, JsonObject } from '../../core/etcd/valueDocument';
import descriptor from './descriptor.json';
import { inlined, jsonNames, namedLists, nullWhenEmpty, omitNull, omitZero } from './goTags';
import { descriptorReleases } from './releases';
import { DIRECT, RAW_JSON, rawJsonMessage, SPECIAL } from './specialTypes';
import { Broken, shortString, utf8, Wire, type Json, type Scalar } from './wire';

export { resetCaches } from './wire';

export type { Decoded, JsonObject };

export { descriptorReleases, releasesOf } from './releases';

// --- plans ------------------------------------------------------------------

interface FieldPlan {
  readonly name: string;
  readonly json: string;
  readonly scalar?: Scalar;
  /** For message fields: the message's plan (resolved lazily: types refer to each other). */
  readonly type?: protobuf.Type;
  readonly repeated: boolean;
  readonly map?: { readonly key: Scalar; readonly value?: Scalar; readonly type?: protobuf.Type };
  readonly inline: boolean;
  readonly omitZero: boolean;
  /** Tagged omitzero in Go: left out when it decodes to null (a zero time). */
  readonly omitNull: boolean;
  /** A list or map without omitempty: Go's JSON writes it as null when it is empty (protobuf stores nothing). */
  readonly nullWhenEmpty: boolean;
  /** The plan of `type` (or the map's value type), set on first use. */
  plan?: Plan;
}

type Decoder = (w: Wire, end: number, out: Record<string, Json>) => void;

interface Plan {
  /** The message's name (e.g. PodSpec), to say where an unknown field was. */
  readonly name: string;
  readonly byNumber: ReadonlyArray<FieldPlan | undefined>;
  /** The message's decoder, generated on first use (compile below). */
  fn?: Decoder;
  readonly special?: (o: Record<string, Json>) => Json;
  /** RawExtension, FieldsV1, apiextensions JSON: the number of the bytes field that holds JSON text. */
  readonly rawJsonField?: number;
  /** Time and Quantity, the most frequent small messages: read straight into their JSON form. */
  readonly direct?: (w: Wire, end: number) => Json;
}

const listItems = (o: Record<string, Json>): Json => o.items ?? [];

const SCALAR: Record<string, Scalar> = {
  string: 'string',
  bytes: 'bytes',
  bool: 'bool',
  int32: 'varint',
  int64: 'varint',
  uint32: 'varint',
  uint64: 'varint',
  enum: 'varint',
  sint32: 'sint',
  sint64: 'sint',
  fixed64: 'fixed64',
  sfixed64: 'sfixed64',
  fixed32: 'fixed32',
  sfixed32: 'sfixed32',
  double: 'double',
  float: 'float',
};

let root: protobuf.Root | undefined;
const plans = new Map<protobuf.Type, Plan>();
const types = new Map<string, protobuf.Type | undefined>();

export function lookup(apiVersion: string, kind: string): protobuf.Type | undefined {
  const id = `${apiVersion}/${kind}`;
  if (types.has(id)) return types.get(id);
  root ??= protobuf.Root.fromJSON((descriptor as { root: protobuf.INamespace }).root);
  const pkg = (descriptor.groups as Record<string, string>)[apiVersion];
  let t: protobuf.Type | undefined;
  try {
    t = pkg ? root.lookupType(`${pkg}.${kind}`) : undefined;
  } catch {
    t = undefined;
  }
  types.set(id, t);
  return t;
}

function planOf(type: protobuf.Type): Plan {
  let plan = plans.get(type);
  if (plan) return plan;
  const full = type.fullName.slice(1);
  const byNumber: Array<FieldPlan | undefined> = [];
  for (const f of type.fieldsArray) {
    f.resolve();
    const mapField = f instanceof protobuf.MapField ? f : undefined;
    const message = f.resolvedType instanceof protobuf.Type ? f.resolvedType : undefined;
    byNumber[f.id] = {
      name: f.name,
      json: jsonNames[full]?.[f.name] ?? f.name,
      scalar: message || mapField ? undefined : (SCALAR[f.resolvedType instanceof protobuf.Enum ? 'enum' : f.type] ?? 'varint'),
      type: message,
      repeated: f.repeated,
      map: mapField
        ? { key: SCALAR[mapField.keyType] ?? 'string', value: message ? undefined : (SCALAR[mapField.type] ?? 'string'), type: message }
        : undefined,
      inline: inlined[full]?.includes(f.name) ?? false,
      omitZero: omitZero[full]?.includes(f.name) ?? false,
      omitNull: omitNull[full]?.includes(f.name) ?? false,
      nullWhenEmpty: nullWhenEmpty[full]?.includes(f.name) ?? false,
    };
  }
  plan = {
    name: type.name,
    byNumber,
    special: SPECIAL[full] ?? (namedLists.has(full) ? listItems : undefined),
    rawJsonField: RAW_JSON[full],
    direct: DIRECT[full],
  };
  plans.set(type, plan);
  return plan;
}

/** The plan of a message field's type, found once and kept on the field. */
function subPlan(f: FieldPlan, type: protobuf.Type): Plan {
  return (f.plan ??= planOf(type));
}

function message(w: Wire, plan: Plan, end: number, out: Record<string, Json> = {}): Json {
  if (plan.direct) return plan.direct(w, end);
  if (plan.rawJsonField !== undefined) return rawJsonMessage(w, plan.rawJsonField, end);
  (plan.fn ??= compile(plan))(w, end, out);
  return plan.special ? plan.special(out) : out;
}

/** What generated decoders call: strings, sub-messages, inline structs, map entries, other scalars. */
const helpers = {
  str: (w: Wire, end: number): string => {
    const len = w.length(end);
    const start = w.pos;
    w.pos += len;
    return len <= 32 ? shortString(w.buf, start, start + len) : utf8(w.buf, start, start + len);
  },
  sub: (w: Wire, f: FieldPlan, end: number): Json => sub(w, subPlan(f, f.type as protobuf.Type), end),
  inline: (w: Wire, f: FieldPlan, end: number, out: Record<string, Json>): void => {
    const len = w.length(end);
    const stop = w.pos + len;
    message(w, subPlan(f, f.type as protobuf.Type), stop, out); // a Go struct embedded `json:",inline"`
    w.pos = stop;
  },
  map: (w: Wire, f: FieldPlan, end: number, out: Record<string, Json>): void => {
    const m = f.map as NonNullable<FieldPlan['map']>;
    const len = w.length(end);
    const stop = w.pos + len;
    let key: Json = '';
    let value: Json = m.type ? {} : '';
    while (w.pos < stop) {
      const t = w.varint(stop);
      if (t >>> 3 === 1) key = w.scalar(m.key, stop);
      else if (t >>> 3 === 2) value = m.type ? sub(w, subPlan(f, m.type), stop) : w.scalar(m.value ?? 'string', stop);
      else w.skipUnknown('map entry', t, stop);
    }
    ((out[f.json] ??= {}) as Record<string, Json>)[String(key)] = value;
  },
  scalar: (w: Wire, kind: Scalar, end: number): Json => w.scalar(kind, end),
};

const WIRE: Record<Scalar, number> = {
  string: 2,
  bytes: 2,
  bool: 0,
  varint: 0,
  sint: 0,
  fixed64: 1,
  sfixed64: 1,
  double: 1,
  fixed32: 5,
  sfixed32: 5,
  float: 5,
};

/**
 * Generates a message's decoder: a switch over its fields' tags, each storing
 * under its own property name (V8 keeps such stores fast, where one shared
 * `out[name] = v` is slow). The source is built only from the descriptor's
 * field names and numbers (JSON.stringify quotes every name).
 */
function compile(plan: Plan): Decoder {
  const cases: string[] = [];
  plan.byNumber.forEach((f, id) => {
    if (!f) return;
    const k = JSON.stringify(f.json);
    const F = `F[${id}]`;
    const tag = (wt: number) => (id << 3) | wt;
    if (f.map) {
      cases.push(`case ${tag(2)}: H.map(w, ${F}, end, out); break;`);
    } else if (f.type) {
      const store = f.repeated
        ? `(out[${k}] || (out[${k}] = [])).push(H.sub(w, ${F}, end));`
        : f.inline
          ? `H.inline(w, ${F}, end, out);`
          : f.omitNull
            ? `{ const v = H.sub(w, ${F}, end); if (v !== null) out[${k}] = v; }`
            : `out[${k}] = H.sub(w, ${F}, end);`;
      cases.push(`case ${tag(2)}: ${store} break;`);
    } else {
      const kind = f.scalar as Scalar;
      const read =
        kind === 'string'
          ? 'H.str(w, end)'
          : kind === 'bool'
            ? '(w.varint(end) !== 0)'
            : kind === 'varint'
              ? 'w.signed(end)'
              : `H.scalar(w, ${JSON.stringify(kind)}, end)`;
      const zero = f.omitZero
        ? kind === 'string' || kind === 'bytes'
          ? ` if (v === '') break;`
          : kind === 'bool'
            ? ' if (v === false) break;'
            : ' if (v === 0) break;'
        : '';
      if (f.repeated) {
        cases.push(`case ${tag(WIRE[kind])}: (out[${k}] || (out[${k}] = [])).push(${read}); break;`);
        if (WIRE[kind] !== 2)
          cases.push(
            `case ${tag(2)}: { const list = out[${k}] || (out[${k}] = []); const stop = w.pos + w.length(end); while (w.pos < stop) list.push(H.scalar(w, ${JSON.stringify(kind)}, stop)); break; }`,
          );
      } else cases.push(`case ${tag(WIRE[kind])}: { const v = ${read};${zero} out[${k}] = v; break; }`);
    }
  });
  const nulls = plan.byNumber.flatMap((f) =>
    f?.nullWhenEmpty ? [`if (out[${JSON.stringify(f.json)}] === undefined) out[${JSON.stringify(f.json)}] = null;`] : [],
  );
  const source = `return function decode(w, end, out) {
  const buf = w.buf;
  while (w.pos < end) {
    let tag = buf[w.pos];
    if (tag < 128) w.pos++; else tag = w.varint(end);
    switch (tag) {
      ${cases.join('\n      ')}
      default: w.skipUnknown(${JSON.stringify(plan.name)}, tag, end);
    }
  }
  ${nulls.join('\n  ')}
};`;
  return new Function('H', 'F', source)(helpers, plan.byNumber) as Decoder;
}

function sub(w: Wire, plan: Plan, end: number): Json {
  const len = w.length(end);
  const stop = w.pos + len;
  const v = message(w, plan, stop);
  w.pos = stop;
  return v;
}

const names = new Map<protobuf.Type, string>();
const typeName = (t: protobuf.Type): string => {
  let name = names.get(t);
  if (name === undefined) names.set(t, (name = t.fullName.slice(1)));
  return name;
};

export function decodeRaw(apiVersion: string, kind: string, raw: Uint8Array): Decoded {
  const type = lookup(apiVersion, kind);
  if (!type) return { ok: false, reason: `no protobuf type for ${apiVersion} ${kind} in the types of Kubernetes ${descriptorReleases}` };
  const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const object: Record<string, Json> = { apiVersion, kind };
  const name = typeName(type);
  // Fields are set as each one completes: after a break, \`object\` holds every whole field before it.
  const w = new Wire(buf, 0);
  try {
    message(w, planOf(type), buf.length, object);
  } catch (e) {
    // Broken says where the bytes broke; anything else (nesting past the stack's depth) broke where reading was.
    const offset = e instanceof Broken ? e.offset : w.pos;
    const what = e instanceof Broken ? e.message : e instanceof RangeError ? 'messages nest deeper than the decoder follows' : String(e);
    return {
      ok: false,
      reason: `${kind} does not decode: ${what} (byte ${offset})`,
      partial: object as JsonObject,
      offset,
      type: name,
      unknown: w.unknown,
    };
  }
  return { ok: true, object: object as JsonObject, type: name, unknown: w.unknown };
}
