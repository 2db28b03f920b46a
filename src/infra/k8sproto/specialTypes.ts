/**
 * The apimachinery and apiextensions types that the JSON API does not write
 * as their protobuf messages: Time, MicroTime, Duration, Quantity,
 * IntOrString, the messages that carry raw JSON (RawExtension, FieldsV1,
 * apiextensions' JSON) and the JSONSchemaProps "Or" types. decode.ts asks
 * here by full type name; JSON names come from the Go tags (descriptor.json).
 */
import { formatGoDuration, formatMicroTime, formatTime } from '../../core/kube/jsonTypes';
import { parseJson, type Json, type Wire } from './wire';

/** Messages whose one bytes field (this number) holds JSON text. */
export const RAW_JSON: Record<string, number> = {
  'k8s.io.apimachinery.pkg.runtime.RawExtension': 1,
  'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1': 1,
  'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSON': 1,
  'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.JSON': 1,
};

const n = (v: Json | undefined): number => (typeof v === 'number' ? v : 0);
const M = 'k8s.io.apimachinery.pkg.';
const AE = 'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.';
export const SPECIAL: Record<string, (o: Record<string, Json>) => Json> = {
  // A zero MicroTime (or Time: directTime below) is stored as an empty message and written as null.
  [`${M}apis.meta.v1.MicroTime`]: (o) => (o.seconds === undefined && o.nanos === undefined ? null : formatMicroTime(n(o.seconds), n(o.nanos))),
  [`${M}apis.meta.v1.Duration`]: (o) => formatGoDuration(n(o.duration)),
  [`${M}api.resource.Quantity`]: (o) => String(o.string ?? ''),
  [`${M}util.intstr.IntOrString`]: (o) => (n(o.type) === 1 ? String(o.strVal ?? '') : n(o.intVal)),
};
for (const v of ['v1', 'v1beta1']) {
  SPECIAL[`${AE}${v}.JSONSchemaPropsOrArray`] = (o) => o.schema ?? o.jSONSchemas ?? [];
  SPECIAL[`${AE}${v}.JSONSchemaPropsOrBool`] = (o) => o.schema ?? Boolean(o.allows);
  SPECIAL[`${AE}${v}.JSONSchemaPropsOrStringArray`] = (o) => o.schema ?? o.property ?? [];
}

/**
 * meta.v1.Time (seconds = 1, nanos = 2), straight to its JSON form. A zero
 * time is stored as an empty message and written as null; a time at the Unix
 * epoch is stored with its seconds (0) and written as that time.
 */
function directTime(w: Wire, end: number): Json {
  const empty = w.pos >= end;
  let seconds = 0;
  while (w.pos < end) {
    const tag = w.varint(end);
    if (tag === 8) seconds = Number(w.signed(end));
    else w.skip(tag & 7, end); // nanos: Go's JSON of a Time has seconds only
  }
  return empty ? null : formatTime(seconds);
}

/** resource.Quantity (string = 1), straight to its string. */
function directQuantity(w: Wire, end: number): Json {
  let v: Json = '';
  while (w.pos < end) {
    const tag = w.varint(end);
    if (tag === 10) v = w.scalar('string', end);
    else w.skip(tag & 7, end);
  }
  return v;
}

export const DIRECT: Record<string, (w: Wire, end: number) => Json> = {
  'k8s.io.apimachinery.pkg.apis.meta.v1.Time': directTime,
  'k8s.io.apimachinery.pkg.api.resource.Quantity': directQuantity,
};

/** A message whose one bytes field holds JSON text: the JSON it holds (null when empty). */
export function rawJsonMessage(w: Wire, field: number, end: number): Json {
  let v: Json = null;
  while (w.pos < end) {
    const tag = w.varint(end);
    if (tag >>> 3 === field && (tag & 7) === 2) {
      const len = w.length(end);
      v = parseJson(w.buf, w.pos, w.pos + len);
      w.pos += len;
    } else w.skip(tag & 7, end);
  }
  return v;
}
