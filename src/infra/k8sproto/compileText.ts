/**
 * Generates a message type's decoder straight to JSON text (the full path a
 * document or `npm run decode` needs: etcd bytes → text, with no object built
 * and printed afterwards). Each field's value is read into a local as text (or,
 * for numbers and booleans, as the value, so that omitempty can test it), then
 * the members are written in Go's field order with the same rules as the
 * ordered object decoder (compile.ts): the text is exactly JSON.stringify of
 * that object, compact or indented by two spaces.
 */
import { generate, WIRE, zero, type FieldPlan, type Plan, type TextDecoder } from './compile';
import type { Scalar } from './wire';

/** How a scalar value read from the wire is written as JSON (strings are read as quoted text already). */
function format(kind: Scalar, v: string): string {
  if (kind === 'string') return v;
  if (kind === 'bool') return `(${v} ? 'true' : 'false')`;
  if (kind === 'bytes') return `('"' + ${v} + '"')`;
  return `H.num(${v})`;
}

function read(kind: Scalar, end: string): string {
  if (kind === 'string') return `H.strText(w, ${end})`;
  if (kind === 'bool') return `(w.varint(${end}) !== 0)`;
  if (kind === 'varint') return `w.signed(${end})`;
  return `H.scalar(w, ${JSON.stringify(kind)}, ${end})`;
}

export function compileText(plan: Plan, pretty: boolean, helpers: unknown): TextDecoder {
  const nl = (d: string) => (pretty ? `H.nl(${d})` : "''");
  const sep = (d: string) => (pretty ? `H.sep(${d})` : "','");
  const cases: string[] = [];
  plan.byNumber.forEach((f, id) => {
    if (!f) return;
    const F = `F[${id}]`;
    const v = `v${id}`;
    const tag = (wt: number) => (id << 3) | wt;
    if (f.map) cases.push(`case ${tag(2)}: ${v} = H.mapText(w, ${F}, end, d, ${v}); break;`);
    else if (f.type && f.inline) cases.push(`case ${tag(2)}: ${v} = H.inlineText(w, ${F}, end, d); break;`);
    else if (f.type)
      cases.push(`case ${tag(2)}: ${f.repeated ? `(${v} || (${v} = [])).push(H.subText(w, ${F}, end, d + 1))` : `${v} = H.subText(w, ${F}, end, d)`}; break;`);
    else {
      const kind = f.scalar as Scalar;
      if (!f.repeated) cases.push(`case ${tag(WIRE[kind])}: ${v} = ${read(kind, 'end')}; break;`);
      else {
        cases.push(`case ${tag(WIRE[kind])}: (${v} || (${v} = [])).push(${format(kind, read(kind, 'end'))}); break;`);
        if (WIRE[kind] !== 2)
          cases.push(
            `case ${tag(2)}: { const list = ${v} || (${v} = []); const stop = w.pos + w.length(end); while (w.pos < stop) list.push(${format(kind, read(kind, 'stop'))}); break; }`,
          );
      }
    }
  });
  const byName = new Map(plan.byNumber.flatMap((f, id) => (f ? [[f.name, id] as const] : [])));
  const names = [...(plan.order ?? []), ...plan.byNumber.flatMap((f) => (f && !plan.order?.includes(f.name) ? [f.name] : []))];
  const add = (text: string) => `s += (s === '' ? '' : SEP) + ${text};`;
  // Compact: the key with and without the comma before it, as constants.
  const addKeyed = (key: string, text: string) =>
    pretty ? add(`${JSON.stringify(key)} + ${text}`) : `s += (s === '' ? ${JSON.stringify(key)} : ${JSON.stringify(`,${key}`)}) + ${text};`;
  const writes = names.map((name): string => {
    if (name === '#TypeMeta') return `if (TM !== undefined) ${add('TM')}`;
    const id = byName.get(name);
    const f: FieldPlan | undefined = id === undefined ? undefined : plan.byNumber[id];
    if (!f) return '';
    const v = `v${id}`;
    const key = `${JSON.stringify(f.json)}:${pretty ? ' ' : ''}`;
    if (f.inline) return `if (${v} !== undefined && ${v} !== '') ${add(v)}`;
    const list = f.map
      ? `('{' + ${nl('d + 1')} + ${v}.join(${sep('d + 1')}) + ${nl('d')} + '}')`
      : `('[' + ${nl('d + 1')} + ${v}.join(${sep('d + 1')}) + ${nl('d')} + ']')`;
    const text = f.repeated || f.map ? list : f.type ? v : format(f.scalar as Scalar, v);
    const present =
      f.type && f.omitNull && !f.repeated
        ? `${v} !== undefined && ${v} !== 'null'`
        : f.omitZero && !f.repeated && f.scalar
          ? `${v} !== undefined && ${v} !== ${f.scalar === 'string' ? `'""'` : f.scalar === 'bytes' ? "''" : zero(f.scalar)}`
          : `${v} !== undefined`;
    if (f.nullWhenEmpty) return addKeyed(key, `(${v} === undefined ? 'null' : ${text})`);
    return `if (${present}) ${addKeyed(key, text)}`;
  });
  return generate<TextDecoder>(plan, 'w, end, d, TM', true, cases, [`const SEP = ${sep('d')};`, "let s = '';", ...writes, 'return s;'], helpers);
}
