/**
 * Generates each message type's decoder from its plan (decode.ts): a switch
 * over the message's field tags. Two kinds:
 *
 * - ordered (what every value uses): reads each field into a local, then writes
 *   the object's keys in the order the JSON API writes them (Go's field order,
 *   kind and apiVersion where Go's TypeMeta is, inline structs in place), leaving
 *   out what Go's omitempty/omitzero leave out and writing null where Go does.
 *   The object comes out exactly as the API prints it: no second pass.
 * - direct (for a value that breaks): stores each field as soon as it is read,
 *   so that what decoded before the break is kept.
 *
 * The source is built only from the descriptor's field names and numbers
 * (JSON.stringify quotes every name). Separate stores under each property name
 * keep V8's stores fast, where one shared `out[name] = v` is slow.
 */
import type * as protobuf from 'protobufjs/light';
import type { Json, Scalar, Wire } from './wire';

export interface FieldPlan {
  readonly name: string;
  readonly json: string;
  readonly scalar?: Scalar;
  /** For message fields: the message's type (its plan is made lazily: types refer to each other). */
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

/** `typeMeta`: the kind and apiVersion of a top-level object, written where Go's TypeMeta is. */
export type Decoder = (w: Wire, end: number, out: Record<string, Json>, typeMeta?: { kind: Json; apiVersion: Json }) => void;

/**
 * Writes a message's members as JSON text (`"name": value`, in Go order, joined by commas), for
 * an object whose members sit at depth `depth`; `typeMeta`: the kind and apiVersion members.
 */
export type TextDecoder = (w: Wire, end: number, depth: number, typeMeta?: string) => string;

export interface Plan {
  /** The message's name (e.g. PodSpec), to say where an unknown field was. */
  readonly name: string;
  readonly byNumber: ReadonlyArray<FieldPlan | undefined>;
  /** Go's field order (protobuf names, '#TypeMeta'), where it differs from the field numbers'. */
  readonly order?: readonly string[];
  /** The decoders, generated on first use. */
  ordered?: Decoder;
  direct?: Decoder;
  /** The decoders straight to JSON text (compileText.ts): compact, and indented by two spaces. */
  compact?: TextDecoder;
  pretty?: TextDecoder;
  readonly special?: (o: Record<string, Json>) => Json;
  /** RawExtension, FieldsV1, apiextensions JSON: the number of the bytes field that holds JSON text. */
  readonly rawJsonField?: number;
  /** Time and Quantity, the most frequent small messages: read straight into their JSON form. */
  readonly read?: (w: Wire, end: number) => Json;
}

export const WIRE: Record<Scalar, number> = {
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

/** The switch's cases; `store(f, id, value)` is the statement that keeps a single field's value. */
function cases(plan: Plan, ordered: boolean): string[] {
  const out: string[] = [];
  plan.byNumber.forEach((f, id) => {
    if (!f) return;
    const k = JSON.stringify(f.json);
    const F = `F[${id}]`;
    const slot = ordered ? `v${id}` : `out[${k}]`;
    const tag = (wt: number) => (id << 3) | wt;
    if (f.map) {
      out.push(`case ${tag(2)}: ${slot} = H.map(w, ${F}, end, ${slot}); break;`);
    } else if (f.type) {
      const store = f.repeated
        ? `(${slot} || (${slot} = [])).push(H.sub(w, ${F}, end));`
        : f.inline
          ? ordered
            ? `${slot} = H.inline(w, ${F}, end, ${slot} || {});`
            : `H.inline(w, ${F}, end, out);`
          : f.omitNull && !ordered
            ? `{ const v = H.sub(w, ${F}, end); if (v !== null) ${slot} = v; }`
            : `${slot} = H.sub(w, ${F}, end);`;
      out.push(`case ${tag(2)}: ${store} break;`);
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
      if (f.repeated) {
        out.push(`case ${tag(WIRE[kind])}: (${slot} || (${slot} = [])).push(${read}); break;`);
        if (WIRE[kind] !== 2)
          out.push(
            `case ${tag(2)}: { const list = ${slot} || (${slot} = []); const stop = w.pos + w.length(end); while (w.pos < stop) list.push(H.scalar(w, ${JSON.stringify(kind)}, stop)); break; }`,
          );
      } else if (ordered || !f.omitZero) out.push(`case ${tag(WIRE[kind])}: ${slot} = ${read}; break;`);
      else out.push(`case ${tag(WIRE[kind])}: { const v = ${read}; if (v !== ${zero(kind)}) ${slot} = v; break; }`);
    }
  });
  return out;
}

export const zero = (kind: Scalar): string => (kind === 'string' || kind === 'bytes' ? "''" : kind === 'bool' ? 'false' : '0');

/** The statements that write the object's keys from the locals, in Go order. */
function writes(plan: Plan): string[] {
  const byName = new Map(plan.byNumber.flatMap((f, id) => (f ? [[f.name, id] as const] : [])));
  const names = [...(plan.order ?? []), ...plan.byNumber.flatMap((f) => (f && !plan.order?.includes(f.name) ? [f.name] : []))];
  return names.map((name): string => {
    if (name === '#TypeMeta') return 'if (TM !== undefined) { out.kind = TM.kind; out.apiVersion = TM.apiVersion; }';
    const id = byName.get(name);
    const f = id === undefined ? undefined : plan.byNumber[id];
    if (!f) return '';
    const v = `v${id}`;
    const k = JSON.stringify(f.json);
    if (f.inline) return `if (${v} !== undefined) for (const key in ${v}) out[key] = ${v}[key];`;
    if (f.nullWhenEmpty) return `out[${k}] = ${v} === undefined ? null : ${v};`;
    if (f.omitNull) return `if (${v} !== undefined && ${v} !== null) out[${k}] = ${v};`;
    if (f.omitZero && !f.repeated && f.scalar) return `if (${v} !== undefined && ${v} !== ${zero(f.scalar)}) out[${k}] = ${v};`;
    return `if (${v} !== undefined) out[${k}] = ${v};`;
  });
}

/**
 * A generated decoder: `locals` (one per field, when values are kept before they are written),
 * the loop over the wire that runs `cases` by tag, then `after`. Its arguments: `args`.
 */
export function generate<T>(plan: Plan, args: string, locals: boolean, cases: readonly string[], after: readonly string[], helpers: unknown): T {
  const vars = locals ? plan.byNumber.flatMap((f, id) => (f ? [`v${id}`] : [])) : [];
  const source = `return function decode(${args}) {
  const buf = w.buf;
  ${vars.length ? `let ${vars.join(', ')};` : ''}
  while (w.pos < end) {
    let tag = buf[w.pos];
    if (tag < 128) w.pos++; else tag = w.varint(end);
    switch (tag) {
      ${cases.join('\n      ')}
      default: w.skipUnknown(${JSON.stringify(plan.name)}, tag, end);
    }
  }
  ${after.join('\n  ')}
};`;
  return new Function('H', 'F', source)(helpers, plan.byNumber) as T;
}

export function compile(plan: Plan, ordered: boolean, helpers: unknown): Decoder {
  const nulls = plan.byNumber.flatMap((f) =>
    f?.nullWhenEmpty ? [`if (out[${JSON.stringify(f.json)}] === undefined) out[${JSON.stringify(f.json)}] = null;`] : [],
  );
  return generate<Decoder>(plan, 'w, end, out, TM', ordered, cases(plan, ordered), ordered ? writes(plan) : nulls, helpers);
}
