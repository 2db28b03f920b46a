/**
 * Puts a decoded object's keys in the order the JSON API writes them: Go's
 * struct field order (kind and apiVersion first, inline structs in place),
 * so a value document reads, and diffs, like `kubectl get -o json`. Decoding
 * yields the protobuf field numbers' order; npm run proto records the Go order
 * of each struct where the two differ. Keys the types do not know come last.
 * A separate pass, run for the one object a document shows, not in decoding.
 */
import type * as protobuf from 'protobufjs/light';
import { lookup } from './decode';
import { goOrder as order, inlined, jsonNames, namedLists } from './goTags';
import { DIRECT, RAW_JSON, SPECIAL } from './specialTypes';
import type { Json } from './wire';

type JsonObject = { [k: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const messageOf = (f: protobuf.Field): protobuf.Type | undefined => {
  f.resolve();
  return f.resolvedType && 'fieldsArray' in f.resolvedType ? (f.resolvedType as protobuf.Type) : undefined;
};

/** The object, its keys in the JSON API's order (a copy; the input is not changed). */
export function inApiOrder(object: JsonObject): JsonObject {
  const type = lookup(String(object.apiVersion ?? ''), String(object.kind ?? ''));
  if (!type) return object;
  const out: JsonObject = {};
  if (!order[type.fullName.slice(1)]?.includes('#TypeMeta')) for (const k of ['kind', 'apiVersion']) if (k in object) out[k] = object[k] as Json;
  emit(object, type, out);
  return rest(object, out);
}

/** Copies the keys of `type` from `o` into `out`, in Go order, each value ordered by its own type. */
function emit(o: JsonObject, type: protobuf.Type, out: JsonObject): void {
  const full = type.fullName.slice(1);
  const names = order[full] ?? [...type.fieldsArray].sort((a, b) => a.id - b.id).map((f) => f.name);
  for (const name of names) {
    if (name === '#TypeMeta') {
      for (const k of ['kind', 'apiVersion']) if (k in o) out[k] = o[k] as Json;
      continue;
    }
    const field = type.fields[name];
    if (!field) continue;
    const sub = messageOf(field);
    if (sub && inlined[full]?.includes(name)) {
      emit(o, sub, out);
      continue;
    }
    const json = jsonNames[full]?.[name] ?? name;
    if (json in o) out[json] = value(o[json] as Json, field, sub);
  }
}

function value(v: Json, field: protobuf.Field, sub: protobuf.Type | undefined): Json {
  if (!sub) return v;
  if (field.map) return isObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, message(x, sub)])) : v;
  if (Array.isArray(v)) return v.map((x) => message(x, sub));
  return message(v, sub);
}

function message(v: Json, type: protobuf.Type): Json {
  const full = type.fullName.slice(1);
  // Written by the JSON API in their own shape (times, quantities, raw JSON, named lists): as they are.
  if (!isObject(v) || SPECIAL[full] || RAW_JSON[full] || DIRECT[full] || namedLists.has(full)) return v;
  const out: JsonObject = {};
  emit(v, type, out);
  return rest(v, out);
}

/** Keys no type names (unknown to the descriptor) keep their place after the known ones. */
function rest(o: JsonObject, out: JsonObject): JsonObject {
  for (const [k, x] of Object.entries(o)) if (!(k in out)) out[k] = x;
  return out;
}
