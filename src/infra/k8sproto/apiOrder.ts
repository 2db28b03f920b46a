/**
 * Puts a decoded object's keys in the order the JSON API writes them: Go's
 * struct field order (kind and apiVersion first, inline structs in place),
 * so a value document reads, and diffs, like `kubectl get -o json`. Decoding
 * writes whole values in that order already (compile.ts); this pass is for what
 * decoded of a broken value, read field by field in the protobuf field numbers'
 * order. npm run proto records the Go order of each struct where the two
 * differ. Keys the types do not know come last.
 * What to do for each message type is worked out once (a plan of steps) and kept.
 */
import type * as protobuf from 'protobufjs/light';
import { lookup } from './decode';
import { goOrder as order, inlined, jsonNames, namedLists } from './goTags';
import { DIRECT, RAW_JSON, SPECIAL } from './specialTypes';
import type { Json } from './wire';

type JsonObject = { [k: string]: Json };

/** One key of a message, in Go order: where kind and apiVersion go, an inline struct's keys, or a field. */
type Step =
  | { readonly typeMeta: true }
  | { readonly inline: protobuf.Type }
  | { readonly json: string; readonly sub?: protobuf.Type; readonly map: boolean; readonly list: boolean };

interface Plan {
  readonly steps: readonly Step[];
  /** Written by the JSON API in their own shape (times, quantities, raw JSON, named lists): kept as they are. */
  readonly leaf: boolean;
}

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const plans = new Map<protobuf.Type, Plan>();

function planOf(type: protobuf.Type): Plan {
  let plan = plans.get(type);
  if (plan) return plan;
  const full = type.fullName.slice(1);
  const names = order[full] ?? [...type.fieldsArray].sort((a, b) => a.id - b.id).map((f) => f.name);
  const steps: Step[] = [];
  for (const name of names) {
    if (name === '#TypeMeta') {
      steps.push({ typeMeta: true });
      continue;
    }
    const field = type.fields[name];
    if (!field) continue;
    field.resolve();
    const sub = field.resolvedType && 'fieldsArray' in field.resolvedType ? (field.resolvedType as protobuf.Type) : undefined;
    if (sub && inlined[full]?.includes(name)) steps.push({ inline: sub });
    else steps.push({ json: jsonNames[full]?.[name] ?? name, sub, map: field.map, list: field.repeated });
  }
  plan = { steps, leaf: Boolean(SPECIAL[full] || RAW_JSON[full] || DIRECT[full] || namedLists.has(full)) };
  plans.set(type, plan);
  return plan;
}

/** The object, its keys in the JSON API's order (a copy; the input is not changed). */
export function inApiOrder(object: JsonObject): JsonObject {
  const type = lookup(String(object.apiVersion ?? ''), String(object.kind ?? ''));
  if (!type) return object;
  const out: JsonObject = {};
  const plan = planOf(type);
  if (!plan.steps.some((s) => 'typeMeta' in s)) for (const k of ['kind', 'apiVersion']) if (k in object) out[k] = object[k] as Json;
  emit(object, plan, out);
  return rest(object, out);
}

/** Copies the keys of a message from `o` into `out`, in Go order, each value ordered by its own type. */
function emit(o: JsonObject, plan: Plan, out: JsonObject): void {
  for (const s of plan.steps) {
    if ('typeMeta' in s) {
      if (o.kind !== undefined) out.kind = o.kind;
      if (o.apiVersion !== undefined) out.apiVersion = o.apiVersion;
    } else if ('inline' in s) emit(o, planOf(s.inline), out);
    else {
      const v = o[s.json];
      if (v === undefined) continue;
      out[s.json] = s.sub ? value(v, s.sub, s.map) : v;
    }
  }
}

function value(v: Json, sub: protobuf.Type, map: boolean): Json {
  const plan = planOf(sub);
  if (plan.leaf) return v;
  if (map) {
    if (!isObject(v)) return v;
    const out: JsonObject = {};
    for (const k in v) out[k] = message(v[k] as Json, plan);
    return out;
  }
  if (Array.isArray(v)) return v.map((x) => message(x, plan));
  return message(v, plan);
}

function message(v: Json, plan: Plan): Json {
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  emit(v, plan, out);
  return rest(v, out);
}

/** Keys no type names (unknown to the descriptor) keep their place after the known ones. */
function rest(o: JsonObject, out: JsonObject): JsonObject {
  for (const k in o) if (!(k in out)) out[k] = o[k] as Json;
  return out;
}
