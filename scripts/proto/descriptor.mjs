// `npm run proto`: compiles the upstream generated.proto files of k8s.io/api,
// k8s.io/apimachinery, k8s.io/kube-aggregator and k8s.io/apiextensions-apiserver,
// at the lab's Kubernetes version (scripts/lab/versions.sh), into one protobufjs
// JSON descriptor that the bundle carries: src/infra/k8sproto/descriptor.json,
// with where it came from in src/infra/k8sproto/SOURCE.md. The modules come from
// Go's module cache (downloaded through the Go module proxy when missing).
// The API group of each package is read from its doc.go or register.go.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import protobuf from 'protobufjs';

const root = resolve(import.meta.dirname, '..', '..');
const versions = readFileSync(join(root, 'scripts', 'lab', 'versions.sh'), 'utf8');
const k8s = /K8S_VERSION=\"?v?([\d.]+)/.exec(versions)?.[1];
if (!k8s) throw new Error('K8S_VERSION not found in scripts/lab/versions.sh');
const staging = `v0.${k8s.split('.').slice(1).join('.')}`; // v1.34.4 → v0.34.4
const modules = ['k8s.io/api', 'k8s.io/apimachinery', 'k8s.io/kube-aggregator', 'k8s.io/apiextensions-apiserver'];

function moduleDir(mod) {
  const out = execFileSync('go', ['mod', 'download', '-json', `${mod}@${staging}`], { encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod' } });
  const dir = JSON.parse(out).Dir;
  if (!dir || !existsSync(dir)) throw new Error(`go mod download ${mod}@${staging} gave no directory`);
  return dir;
}

function protos(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...protos(p));
    else if (name === 'generated.proto') out.push(p);
  }
  return out;
}

const dirs = Object.fromEntries(modules.map((m) => [m, moduleDir(m)]));
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

// Go structs that embed another with `json:",inline"`: protobuf keeps the embedded one as a
// field named after its type, the JSON API writes its fields in place.
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
      const tag = /`json:"([\w$-]+)[^`]*protobuf:"[^"]*name=(\w+)/.exec(line);
      if (struct && tag && tag[1] !== tag[2] && pb.lookup(`${pkg}.${struct}`)?.fields?.[tag[2]]) (jsonNames[`${pkg}.${struct}`] ??= {})[tag[2]] = tag[1];
      // A value field (not a pointer) tagged omitempty: the JSON API leaves out its zero value,
      // protobuf stores it anyway.
      // ([]byte counts: Go's omitempty leaves out an empty one.)
      const z = /^\s+\w+\s+(?!\*|map\[)(?:\[\]byte|(?!\[\])[\w.]+)\s+`json:"[\w$-]+,omitempty"[^`]*name=(\w+)/.exec(line);
      if (struct && z && pb.lookup(`${pkg}.${struct}`)?.fields?.[z[1]]) (omitZero[`${pkg}.${struct}`] ??= []).push(z[1]);
      const nl = /^\s+\w+\s+(?:\[\](?!byte\b)|map\[)\S+\s+`json:"([\w$-]+)"[^`]*name=(\w+)/.exec(line);
      if (struct && nl && pb.lookup(`${pkg}.${struct}`)?.fields?.[nl[2]]) (nullWhenEmpty[`${pkg}.${struct}`] ??= []).push(nl[2]);
      // Tagged omitzero (Go 1.24): a zero struct is left out, e.g. a zero creationTimestamp, which decodes to null.
      const oz = /`json:"[\w$-]*,[^"]*\bomitzero\b[^"]*"[^`]*name=(\w+)/.exec(line);
      if (struct && oz && pb.lookup(`${pkg}.${struct}`)?.fields?.[oz[1]]) (omitNull[`${pkg}.${struct}`] ??= []).push(oz[1]);
      const named = /^\s+(?:\*?\S+\s+)?\*?\S+\s+`[^`]*protobuf:"[^"]*name=(\w+)/.exec(line);
      if (struct && named && pb.lookup(`${pkg}.${struct}`)?.fields?.[named[1]]) (order[`${pkg}.${struct}`] ??= []).push(named[1]);
      if (struct && /^\s+(?:metav1\.|v1\.)?TypeMeta\s+`json:",inline"/.test(line) && pb.lookup(`${pkg}.${struct}`))
        (order[`${pkg}.${struct}`] ??= []).push('#TypeMeta');
      const e = /^\s+\*?(?:\w+\.)?(\w+)\s+`json:",inline"(?:.*name=(\w+))?/.exec(line);
      if (!struct || !e) continue;
      const field = e[2] ?? e[1][0].toLowerCase() + e[1].slice(1);
      const message = pb.lookup(`${pkg}.${struct}`);
      if (message?.fields?.[field]) (inline[`${pkg}.${struct}`] ??= []).push(field);
    }
  }
}

// Keep only the orders that differ from the field numbers' (what protobuf writes, so what decoding yields).
for (const [name, fields] of Object.entries(order)) {
  const byNumber = [...pb.lookup(name).fieldsArray]
    .sort((a, b) => a.id - b.id)
    .map((f) => f.name)
    .filter((f) => fields.includes(f));
  if (!fields.includes('#TypeMeta') && byNumber.join() === fields.join()) delete order[name];
}

const json = pb.toJSON({ keepComments: false });
const descriptor = {
  kubernetes: `v${k8s}`,
  modules: Object.fromEntries(modules.map((m) => [m, staging])),
  groups,
  inline,
  omitZero,
  omitNull,
  nullWhenEmpty,
  jsonNames,
  namedLists,
  order,
  root: json,
};
const out = join(root, 'src', 'infra', 'k8sproto', 'descriptor.json');
writeFileSync(out, JSON.stringify(descriptor));
writeFileSync(
  join(root, 'src', 'infra', 'k8sproto', 'SOURCE.md'),
  `# Kubernetes protobuf descriptor

\`descriptor.json\` is generated by \`npm run proto\` (scripts/proto/descriptor.mjs)
from the \`generated.proto\` files of these Go modules, at Kubernetes v${k8s}:

${modules.map((m) => `- \`${m}@${staging}\``).join('\n')}

${files.length} files, ${Object.keys(groups).length} API group versions. The .proto files
are Copyright The Kubernetes Authors, licensed under the Apache License 2.0
(https://www.apache.org/licenses/LICENSE-2.0); the descriptor is a
mechanical translation of them (protobufjs JSON, comments dropped).
`,
);
console.log(`${relative(root, out)}: ${files.length} proto files, ${Object.keys(groups).length} group versions, ${(statSync(out).size / 1024).toFixed(0)} KiB`);
