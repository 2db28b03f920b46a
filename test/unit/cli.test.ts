import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type Io } from '../../src/infra/k8sproto/cli';
import { envelope, pod } from '../support/k8sproto';

// npm run decode's behaviour at a shell: files, standard input, --out, and what
// it says about values that are not Kubernetes objects.
const dir = mkdtempSync(join(tmpdir(), 'kubelab-cli-'));
const file = (name: string, bytes: Buffer | string) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
function run(argv: string[], stdin = Buffer.alloc(0)) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdin: () => stdin, out: (t) => out.push(t), err: (t) => err.push(t) };
  return { code: main(argv, io), out: out.join(''), err: err.join('') };
}

describe('npm run decode', () => {
  it('prints a stored pod as the API JSON, kind and apiVersion first as the API writes them', () => {
    const r = run([file('pod.pb', envelope('v1', 'Pod', pod()))]);
    assert.equal(r.code, 0, r.err);
    const o = JSON.parse(r.out) as { kind: string; metadata: { name: string } };
    assert.deepEqual(Object.keys(o).slice(0, 4), ['kind', 'apiVersion', 'metadata', 'spec']);
    assert.equal(o.metadata.name, 'hello-demo');
    assert.ok(r.out.startsWith('{\n  "kind": "Pod",\n  "apiVersion": "v1",\n'));
  });

  it('reads standard input with -, and writes one .json per input with --out', () => {
    const out = join(dir, 'out');
    const r = run(['--out', out, '-', file('again.pb', envelope('v1', 'Pod', pod()))], envelope('v1', 'Pod', pod()));
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    assert.equal(readFileSync(join(out, 'stdin.json'), 'utf8'), readFileSync(join(out, 'again.json'), 'utf8'));
  });

  it('says which input is not a Kubernetes value and why, goes on with the rest, and exits 1', () => {
    const r = run([
      file('text.txt', 'hello'),
      join(dir, 'missing.pb'),
      file('ok.pb', envelope('v1', 'Pod', pod())),
      file('enc.bin', 'k8s:enc:aescbc:v1:key1:xyz'),
    ]);
    assert.equal(r.code, 1);
    assert.match(r.err, /text\.txt: not a Kubernetes value \(text\)/);
    assert.match(r.err, /missing\.pb: no such file/);
    assert.match(r.err, /enc\.bin: encrypted at rest by the aescbc provider with key key1/);
    assert.match(r.out, /"kind": "Pod"/);
  });

  it('explains its usage when given no input', () => {
    const r = run([]);
    assert.equal(r.code, 2);
    assert.match(r.err, /usage: npm run decode -- \[--out DIR\] FILE…/);
  });
});
