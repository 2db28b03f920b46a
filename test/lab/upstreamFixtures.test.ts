import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyValue } from '../../src/core/etcd/envelope';
import { decodeRaw } from '../../src/infra/k8sproto/decode';
import { decodeText } from '../../src/infra/k8sproto/text';
import descriptor from '../../src/infra/k8sproto/descriptor.json';
import { repoRoot } from '../../tools/vscodeServer';

// A reference the project did not write: the round-trip fixtures that k8s.io/api and
// k8s.io/apiextensions-apiserver ship, at every release the descriptor covers. Each
// <group>.<version>.<Kind>.pb is a value as the API server stores it in etcd, beside
// the .json the API's own serializer writes for the same object: testdata/HEAD (that
// release's), and testdata/v1.N.0 (what an older release wrote, kept upstream to
// check compatibility). The modules come from Go's module cache (the lab's build put
// some there; else the Go module proxy), as `npm run proto` gets them.
const releases = (descriptor.releases as string[]).map((r) => {
  const [minor, module] = r.split(': ') as [string, string];
  return { minor, module };
});
const oldest = Number(releases[0]?.minor.split('.')[1]);
/** Kinds that are bodies of API calls, never objects stored in etcd: the descriptor rightly has no type for them. */
const neverStored = /^(APIGroup|APIVersions|Status|WatchEvent|\w+Options)$/;
const kindOf = (file: string): string => file.split('.').slice(-2, -1)[0] as string;
/** `<group>.<version>.<Kind>.pb` of a kind stored in etcd (not the `…after_roundtrip.pb` a newer release rewrote). */
const isFixture = (file: string): boolean => /^[\w.-]+\.[A-Z]\w*\.pb$/.test(file) && !neverStored.test(kindOf(file));

function moduleDir(mod: string, version: string): string {
  const out = execFileSync('go', ['mod', 'download', '-json', `${mod}@${version}`], {
    encoding: 'utf8',
    timeout: 150_000,
    env: { ...process.env, GOFLAGS: '-mod=mod' },
  });
  return (JSON.parse(out) as { Dir: string }).Dir;
}

/** The fixture directories of one release: HEAD, and the older releases' it keeps that the descriptor covers. */
function fixtureDirs(version: string): string[] {
  const roots = [join(moduleDir('k8s.io/api', version), 'testdata'), join(moduleDir('k8s.io/apiextensions-apiserver', version), 'pkg', 'apis', 'testdata')];
  return roots.flatMap((r) => {
    assert.ok(existsSync(join(r, 'HEAD')), `${r}/HEAD is missing`);
    return readdirSync(r)
      .filter((d) => d === 'HEAD' || Number(/^v1\.(\d+)\.0$/.exec(d)?.[1]) >= oldest)
      .map((d) => join(r, d));
  });
}

/** JSON text without the whitespace between tokens (what Go's encoder writes before indenting), escapes kept as written. */
function compact(json: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += json[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (!/\s/.test(c)) out += c;
  }
  return out;
}

/** Fixtures already compared (the same bytes recur in the next release's older-release folders). */
const seen = new Set<string>();

/** What went wrong with each fixture of `dir` (empty: every one decoded to exactly its .json). */
function check(dir: string): { compared: number; failures: string[] } {
  const failures: string[] = [];
  let compared = 0;
  for (const f of readdirSync(dir).filter(isFixture)) {
    const bytes = readFileSync(join(dir, f));
    const text = readFileSync(join(dir, f.replace(/\.pb$/, '.json')), 'utf8');
    const hash = createHash('sha256').update(bytes).update(text).digest('hex');
    if (seen.has(hash)) continue;
    seen.add(hash);
    compared++;
    const where = `${dir.split('/').slice(-3).join('/')}/${f}`;
    const stored = classifyValue(bytes);
    if (stored.format !== 'protobuf') {
      failures.push(`${where}: read as ${stored.format}`);
      continue;
    }
    const d = decodeRaw(stored.apiVersion, stored.kind, stored.raw);
    if (!d.ok) failures.push(`${where}: ${d.reason}`);
    else if (d.unknown?.length) failures.push(`${where}: fields the descriptor does not know: ${JSON.stringify(d.unknown)}`);
    // The same text, byte for byte: every value, null and key order as the API's serializer wrote them.
    else if (JSON.stringify(d.object) !== JSON.stringify(JSON.parse(text))) failures.push(`${where}: differs from its .json`);
    // Straight to text, as a document shows it (indented) and as the API sends it (compact): the .json's very characters.
    const indented = decodeText(stored.apiVersion, stored.kind, stored.raw, 2);
    const sent = decodeText(stored.apiVersion, stored.kind, stored.raw, 0);
    if (!('text' in indented) || indented.text !== text.trimEnd()) failures.push(`${where}: the indented text differs from its .json`);
    if (!('text' in sent) || sent.text !== compact(text)) failures.push(`${where}: the compact text differs from its .json without whitespace`);
  }
  return { compared, failures };
}

describe("decoding against upstream's round-trip fixtures, every Kubernetes release from the oldest the descriptor covers to the lab's", function () {
  this.timeout(300_000);

  for (const { minor, module } of releases)
    it(`Kubernetes ${minor} (k8s.io/api and apiextensions-apiserver ${module}): every fixture of a kind stored in etcd decodes to exactly its .json (as an object and as text, key order and nulls included)`, () => {
      let compared = 0;
      const failures: string[] = [];
      for (const dir of fixtureDirs(module)) {
        const r = check(dir);
        compared += r.compared;
        failures.push(...r.failures);
      }
      assert.deepEqual(failures.slice(0, 15), [], `${failures.length} of ${compared} fixtures`);
      assert.ok(compared > 20, `only ${compared} new fixtures compared`);
    });

  it("never throws and never hangs on any truncation or flipped byte of upstream's Pod, Deployment and CustomResourceDefinition values", () => {
    const newest = releases.at(-1)?.module ?? '';
    const values = [
      join(moduleDir('k8s.io/api', newest), 'testdata', 'HEAD', 'core.v1.Pod.pb'),
      join(moduleDir('k8s.io/api', newest), 'testdata', 'HEAD', 'apps.v1.Deployment.pb'),
      join(moduleDir('k8s.io/apiextensions-apiserver', newest), 'pkg', 'apis', 'testdata', 'HEAD', 'apiextensions.k8s.io.v1.CustomResourceDefinition.pb'),
    ];
    let decoded = 0;
    for (const file of values) {
      const stored = classifyValue(readFileSync(file));
      assert.equal(stored.format, 'protobuf', file);
      if (stored.format !== 'protobuf') continue;
      const raw = Buffer.from(stored.raw);
      const tryDecode = (bytes: Buffer, what: string) => {
        const d = decodeRaw(stored.apiVersion, stored.kind, bytes);
        if (!d.ok) assert.ok((d.offset ?? -1) >= 0 && (d.offset ?? 0) <= bytes.length, `${file} ${what}: offset ${d.offset}`);
        decoded++;
      };
      for (let cut = 0; cut < raw.length; cut++) tryDecode(raw.subarray(0, cut), `cut at ${cut}`);
      for (let i = 0; i < raw.length; i++) {
        const flipped = Buffer.from(raw);
        flipped[i] = (flipped[i] as number) ^ 0xff;
        tryDecode(flipped, `byte ${i} flipped`);
      }
    }
    assert.ok(decoded > 10_000, `${decoded} values`);
  });

  it('npm run decode writes each fixture of the newest release as the very text of its .json (but for a final newline)', () => {
    const dir = join(moduleDir('k8s.io/api', releases.at(-1)?.module ?? ''), 'testdata', 'HEAD');
    const files = readdirSync(dir).filter(isFixture);
    const out = mkdtempSync(join(tmpdir(), 'kubelab-decode-'));
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'decode.mjs'), '--out', out, ...files.map((f) => join(dir, f))], {
      timeout: 120_000,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    for (const f of files) {
      const name = f.replace(/\.pb$/, '.json');
      assert.equal(readFileSync(join(out, name), 'utf8').trimEnd(), readFileSync(join(dir, name), 'utf8').trimEnd(), name);
    }
  });
});
