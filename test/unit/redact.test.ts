import * as assert from 'node:assert/strict';
import { REDACTED, redact } from '../../src/core/redact';

describe('redact: key material never reaches a log', () => {
  it('replaces a PEM private key block, keeping its label', () => {
    const key = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBx1Zk9s\nAoGCCqGSM49\n-----END EC PRIVATE KEY-----';
    const out = redact(`loaded ${key} ok`);
    assert.ok(!out.includes('MHcCAQEEIBx1Zk9s'));
    assert.ok(out.includes('BEGIN EC PRIVATE KEY'));
    assert.ok(out.endsWith(' ok'));
  });

  it('replaces a PEM block cut off before its END line', () => {
    const out = redact('-----BEGIN PRIVATE KEY-----\nAAAABBBBCCCC');
    assert.ok(!out.includes('AAAABBBBCCCC'));
  });

  it('replaces bearer tokens and kubeconfig secrets in YAML and JSON', () => {
    const out = redact(
      'Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.abc.def\nclient-key-data: LS0tLS1CRUdJTg==\n{"token":"s3cr3t-value","password": "hunter22"}',
    );
    for (const secret of ['eyJhbGciOiJSUzI1NiJ9', 'LS0tLS1CRUdJTg', 's3cr3t-value', 'hunter22']) {
      assert.ok(!out.includes(secret), `${secret} leaked: ${out}`);
    }
    assert.equal(out.split(REDACTED).length - 1, 4);
  });

  it('leaves ordinary text, paths and URLs alone', () => {
    const text = 'GET https://127.0.0.1:6443/api/v1/nodes/controlplane with key file /etc/kubernetes/pki/etcd/peer.key';
    assert.equal(redact(text), text);
  });
});
