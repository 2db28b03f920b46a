/**
 * Decodes the `raw` of a Kubernetes protobuf envelope into the object's JSON, as the API server
 * would serve it, for every kind in the descriptor compiled from upstream generated.proto files
 * (SOURCE.md): no list of kinds. Special types are written as the JSON API writes them
 * (specialTypes.ts); names, inline structs, omitempty/omitzero come from the Go tags.
 *
 * One pass over the wire bytes, straight into JSON with its keys in the API's order, driven by a
 * plan per message type built once from the descriptor (compile.ts generates its decoder). Fields
 * the descriptor does not know are skipped and noted. A value that breaks is read again keeping
 * each field as it is read, to show what decoded before the break, and says at which byte it broke.
 */
import * as protobuf from 'protobufjs/light';
import type { Decoded, JsonObject } from '../../core/etcd/valueDocument';
import descriptor from './descriptor.json';
import { compile, type FieldPlan, type Plan } from './compile';
import { goOrder, inlined, jsonNames, namedLists, nullWhenEmpty, omitNull, omitZero } from './goTags';
import { descriptorReleases } from './releases';
import { DIRECT, RAW_JSON, rawJsonMessage, SPECIAL } from './specialTypes';
import { Broken, shortString, utf8, Wire, type Json, type Scalar } from './wire';

export { resetCaches } from './wire';

export type { Decoded, JsonObject };

// --- plans ------------------------------------------------------------------

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

export function planOf(type: protobuf.Type): Plan {
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
    order: goOrder[full],
    special: SPECIAL[full] ?? (namedLists.has(full) ? listItems : undefined),
    rawJsonField: RAW_JSON[full],
    read: DIRECT[full],
  };
  plans.set(type, plan);
  return plan;
}

/** The plan of a message field's type, found once and kept on the field. */
export function subPlan(f: FieldPlan, type: protobuf.Type): Plan {
  return (f.plan ??= planOf(type));
}

/** Set while a broken value is read again with the decoders that keep each field as it is read. */
let salvaging = false;

export function message(w: Wire, plan: Plan, end: number, out: Record<string, Json> = {}, typeMeta?: { kind: Json; apiVersion: Json }): Json {
  if (plan.read) return plan.read(w, end);
  if (plan.rawJsonField !== undefined) return rawJsonMessage(w, plan.rawJsonField, end);
  if (salvaging) (plan.direct ??= compile(plan, false, helpers))(w, end, out);
  else (plan.ordered ??= compile(plan, true, helpers))(w, end, out, typeMeta);
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
  inline: (w: Wire, f: FieldPlan, end: number, into: Record<string, Json>): Record<string, Json> => {
    const len = w.length(end);
    const stop = w.pos + len;
    message(w, subPlan(f, f.type as protobuf.Type), stop, into); // a Go struct embedded `json:",inline"`
    w.pos = stop;
    return into;
  },
  /** One map entry, added to the map read so far (`into`); returns the map. */
  map: (w: Wire, f: FieldPlan, end: number, into: Record<string, Json> | undefined): Record<string, Json> => {
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
    const map = into ?? {};
    map[String(key)] = value;
    return map;
  },
  scalar: (w: Wire, kind: Scalar, end: number): Json => w.scalar(kind, end),
};

function sub(w: Wire, plan: Plan, end: number): Json {
  const len = w.length(end);
  const stop = w.pos + len;
  const v = message(w, plan, stop);
  w.pos = stop;
  return v;
}

const names = new Map<protobuf.Type, string>();
export const typeName = (t: protobuf.Type): string => {
  let name = names.get(t);
  if (name === undefined) names.set(t, (name = t.fullName.slice(1)));
  return name;
};

export function decodeRaw(apiVersion: string, kind: string, raw: Uint8Array): Decoded {
  const type = lookup(apiVersion, kind);
  if (!type) return { ok: false, reason: `no protobuf type for ${apiVersion} ${kind} in the types of Kubernetes ${descriptorReleases}` };
  const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const plan = planOf(type);
  // kind and apiVersion go where Go's TypeMeta is; first, for the few types without one.
  const object: Record<string, Json> = plan.order?.includes('#TypeMeta') ? {} : { kind, apiVersion };
  const name = typeName(type);
  const w = new Wire(buf, 0);
  try {
    message(w, plan, buf.length, object, { kind, apiVersion });
  } catch (e) {
    // Broken says where the bytes broke; anything else (nesting past the stack's depth) broke where reading was.
    const offset = e instanceof Broken ? e.offset : w.pos;
    const what = e instanceof Broken ? e.message : e instanceof RangeError ? 'messages nest deeper than the decoder follows' : String(e);
    // Read again, keeping each field as soon as it is read: `partial` holds every whole field before the break.
    const partial: Record<string, Json> = { apiVersion, kind };
    salvaging = true;
    try {
      message(new Wire(buf, 0), plan, buf.length, partial);
    } catch {
      // It breaks at the same byte.
    } finally {
      salvaging = false;
    }
    return { ok: false, reason: `${kind} does not decode: ${what} (byte ${offset})`, partial: partial as JsonObject, offset, type: name, unknown: w.unknown };
  }
  return { ok: true, object: object as JsonObject, type: name, unknown: w.unknown };
}
