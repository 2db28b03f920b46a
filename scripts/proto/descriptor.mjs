// `npm run proto`: compiles the upstream generated.proto files of k8s.io/api,
// k8s.io/apimachinery, k8s.io/kube-aggregator and k8s.io/apiextensions-apiserver,
// of every Kubernetes minor release from 1.29 to the lab's (scripts/lab/versions.sh),
// into one merged protobufjs JSON descriptor that the bundle carries:
// src/infra/k8sproto/descriptor.json, with where it came from in SOURCE.md.
// Kubernetes never reuses a field number, so the union of all releases' messages
// and fields decodes a value whatever release wrote it; where releases differ,
// the newest one's names and Go tags win, and fields only older releases had stay.
// The modules come from Go's module cache (downloaded through the Go module proxy
// when missing). The API group of each package is read from its doc.go or register.go.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import protobuf from 'protobufjs';
import { readRelease } from './release.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const versions = readFileSync(join(root, 'scripts', 'lab', 'versions.sh'), 'utf8');
const k8s = /K8S_VERSION=\"?v?([\d.]+)/.exec(versions)?.[1];
if (!k8s) throw new Error('K8S_VERSION not found in scripts/lab/versions.sh');
const [, newestMinor] = k8s.split('.').map(Number);
const modules = ['k8s.io/api', 'k8s.io/apimachinery', 'k8s.io/kube-aggregator', 'k8s.io/apiextensions-apiserver'];
/** The newest patch of each minor release the descriptor covers (staging modules are v0.<minor>.<patch>). */
const PATCHES = { 29: 15, 30: 14, 31: 14, 32: 13, 33: 13, 34: 13, 35: 10, 36: 6 };
const releases = [];
for (let minor = 29; minor <= newestMinor; minor++)
  releases.push(minor === newestMinor ? `v0.${k8s.split('.').slice(1).join('.')}` : `v0.${minor}.${PATCHES[minor] ?? 0}`);

function moduleDir(mod, staging) {
  const out = execFileSync('go', ['mod', 'download', '-json', `${mod}@${staging}`], { encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod' } });
  const dir = JSON.parse(out).Dir;
  if (!dir || !existsSync(dir)) throw new Error(`go mod download ${mod}@${staging} gave no directory`);
  return dir;
}

/** Newer definitions win; messages, fields (by number) and enum values only older releases had are kept. */
function combine(newer, older) {
  if (!newer || !older) return newer ?? older;
  const out = { ...newer };
  if (newer.fields && older.fields) {
    const ids = new Set(Object.values(newer.fields).map((f) => f.id));
    out.fields = { ...newer.fields };
    for (const [name, f] of Object.entries(older.fields)) if (!ids.has(f.id) && !(name in out.fields)) out.fields[name] = f;
  }
  if (newer.values && older.values) out.values = { ...older.values, ...newer.values };
  if (newer.nested || older.nested) {
    out.nested = {};
    for (const k of new Set([...Object.keys(newer.nested ?? {}), ...Object.keys(older.nested ?? {})]))
      out.nested[k] = combine(newer.nested?.[k], older.nested?.[k]);
  }
  return out;
}

/**
 * Field lists by message: the newest release's list, plus listed fields that only older releases had
 * (`keepGone`; not for rules that write a field the bytes lack, as nullWhenEmpty: newer releases don't).
 */
function combineLists(newer, older, fieldsOf, keepGone = true) {
  const out = { ...newer };
  for (const [msg, names] of Object.entries(older)) {
    const current = fieldsOf(msg);
    const gone = names.filter((n) => !current?.has(n) && (keepGone || !current));
    if (!(msg in newer) && current) {
      if (gone.length) out[msg] = gone;
    } else if (gone.length) out[msg] = [...(out[msg] ?? []), ...gone.filter((n) => !out[msg]?.includes(n))];
  }
  return out;
}

/** Go field order: the newest's, each field only an older release had placed after the field it followed there. */
function combineOrder(newer, older) {
  const out = { ...newer };
  for (const [msg, names] of Object.entries(older)) {
    if (!out[msg]) {
      out[msg] = names;
      continue;
    }
    const merged = [...out[msg]];
    names.forEach((n, i) => {
      if (merged.includes(n)) return;
      const after = i === 0 ? -1 : merged.indexOf(names[i - 1]);
      merged.splice(after + 1, 0, n);
    });
    out[msg] = merged;
  }
  return out;
}

/** JSON names by message: the newest release's, plus those of fields that only older releases had. */
function combineNames(newer, older, fieldsOf) {
  const out = { ...newer };
  for (const [msg, names] of Object.entries(older)) {
    const gone = Object.entries(names).filter(([n]) => !fieldsOf(msg)?.has(n));
    if (gone.length) out[msg] = { ...Object.fromEntries(gone), ...out[msg] };
  }
  return out;
}

const read = releases.map((staging) => readRelease(Object.fromEntries(modules.map((m) => [m, moduleDir(m, staging)])), modules));
const merged = structuredClone(read[0]);
/** The first and last release (index into `releases`) that has each message. */
const span = Object.fromEntries([...read[0].fields.keys()].map((m) => [m, [0, 0]]));
read.forEach((r, i) => {
  for (const m of r.fields.keys()) (span[m] ??= [i, i])[1] = i;
  if (i === 0) return;
  const fieldsOf = (msg) => r.fields.get(msg);
  merged.json = combine(r.json, merged.json);
  merged.groups = { ...merged.groups, ...r.groups };
  for (const t of ['inline', 'omitZero', 'omitNull']) merged[t] = combineLists(r[t], merged[t], fieldsOf);
  merged.nullWhenEmpty = combineLists(r.nullWhenEmpty, merged.nullWhenEmpty, fieldsOf, false);
  merged.jsonNames = combineNames(r.jsonNames, merged.jsonNames, fieldsOf);
  merged.namedLists = [...new Set([...merged.namedLists, ...r.namedLists])];
  merged.order = combineOrder(r.order, merged.order);
});

// Keep only the orders that differ from the field numbers' (what protobuf writes, so what decoding yields).
const pb = protobuf.Root.fromJSON(merged.json);
for (const [name, fields] of Object.entries(merged.order)) {
  const byNumber = [...pb.lookup(name).fieldsArray]
    .sort((a, b) => a.id - b.id)
    .map((f) => f.name)
    .filter((f) => fields.includes(f));
  if (!fields.includes('#TypeMeta') && byNumber.join() === fields.join()) delete merged.order[name];
}

// Which releases had each kind (a message with object or list metadata), where not all of them did:
// a value document says which Kubernetes releases' types decoded it.
const minorOf = (i) => `1.${releases[i].split('.')[1]}`;
const kinds = {};
for (const pkg of Object.values(merged.groups))
  for (const t of pb.lookup(pkg).nestedArray)
    if (t instanceof protobuf.Type && /ObjectMeta$/.test(t.fields.metadata?.type ?? '') && span[t.fullName.slice(1)]?.join() !== `0,${releases.length - 1}`)
      kinds[t.fullName.slice(1)] = span[t.fullName.slice(1)].map(minorOf);

const descriptor = {
  releases: releases.map((r, i) => `${minorOf(i)}: ${r}`),
  groups: merged.groups,
  kinds,
  inline: merged.inline,
  omitZero: merged.omitZero,
  omitNull: merged.omitNull,
  nullWhenEmpty: merged.nullWhenEmpty,
  jsonNames: merged.jsonNames,
  namedLists: merged.namedLists,
  order: merged.order,
  root: merged.json,
};
const out = join(root, 'src', 'infra', 'k8sproto', 'descriptor.json');
writeFileSync(out, JSON.stringify(descriptor));
writeFileSync(
  join(root, 'src', 'infra', 'k8sproto', 'SOURCE.md'),
  `# Kubernetes protobuf descriptor

\`descriptor.json\` is generated by \`npm run proto\` (scripts/proto/descriptor.mjs)
from the \`generated.proto\` files (and the Go types beside them) of these Go
modules, at each Kubernetes minor release from ${minorOf(0)} to ${minorOf(releases.length - 1)}, merged into one:

${modules.map((m) => `- \`${m}\``).join('\n')}

at ${releases.map((r, i) => `${r} (Kubernetes ${minorOf(i)})`).join(', ')}:
${read.reduce((n, r) => n + r.files, 0)} files read, ${Object.keys(merged.groups).length} API group versions.

The .proto files are Copyright The Kubernetes Authors, licensed under the
Apache License 2.0 (https://www.apache.org/licenses/LICENSE-2.0); the
descriptor is a mechanical translation of them (protobufjs JSON, comments
dropped).
`,
);
console.log(
  `${relative(root, out)}: ${releases.length} releases, ${Object.keys(merged.groups).length} group versions, ${(statSync(out).size / 1024).toFixed(0)} KiB`,
);
