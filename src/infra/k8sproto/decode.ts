/**
 * Decodes the `raw` of a Kubernetes protobuf envelope into the object's JSON,
 * as the API server would serve it, for every kind in the descriptor compiled
 * from upstream generated.proto files (SOURCE.md): no list of kinds. The
 * apimachinery types are written as the JSON API writes them (Time,
 * MicroTime, Duration, Quantity, IntOrString, RawExtension, FieldsV1 and
 * apiextensions' JSON and JSONSchemaProps shapes). A value that does not
 * decode returns what could be read, field by field, and where it stopped.
 */
import * as protobuf from 'protobufjs/light';
import type { Decoded, JsonObject } from '../../core/etcd/valueDocument';
import { formatGoDuration, formatMicroTime, formatTime } from '../../core/kube/jsonTypes';
import descriptor from './descriptor.json';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type { Decoded, JsonObject };

// int64 as JS numbers (the JSON API writes them as numbers too).
protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();

let root: protobuf.Root | undefined;
const types = new Map<string, protobuf.Type | undefined>();

function lookup(apiVersion: string, kind: string): protobuf.Type | undefined {
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

/** The Kubernetes version the descriptor was compiled from. */
export const descriptorVersion: string = descriptor.kubernetes;

export function knownGroupVersions(): string[] {
  return Object.keys(descriptor.groups);
}

export function decodeRaw(apiVersion: string, kind: string, raw: Uint8Array): Decoded {
  const type = lookup(apiVersion, kind);
  if (!type) return { ok: false, reason: `no protobuf type for ${apiVersion} ${kind} in the Kubernetes ${descriptorVersion} API` };
  try {
    const msg = type.decode(raw);
    return { ok: true, object: { apiVersion, kind, ...toJson(type, msg as unknown as Record<string, unknown>) }, type: type.fullName.slice(1) };
  } catch (e) {
    const partial = decodePartially(type, raw);
    return { ok: false, reason: `${kind} does not decode: ${(e as Error).message}`, partial: { apiVersion, kind, ...partial.object }, offset: partial.offset, type: type.fullName.slice(1) };
  }
}

/** Field by field: every top-level field that decodes, and the byte where decoding stopped. */
function decodePartially(type: protobuf.Type, raw: Uint8Array): { object: JsonObject; offset: number } {
  const r = protobuf.Reader.create(raw);
  const object: JsonObject = {};
  let offset = 0;
  try {
    while (r.pos < r.len) {
      offset = r.pos;
      const tag = r.uint32();
      const field = type.fieldsById[tag >>> 3];
      const start = r.pos;
      r.skipType(tag & 7);
      if (!field) continue;
      const one = protobuf.Reader.create(raw.subarray(offset, r.pos));
      const msg = type.decode(one) as unknown as Record<string, unknown>;
      Object.assign(object, toJson(type, msg));
      void start;
    }
    offset = r.pos;
  } catch {
    // offset is where the field that broke began
  }
  return { object, offset };
}

const MESSAGE = (name: string) => `.k8s.io.${name}`;
const SPECIAL: Record<string, (v: Record<string, unknown>, t: protobuf.Type) => Json> = {
  // A zero Time or MicroTime is written as null by the JSON API (Go's zero time is stored as 0 seconds).
  [MESSAGE('apimachinery.pkg.apis.meta.v1.Time')]: (v) => (num(v.seconds) === 0 && num(v.nanos) === 0 ? null : formatTime(num(v.seconds))),
  [MESSAGE('apimachinery.pkg.apis.meta.v1.MicroTime')]: (v) => (num(v.seconds) === 0 && num(v.nanos) === 0 ? null : formatMicroTime(num(v.seconds), num(v.nanos))),
  [MESSAGE('apimachinery.pkg.apis.meta.v1.Duration')]: (v) => formatGoDuration(num(v.duration)),
  [MESSAGE('apimachinery.pkg.api.resource.Quantity')]: (v) => String(v.string ?? ''),
  [MESSAGE('apimachinery.pkg.util.intstr.IntOrString')]: (v) => (num(v.type) === 1 ? String(v.strVal ?? '') : num(v.intVal)),
  [MESSAGE('apimachinery.pkg.runtime.RawExtension')]: (v) => rawJson(v.raw),
  [MESSAGE('apimachinery.pkg.apis.meta.v1.FieldsV1')]: (v) => rawJson(v.Raw),
  [MESSAGE('apiextensions_apiserver.pkg.apis.apiextensions.v1.JSON')]: (v) => rawJson(v.raw),
  [MESSAGE('apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.JSON')]: (v) => rawJson(v.raw),
};
for (const version of ['v1', 'v1beta1']) {
  const pkg = `apiextensions_apiserver.pkg.apis.apiextensions.${version}`;
  const sub = (t: protobuf.Type, name: string) => t.fields[name]?.resolvedType as protobuf.Type;
  SPECIAL[MESSAGE(`${pkg}.JSONSchemaPropsOrArray`)] = (v, t) => (v.schema ? toJson(sub(t, 'schema'), v.schema as Record<string, unknown>) : ((v.jSONSchemas as Record<string, unknown>[] | undefined) ?? []).map((s) => toJson(sub(t, 'jSONSchemas'), s)));
  SPECIAL[MESSAGE(`${pkg}.JSONSchemaPropsOrBool`)] = (v, t) => (v.schema ? toJson(sub(t, 'schema'), v.schema as Record<string, unknown>) : Boolean(v.allows));
  SPECIAL[MESSAGE(`${pkg}.JSONSchemaPropsOrStringArray`)] = (v, t) => (v.schema ? toJson(sub(t, 'schema'), v.schema as Record<string, unknown>) : ((v.property as string[] | undefined) ?? []));
}

/** Proto field names that the JSON API spells differently (apiextensions' JSONSchemaProps). */
function jsonName(type: protobuf.Type, name: string): string {
  if (!type.name.startsWith('JSONSchemaProps')) return name;
  if (name === 'ref') return '$ref';
  if (name === 'schema') return '$schema';
  if (name.startsWith('xKubernetes')) return `x-kubernetes-${name.slice('xKubernetes'.length).replace(/[A-Z]/g, (c, i: number) => `${i ? '-' : ''}${c.toLowerCase()}`)}`;
  return name;
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v);
  if (v && typeof v === 'object' && 'low' in v) return protobuf.util.LongBits.from(v as protobuf.Long).toNumber();
  return 0;
}

function rawJson(raw: unknown): Json {
  if (!(raw instanceof Uint8Array) || raw.length === 0) return null;
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

function scalar(field: protobuf.Field, v: unknown): Json {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  if (field.type === 'int64' || field.type === 'uint64' || field.type === 'sint64' || field.type === 'fixed64' || field.type === 'sfixed64') return num(v);
  return v as Json;
}

function value(field: protobuf.Field, v: unknown): Json {
  const t = field.resolvedType;
  if (t instanceof protobuf.Type) {
    const special = SPECIAL[t.fullName];
    return special ? special(v as Record<string, unknown>, t) : toJson(t, v as Record<string, unknown>);
  }
  return scalar(field, v);
}

const inlined = descriptor.inline as Record<string, string[]>;
/** Value fields tagged omitempty in Go: the JSON API leaves out their zero values; protobuf keeps them. */
const omitZero = descriptor.omitZero as Record<string, string[]>;

export function toJson(type: protobuf.Type, msg: Record<string, unknown>): JsonObject {
  const out: JsonObject = {};
  const inline = inlined[type.fullName.slice(1)];
  const omit = omitZero[type.fullName.slice(1)];
  for (const field of type.fieldsArray) {
    if (!Object.prototype.hasOwnProperty.call(msg, field.name)) continue;
    const v = msg[field.name];
    if (v === undefined || v === null) continue;
    const name = jsonName(type, field.name);
    if (field.map) {
      const entries = Object.entries(v as Record<string, unknown>);
      if (!entries.length) continue;
      out[name] = Object.fromEntries(entries.map(([k, x]) => [k, value(field, x)]));
    } else if (field.repeated) {
      const list = v as unknown[];
      if (!list.length) continue;
      out[name] = list.map((x) => value(field, x));
    } else if (inline?.includes(field.name) && field.resolvedType instanceof protobuf.Type) {
      Object.assign(out, toJson(field.resolvedType, v as Record<string, unknown>)); // a Go struct embedded `json:",inline"`
    } else {
      const x = value(field, v);
      if ((x === '' || x === 0 || x === false) && omit?.includes(field.name)) continue;
      out[name] = x;
    }
  }
  return out;
}
