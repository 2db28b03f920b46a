import * as assert from 'node:assert/strict';
import { anatomyOf, encryptedOf } from '../../src/core/etcd/encryption';
import { classifyValue } from '../../src/core/etcd/envelope';
import { decryptValue } from '../../src/infra/etcd/decrypt';

// The prefixes as k8s.io/apiserver writes them: k8s:enc:<provider>:v1:<key name>: for the local providers
// and KMS v1, k8s:enc:kms:v2:<plugin name>: for KMS v2.
describe('values encrypted at rest: prefix and anatomy', () => {
  it('reads the provider, version and key name, KMS v2 included', () => {
    const v = (s: string) => Buffer.concat([Buffer.from(s), Buffer.alloc(48, 7)]);
    assert.deepEqual(
      [v('k8s:enc:aescbc:v1:key1:'), v('k8s:enc:kms:v1:vault:'), v('k8s:enc:kms:v2:my-kms:')].map((b) => {
        const e = encryptedOf(b);
        return [e?.provider, e?.version, e?.keyName, e?.payload.length];
      }),
      [
        ['aescbc', 'v1', 'key1', 48],
        ['kms', 'v1', 'vault', 48],
        ['kms', 'v2', 'my-kms', 48],
      ],
    );
    assert.equal(encryptedOf(Buffer.from('k8s\u0000\n\u0002v1')), undefined);
  });

  it('lays out each provider, says what it authenticates, and labels KMS values as needing the plugin', () => {
    const payload = Buffer.alloc(64);
    const of = (provider: string) => anatomyOf({ provider, version: 'v1', keyName: 'k', payload });
    assert.deepEqual(
      of('aesgcm').parts.map((p) => p.bytes),
      [12, 36, 16],
    );
    assert.equal(of('aesgcm').authenticated, 'etcd-key');
    assert.deepEqual(
      of('secretbox').parts.map((p) => p.bytes),
      [24, 16, 24],
    );
    assert.equal(of('aescbc').authenticated, 'nothing');
    const kms = decryptValue({ provider: 'kms', version: 'v2', keyName: 'my-kms', payload }, Buffer.alloc(32), Buffer.from('/k'));
    assert.equal(kms.ok, false);
    if (!kms.ok) assert.match(kms.error.message, /need the KMS plugin my-kms/);
    const badKey = decryptValue({ provider: 'aescbc', version: 'v1', keyName: 'key1', payload }, Buffer.alloc(7), Buffer.from('/k'));
    assert.equal(badKey.ok ? '' : badKey.error.message, 'key key1 is 7 bytes; AES needs 16, 24 or 32');
  });
});

describe('the etcd view labels KMS v2 values as encrypted too', () => {
  it('classifies k8s:enc:kms:v2:<plugin>: as encrypted by kms with that plugin', () => {
    assert.deepEqual(classifyValue(Buffer.concat([Buffer.from('k8s:enc:kms:v2:my-kms:'), Buffer.alloc(40, 1)])), {
      format: 'encrypted',
      provider: 'kms',
      keyName: 'my-kms',
    });
  });
});
