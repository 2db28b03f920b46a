// One Kubernetes release's types, for descriptor.mjs: its generated.proto files compiled
// with protobufjs, and what its Go types say of the JSON API beside them (json names,
// omitempty/omitzero, inline structs, named list types, field order).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';

function protos(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...protos(p));
    else if (name === 'generated.proto') out.push(p);
  }
  return out;
}

/** `dirs`: each module's directory in Go's module cache, at this release. */
export function readRelease(dirs, modules) {
  const files = modules.flatMap((m) => protos(dirs[m]).map((f) => ({ mod: m, file: f })));
  const pb = new protobuf.Root();
  // Imports are Go import paths ("k8s.io/apimachinery/pkg/…/generated.proto"): map them into the modules.
  pb.resolvePath = (origin, target) => {
    if (existsSync(target)) return target;
    const mod = modules.find((m) => target.startsWith(`${m}/`));
    if (mod) return join(dirs[mod], target.slice(mod.length + 1));
    return protobuf.util.path.resolve(origin, target);
  };
  pb.loadSync(
    files.map((f) => f.file),
    { keepCase: true },
  );
  pb.resolveAll();

  // API group/version of each proto package: doc.go's `+groupName=`, else register.go's `const GroupName = "…"`.
  const groups = {};
  for (const { file } of files) {
    const pkg = /^package\s+([\w.]+);/m.exec(readFileSync(file, 'utf8'))?.[1];
    if (!pkg) continue;
    const read = (name) => (existsSync(join(dirname(file), name)) ? readFileSync(join(dirname(file), name), 'utf8') : '');
    const group = /\+groupName=([\w.-]*)/.exec(read('doc.go'))?.[1] ?? /const GroupName = "([\w.-]*)"/.exec(read('register.go'))?.[1];
    if (group === undefined) continue;
    const version = pkg.split('.').pop();
    groups[group ? `${group}/${version}` : version] = pkg;
  }

  // Go structs that embed another (`json:",inline"`, or `json:""` since 1.37): protobuf keeps the
  // embedded one as a field named after its type, the JSON API writes its fields in place.
  const inline = {};
  const omitZero = {};
  const omitNull = {};
  // Lists and maps without omitempty: Go's JSON writes an empty one as null (protobuf stores nothing).
  const nullWhenEmpty = {};
  // Fields whose Go `json` tag differs from their protobuf name (e.g. `Webhooks` → `webhooks`).
  const jsonNames = {};
  // Go named list types (`type ExtraValue []string`): protobuf wraps them in a message with `items`,
  // the JSON API writes the list itself.
  const namedLists = [];
  // The Go field order of each struct (protobuf names; '#TypeMeta' where kind and apiVersion go):
  // the order in which the JSON API writes an object's keys.
  const order = {};
  for (const { file } of files) {
    const pkg = /^package\s+([\w.]+);/m.exec(readFileSync(file, 'utf8'))?.[1];
    if (!pkg) continue;
    const goFiles = readdirSync(dirname(file)).filter((n) => n.endsWith('.go') && !n.endsWith('_test.go') && !n.startsWith('zz_generated'));
    for (const goFile of goFiles) {
      let struct;
      for (const line of readFileSync(join(dirname(file), goFile), 'utf8').split('\n')) {
        const s = /^type (\w+) struct \{/.exec(line);
        if (s) struct = s[1];
        const list = /^type (\w+) \[\][\w.*]+\s*$/.exec(line);
        const wrapped = list && pb.lookup(`${pkg}.${list[1]}`);
        if (wrapped?.fieldsArray?.length === 1 && wrapped.fields.items?.repeated) namedLists.push(`${pkg}.${list[1]}`);
        const known = (field) => struct && pb.lookup(`${pkg}.${struct}`)?.fields?.[field];
        const tag = /`json:"([\w$-]+)[^`]*protobuf:"[^"]*name=(\w+)/.exec(line);
        if (tag && tag[1] !== tag[2] && known(tag[2])) (jsonNames[`${pkg}.${struct}`] ??= {})[tag[2]] = tag[1];
        // A value field (not a pointer) tagged omitempty: the JSON API leaves out its zero value,
        // protobuf stores it anyway. ([]byte counts: Go's omitempty leaves out an empty one.)
        const z = /^\s+\w+\s+(?!\*|map\[)(?:\[\]byte|(?!\[\])[\w.]+)\s+`json:"[\w$-]+,omitempty"[^`]*name=(\w+)/.exec(line);
        if (z && known(z[1])) (omitZero[`${pkg}.${struct}`] ??= []).push(z[1]);
        const nl = /^\s+\w+\s+(?:\[\](?!byte\b)|map\[)\S+\s+`json:"([\w$-]+)"[^`]*name=(\w+)/.exec(line);
        if (nl && known(nl[2])) (nullWhenEmpty[`${pkg}.${struct}`] ??= []).push(nl[2]);
        // Tagged omitzero (Go 1.24): a zero struct is left out, e.g. a zero creationTimestamp, which decodes to null.
        const oz = /`json:"[\w$-]*,[^"]*\bomitzero\b[^"]*"[^`]*name=(\w+)/.exec(line);
        if (oz && known(oz[1])) (omitNull[`${pkg}.${struct}`] ??= []).push(oz[1]);
        const named = /^\s+(?:\*?\S+\s+)?\*?\S+\s+`[^`]*protobuf:"[^"]*name=(\w+)/.exec(line);
        if (named && known(named[1])) (order[`${pkg}.${struct}`] ??= []).push(named[1]);
        if (struct && /^\s+(?:metav1\.|v1\.)?TypeMeta\s+`json:"(?:,inline)?"/.test(line) && pb.lookup(`${pkg}.${struct}`))
          (order[`${pkg}.${struct}`] ??= []).push('#TypeMeta');
        const e = /^\s+\*?(?:\w+\.)?(\w+)\s+`json:"(?:,inline)?"(?:.*name=(\w+))?/.exec(line);
        if (!e) continue;
        const field = e[2] ?? e[1][0].toLowerCase() + e[1].slice(1);
        if (known(field)) (inline[`${pkg}.${struct}`] ??= []).push(field);
      }
    }
  }

  // Each message's field names, to tell a field this release has from one only another had.
  const fields = new Map();
  const walk = (ns) => {
    for (const t of ns.nestedArray) {
      if (t instanceof protobuf.Type) fields.set(t.fullName.slice(1), new Set(Object.keys(t.fields)));
      if (t.nestedArray) walk(t);
    }
  };
  walk(pb);
  return {
    json: pb.toJSON({ keepComments: false }),
    groups,
    inline,
    omitZero,
    omitNull,
    nullWhenEmpty,
    jsonNames,
    namedLists,
    order,
    fields,
    files: files.length,
  };
}
