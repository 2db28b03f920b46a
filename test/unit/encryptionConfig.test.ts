import * as assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { encryptedOf } from '../../src/core/etcd/encryption';
import { keysFor, parseEncryptionConfig } from '../../src/core/etcd/encryptionConfig';
import { staticPodFlags } from '../../src/core/etcd/manifest';
import { decryptWith } from '../../src/infra/etcd/decrypt';
import { findEncryptionConfig, readEncryptionConfig } from '../../src/infra/etcd/encryptionConfig';

const K1 = randomBytes(32).toString('base64');
const K2 = randomBytes(32).toString('base64');
const config = (providers: string) =>
  `apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources:\n      - secrets\n    providers:\n${providers}`;
const aescbc = (...keys: [string, string][]) =>
  `      - aescbc:\n          keys:\n${keys.map(([n, s]) => `            - name: ${n}\n              secret: ${s}\n`).join('')}`;
const message = (r: { ok: boolean; error?: { message: string } }) => (r.ok ? 'ok' : (r.error?.message ?? ''));

/** An aescbc value as k8s.io/apiserver lays it out: prefix, IV, AES-CBC with PKCS#7 padding. */
function aescbcValue(keyName: string, key: Buffer, plaintext: Buffer): Buffer {
  const iv = randomBytes(16);
  const c = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([Buffer.from(`k8s:enc:aescbc:v1:${keyName}:`), iv, c.update(plaintext), c.final()]);
}

describe('EncryptionConfiguration files', () => {
  it('reads providers in order with their keys, KMS with its plugin name, identity', () => {
    const r = parseEncryptionConfig(
      config(
        `${aescbc(['key2', K2], ['key1', K1])}      - kms:\n          apiVersion: v2\n          name: vault\n          endpoint: unix:///run/kms.sock\n      - identity: {}\n`,
      ),
    );
    assert.ok(r.ok, message(r));
    const [p] = r.value.resources;
    assert.deepEqual(p?.resources, ['secrets']);
    assert.deepEqual(
      p?.providers.map((x) =>
        x.type === 'aescbc' ? `aescbc ${x.keys.map((k) => k.name).join(',')}` : x.type === 'kms' ? `kms ${x.apiVersion} ${x.name}` : x.type,
      ),
      ['aescbc key2,key1', 'kms v2 vault', 'identity'],
    );
  });

  it('says where a file is bad, and never repeats a secret', () => {
    const cases: [string, RegExp][] = [
      ['apiVersion: v1\nkind: [\n', /^not valid YAML \(line \d+, column \d+: /],
      ['just text\n', /holds no YAML object/],
      ['apiVersion: v1\nkind: Pod\n', /not an EncryptionConfiguration \(apiVersion v1, kind Pod\)/],
      [config(aescbc(['key1', 'not*base64'])), /^resources\[0\]\.providers\[0\]\.aescbc\.keys\[0\]\.secret \(key key1\): not valid base64$/],
      [config(aescbc(['key1', Buffer.alloc(20).toString('base64')])), /key key1\): 20 bytes; aescbc takes 16, 24, 32/],
      [config(aescbc(['key1', K1], ['key1', K2])), /key name key1 appears twice/],
      [config('      - aescbc:\n          keys: []\n'), /needs at least one key/],
      [config('      - rot13: {}\n'), /unknown provider rot13/],
      [config('      - secretbox:\n          keys:\n            - name: k\n              secret: ' + K1 + '\n              scret: x\n'), /unknown field scret/],
      [config('      - kms:\n          apiVersion: v3\n          name: x\n'), /KMS is v1 or v2/],
    ];
    for (const [text, want] of cases) {
      const r = parseEncryptionConfig(text);
      assert.equal(r.ok, false, text);
      assert.match(message(r), want);
      assert.ok(!message(r).includes(K1) && !message(r).includes(K2));
    }
  });

  it('tries the key the prefix names, every key of that name, and says what it needs and what the file has', () => {
    const plaintext = Buffer.from('k8s\u0000\n\u000cv1\u0012\u0006Secret');
    const c = parseEncryptionConfig(config(`${aescbc(['key2', K2], ['key1', K1])}      - identity: {}\n`));
    assert.ok(c.ok);
    const etcdKey = Buffer.from('/registry/secrets/default/s');
    // Rotation: values under the old key and the new one both decrypt.
    for (const [name, k] of [
      ['key1', K1],
      ['key2', K2],
    ] as const) {
      const e = encryptedOf(aescbcValue(name, Buffer.from(k, 'base64'), plaintext));
      assert.ok(e);
      const d = decryptWith(c.value, e, etcdKey, '/etc/enc.yaml');
      assert.ok(d.ok && d.value.equals(plaintext), message(d));
    }
    const missing = encryptedOf(aescbcValue('key3', randomBytes(32), plaintext));
    assert.ok(missing);
    assert.equal(
      message(decryptWith(c.value, missing, etcdKey, '/etc/enc.yaml')),
      'the value needs aescbc key key3; /etc/enc.yaml has: aescbc key2, aescbc key1',
    );
    // The right name with another key's bytes (a config from another cluster): no output, the key named.
    const wrong = encryptedOf(aescbcValue('key1', randomBytes(32), plaintext));
    assert.ok(wrong);
    const w = decryptWith(c.value, wrong, etcdKey, '/etc/enc.yaml');
    assert.equal(w.ok, false);
    assert.match(message(w), /key key1 .*does not decrypt this value/);
    const kms = encryptedOf(Buffer.concat([Buffer.from('k8s:enc:kms:v2:vault:'), randomBytes(60)]));
    assert.ok(kms);
    assert.match(message(decryptWith(c.value, kms, etcdKey, '/etc/enc.yaml')), /needs the KMS plugin vault, which \/etc\/enc\.yaml does not name/);
    assert.deepEqual(keysFor(c.value, { provider: 'secretbox', keyName: 'key1', version: 'v1' }).keys, []);
  });
});

describe('where the EncryptionConfiguration is', () => {
  // A kubeadm control plane's kube-apiserver manifest with encryption configured through extraArgs.
  const manifest = [
    'spec:',
    '  containers:',
    '  - command:',
    '    - kube-apiserver',
    '    - --advertise-address=10.0.0.10',
    '    - --encryption-provider-config=/etc/kubernetes/enc/enc.yaml',
    '    - --etcd-servers=https://127.0.0.1:2379',
  ].join('\n');
  it('the setting first, then the lab, then the file kube-apiserver names on a kubeadm node', () => {
    const flags = staticPodFlags(manifest);
    assert.deepEqual(findEncryptionConfig('/home/me/enc.yaml', '/lab/encryption/config.yaml', flags), { path: '/home/me/enc.yaml', from: 'setting' });
    assert.deepEqual(findEncryptionConfig('', '/lab/encryption/config.yaml', flags), { path: '/lab/encryption/config.yaml', from: 'lab' });
    assert.deepEqual(findEncryptionConfig('', undefined, flags), { path: '/etc/kubernetes/enc/enc.yaml', from: 'kubeadm' });
    assert.equal(findEncryptionConfig('', undefined, staticPodFlags(manifest.replace(/.*encryption-provider-config.*\n/, ''))), undefined);
  });

  it('says why a file cannot be read, and what to do about a root-only one', () => {
    const r = readEncryptionConfig('/nonexistent/kubelab/enc.yaml');
    assert.equal(r.ok ? '' : `${r.error.code} ${r.error.where} ${r.error.message}`, 'encryption.read /nonexistent/kubelab/enc.yaml no such file');
  });
});
