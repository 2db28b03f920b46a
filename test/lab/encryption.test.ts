import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anatomyOf, encryptedOf, LOCAL_PROVIDERS } from '../../src/core/etcd/encryption';
import { classifyValue } from '../../src/core/etcd/envelope';
import { EtcdReader } from '../../src/infra/etcd/client';
import { decryptValue } from '../../src/infra/etcd/decrypt';
import { decodeRaw } from '../../src/infra/k8sproto/decode';
import { kubectl, labInfo, type LabInfo } from '../support/lab';

const NAME = 'encryption-demo';
const KEY = `/registry/secrets/default/${NAME}`;

/** Builds test/lab/go/encrypt (k8s.io/apiserver's own transformers at the lab's Kubernetes version) in a scratch module. */
function buildReference(dir: string): string {
  copyFileSync(join(__dirname, '..', '..', '..', 'test', 'lab', 'go', 'encrypt', 'main.go'), join(dir, 'main.go'));
  writeFileSync(join(dir, 'go.mod'), 'module kubelab.local/encryptref\n\ngo 1.24\n\nrequire k8s.io/apiserver v0.37.2\n');
  const env = { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' };
  execFileSync('go', ['mod', 'tidy'], { cwd: dir, env, stdio: 'ignore', timeout: 600_000 });
  execFileSync('go', ['build', '-o', 'encref', '.'], { cwd: dir, env, stdio: 'ignore', timeout: 600_000 });
  return join(dir, 'encref');
}

// Values encrypted at rest as kube-apiserver writes them (its own transformers, in Go), decrypted by
// KubeLab with the same keys: the stored Secret of the lab comes back byte for byte and decodes.
describe('encryption at rest: values written by k8s.io/apiserver, decrypted by KubeLab', function () {
  this.timeout(600_000);
  let lab: LabInfo;
  let dir: string;
  let plaintext: Buffer;
  let keys: Record<string, Buffer>;
  let stored: Record<string, Buffer>;

  before(async () => {
    lab = labInfo();
    dir = mkdtempSync(join(tmpdir(), 'kubelab-encref-'));
    const encref = buildReference(dir);
    kubectl(lab, 'delete', 'secret', NAME, '--ignore-not-found');
    kubectl(lab, 'create', 'secret', 'generic', NAME, '--from-literal=password=kubelab-plain-s3cret');
    const reader = await EtcdReader.open({ ...lab.etcd, timeoutMs: 30_000 });
    assert.ok(reader.ok);
    const v = await reader.value.get(Buffer.from(KEY));
    reader.value.close();
    assert.ok(v.ok && v.value);
    plaintext = v.value.value; // what the API server hands its transformer: the Secret's protobuf
    keys = { aescbc: randomBytes(32), aesgcm: randomBytes(32), secretbox: randomBytes(32) };
    const input = JSON.stringify({
      keys: Object.fromEntries(Object.entries(keys).map(([p, k]) => [p, k.toString('hex')])),
      keyName: 'key1',
      etcdKey: KEY,
      plaintext: plaintext.toString('hex'),
    });
    const out = JSON.parse(execFileSync(encref, [], { input, encoding: 'utf8' })) as { provider: string; stored: string }[];
    stored = Object.fromEntries(out.map((o) => [o.provider, Buffer.from(o.stored, 'hex')]));
  });
  after(() => {
    kubectl(lab, 'delete', 'secret', NAME, '--ignore-not-found');
    rmSync(dir, { recursive: true, force: true });
  });

  for (const provider of LOCAL_PROVIDERS)
    it(`${provider}: labelled, laid out, decrypted to the stored Secret, which decodes`, () => {
      const value = stored[provider] as Buffer;
      assert.deepEqual(classifyValue(value), { format: 'encrypted', provider, keyName: 'key1' });
      const e = encryptedOf(value);
      assert.ok(e);
      const a = anatomyOf(e);
      assert.equal(a.short, undefined);
      assert.equal(
        a.parts.reduce((n, p) => n + p.bytes, 0),
        e.payload.length,
      );
      const d = decryptValue(e, keys[provider] as Buffer, Buffer.from(KEY));
      assert.ok(d.ok, d.ok ? '' : d.error.message);
      assert.ok(d.value.equals(plaintext));
      const c = classifyValue(d.value);
      assert.equal(c.format, 'protobuf');
      const secret = c.format === 'protobuf' ? decodeRaw(c.apiVersion, c.kind, c.raw) : undefined;
      assert.ok(secret?.ok);
      assert.equal((secret.object.data as Record<string, unknown>).password, Buffer.from('kubelab-plain-s3cret').toString('base64'));
    });

  it('says which key did not work, and why, with no key and no plaintext in the message', () => {
    const messages: string[] = [];
    for (const provider of LOCAL_PROVIDERS) {
      const e = encryptedOf(stored[provider] as Buffer);
      assert.ok(e);
      const wrong = decryptValue(e, randomBytes(32), Buffer.from(KEY));
      assert.equal(wrong.ok, false);
      if (!wrong.ok) messages.push(wrong.error.message);
      const cut = decryptValue({ ...e, payload: e.payload.subarray(0, 20) }, keys[provider] as Buffer, Buffer.from(KEY));
      assert.equal(cut.ok, false);
      if (!cut.ok) messages.push(cut.error.message);
    }
    // AES-GCM authenticates the etcd key: the same bytes under another key do not decrypt.
    const gcm = encryptedOf(stored.aesgcm as Buffer);
    assert.ok(gcm);
    const moved = decryptValue(gcm, keys.aesgcm as Buffer, Buffer.from('/registry/secrets/default/other'));
    assert.equal(moved.ok, false);
    if (!moved.ok) {
      assert.match(moved.error.message, /authenticates the etcd key/);
      messages.push(moved.error.message);
    }
    for (const m of messages) {
      assert.match(m, /key1|too short|cut/);
      for (const k of Object.values(keys)) assert.ok(!m.includes(k.toString('hex')) && !m.includes(k.toString('base64')));
      assert.ok(!m.includes('kubelab-plain-s3cret'));
    }
  });
});
