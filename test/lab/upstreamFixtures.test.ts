import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyValue } from '../../src/core/etcd/envelope';
import { inApiOrder } from '../../src/infra/k8sproto/apiOrder';
import { decodeRaw } from '../../src/infra/k8sproto/decode';
import descriptor from '../../src/infra/k8sproto/descriptor.json';
import { repoRoot } from '../../tools/vscodeServer';

// A reference the project did not write: the round-trip fixtures that k8s.io/api
// ships in testdata/HEAD, at the version the descriptor was compiled from. Each
// <group>.<version>.<Kind>.pb is a value as the API server stores it in etcd,
// beside the .json the API's own serializer writes for the same object. The
// module comes from Go's module cache (the lab's build put it there; else the
// Go module proxy), as `npm run proto` gets it.
const version = (descriptor.modules as Record<string, string>)['k8s.io/api'];
/** Kinds that are bodies of API calls, never objects stored in etcd: the descriptor rightly has no type for them. */
const neverStored = /^(APIGroup|APIVersions|Status|WatchEvent|\w+Options)$/;

describe(`decoding against upstream's round-trip fixtures (k8s.io/api@${version} testdata/HEAD)`, function () {
  this.timeout(180_000);
  let dir = '';

  before(() => {
    const out = execFileSync('go', ['mod', 'download', '-json', `k8s.io/api@${version}`], {
      encoding: 'utf8',
      timeout: 150_000,
      env: { ...process.env, GOFLAGS: '-mod=mod' },
    });
    dir = join((JSON.parse(out) as { Dir: string }).Dir, 'testdata', 'HEAD');
    assert.ok(existsSync(dir), `${dir} is missing`);
  });

  it('decodes every fixture of a kind stored in etcd to exactly the JSON the API server writes for it, key order included', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.pb'));
    let compared = 0;
    for (const f of files) {
      const kind = f.split('.').slice(-2, -1)[0] as string;
      const stored = classifyValue(readFileSync(join(dir, f)));
      if (neverStored.test(kind)) continue;
      assert.equal(stored.format, 'protobuf', f);
      if (stored.format !== 'protobuf') continue;
      const d = decodeRaw(stored.apiVersion, stored.kind, stored.raw);
      assert.ok(d.ok, `${f}: ${d.ok ? '' : d.reason}`);
      assert.deepEqual(d.unknown, [], `${f}: fields the descriptor does not know`);
      const want: unknown = JSON.parse(readFileSync(join(dir, f.replace(/\.pb$/, '.json')), 'utf8'));
      assert.deepStrictEqual(d.object, want, f);
      // The same text, byte for byte: the keys in the order the API's serializer wrote them.
      assert.equal(JSON.stringify(inApiOrder(d.object)), JSON.stringify(want), `${f}: key order`);
      compared++;
    }
    assert.ok(compared > 150, `only ${compared} fixtures compared`);
  });

  it('npm run decode writes each fixture as the very text of its .json (but for a final newline)', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.pb') && !neverStored.test(f.split('.').slice(-2, -1)[0] as string));
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
