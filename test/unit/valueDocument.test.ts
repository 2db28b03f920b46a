import * as assert from 'node:assert/strict';
import { classifyValue } from '../../src/core/etcd/envelope';
import { maskSecret, renderValueDocument, type ValueDocInput } from '../../src/core/etcd/valueDocument';
import { english } from '../../src/core/l10n';
import { decodeRaw } from '../../src/infra/k8sproto/decode';
import { encode, envelope, pod } from '../support/k8sproto';

describe('the etcd value document', () => {
  const meta = { createRevision: '10', modRevision: '12', version: '2', lease: '0' };
  const input = (bytes: Buffer, key = '/registry/pods/default/hello-demo', o: Partial<ValueDocInput> = {}): ValueDocInput => {
    const stored = classifyValue(bytes);
    return {
      key,
      meta,
      bytes,
      stored,
      decoded: stored.format === 'protobuf' ? decodeRaw(stored.apiVersion, stored.kind, stored.raw) : undefined,
      view: 'decoded',
      reveal: false,
      schema: '1.29–1.37',
      ...o,
    };
  };

  it('says which fields it skipped, in which message, when another Kubernetes version wrote them', () => {
    const spec = Buffer.concat([encode('k8s.io.api.core.v1.PodSpec', { nodeName: 'controlplane' }), Buffer.from([0xfa, 0x3e, 0x02, 0x68, 0x69])]);
    const raw = Buffer.concat([Buffer.from([0x12, spec.length]), spec]); // Pod field 2: spec
    const doc = renderValueDocument(input(envelope('v1', 'Pod', raw)), english);
    assert.match(
      doc.text,
      /^\/\/ 1 fields this KubeLab does not know, skipped: another Kubernetes version wrote them \(KubeLab reads the types of Kubernetes 1.29–1.37\): PodSpec #1007 \(2 bytes\)$/m,
    );
    assert.match(doc.text, /"nodeName": "controlplane"/);
    assert.doesNotMatch(renderValueDocument(input(envelope('v1', 'Pod', pod())), english).text, /does not know/);
  });

  it('shows the header, the resourceVersion the API reports, and the decoded object; raw bytes on request', () => {
    const doc = renderValueDocument(input(envelope('v1', 'Pod', pod())), english);
    assert.equal(doc.language, 'jsonc');
    assert.match(doc.text, /^\/\/ create_revision 10 {2}mod_revision 12 {2}version 2 {2}lease -$/m);
    assert.match(doc.text, /apiVersion v1, kind Pod; decoded as k8s.io.api.core.v1.Pod with the types of Kubernetes 1.29–1.37$/m);
    assert.match(doc.text, /metadata.resourceVersion: "12"/);
    assert.match(doc.text, /"phase": "Running"/);
    const raw = renderValueDocument(input(envelope('v1', 'Pod', pod()), undefined, { view: 'raw' }), english);
    assert.match(raw.text, /^00000000 {2}6b 38 73 00 /m);
  });

  it("masks a Secret's data, stringData and kubectl's last-applied copy until revealed, also in the raw view", () => {
    const secret = encode('k8s.io.api.core.v1.Secret', {
      metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"c2VjcmV0"}}' } },
      data: { password: Buffer.from('secret') },
      type: 'Opaque',
    });
    const bytes = envelope('v1', 'Secret', secret);
    const masked = renderValueDocument(input(bytes, '/registry/secrets/default/s'), english);
    assert.equal(masked.masked, true);
    assert.ok(!masked.text.includes('c2VjcmV0') && !masked.text.includes('secret"'), masked.text);
    assert.match(masked.text, /"password": "<hidden: 6 bytes>"/);
    assert.ok(!renderValueDocument(input(bytes, '/registry/secrets/default/s', { view: 'raw' }), english).text.includes('73 65 63 72 65 74'));
    const shown = renderValueDocument(input(bytes, '/registry/secrets/default/s', { reveal: true }), english);
    assert.match(shown.text, /"password": "c2VjcmV0"/);
    assert.deepEqual(maskSecret({ stringData: { a: 'b' } }, english), { stringData: { a: '<hidden>' } });
  });

  it('labels encrypted values, pretty-prints JSON, shows text, and hex for anything else', () => {
    const cut = renderValueDocument(input(Buffer.from('k8s:enc:aescbc:v1:key1:\x01\x02\x03', 'latin1')), english).text;
    assert.match(cut, /encrypted at rest by the aescbc provider with key key1/);
    assert.match(cut, /AES-CBC authenticates nothing/);
    assert.match(cut, /the value was cut/);
    // The layout of an AES-GCM value (k8s.io/apiserver's: nonce, ciphertext, tag; the etcd key authenticated).
    const gcm = renderValueDocument(
      input(Buffer.concat([Buffer.from('k8s:enc:aesgcm:v1:key2:'), Buffer.alloc(60, 9)]), '/registry/secrets/default/s'),
      english,
    ).text;
    assert.match(gcm, /^\/\/ After the prefix: nonce 12 B · ciphertext 32 B · tag 16 B$/m);
    assert.match(gcm, /authenticates the ciphertext and the etcd key \/registry\/secrets\/default\/s/);
    assert.match(
      renderValueDocument(input(Buffer.from('{"kind":"Widget","apiVersion":"kubelab.dev/v1","metadata":{"name":"w"}}')), english).text,
      /\{\n {2}"kind": "Widget"/,
    );
    assert.match(renderValueDocument(input(Buffer.from('hello etcd')), english).text, /\nhello etcd\n/);
    const wrongMagic = Buffer.concat([Buffer.from('k9s\0', 'latin1'), envelope('v1', 'Pod', pod()).subarray(4)]);
    const doc = renderValueDocument(input(wrongMagic), english);
    assert.match(doc.text, /bytes: binary data, not a Kubernetes value/);
    assert.match(doc.text, /^00000000 {2}6b 39 73 00 /m);
    const bad = Buffer.concat([Buffer.from('k8s\0', 'latin1'), Buffer.from([0x0a, 0x05, 0x0a])]);
    assert.match(renderValueDocument(input(bad), english).text, /breaks at byte/);
  });

  it('an encrypted Secret: its ciphertext in hex until decrypted (nothing to hide), then its plaintext masked until revealed', () => {
    const sealed = Buffer.concat([Buffer.from('k8s:enc:secretbox:v1:key1:'), Buffer.alloc(80, 5)]);
    const before = renderValueDocument(input(sealed, '/registry/secrets/default/s'), english);
    assert.equal(before.masked, false);
    assert.match(before.text, /Decrypt \(in the title bar\)/);
    assert.match(before.text, /^00000000 {2}6b 38 73 3a 65 6e 63 3a/m);
    assert.doesNotMatch(before.text, /Secret data is hidden/);
    const plain = envelope('v1', 'Secret', encode('k8s.io.api.core.v1.Secret', { metadata: { name: 's' }, data: { password: Buffer.from('secret') } }));
    const decrypted = (reveal: boolean) =>
      renderValueDocument(
        input(plain, '/registry/secrets/default/s', { reveal, encrypted: { bytes: sealed, decryptedWith: 'secretbox key key1 of /etc/enc.yaml' } }),
        english,
      );
    const masked = decrypted(false);
    assert.equal(masked.masked, true);
    assert.match(masked.text, /^\/\/ 106 bytes: encrypted at rest by the secretbox provider with key key1/m);
    assert.match(masked.text, /^\/\/ After the prefix: nonce 24 B · Poly1305 tag 16 B · ciphertext 40 B$/m);
    assert.match(masked.text, /^\/\/ Decrypted in memory with secretbox key key1 of \/etc\/enc\.yaml;/m);
    assert.match(masked.text, /bytes of plaintext: Kubernetes protobuf .* kind Secret/);
    assert.match(masked.text, /"password": "<hidden: 6 bytes>"/);
    assert.match(decrypted(true).text, /"password": "c2VjcmV0"/);
    const failed = renderValueDocument(
      input(sealed, '/registry/secrets/default/s', { encrypted: { bytes: sealed, failure: 'Cannot decrypt: wrong key' } }),
      english,
    );
    assert.match(failed.text, /^\/\/ Cannot decrypt: wrong key$/m);
    assert.doesNotMatch(failed.text, /plaintext/);
  });

  it('decodes a 1.5 MB ConfigMap', () => {
    const big = encode('k8s.io.api.core.v1.ConfigMap', { metadata: { name: 'big' }, data: { blob: 'x'.repeat(1_500_000) } });
    const doc = renderValueDocument(input(envelope('v1', 'ConfigMap', big), '/registry/configmaps/default/big'), english);
    assert.ok(doc.text.length > 1_500_000);
    assert.match(doc.text, /"name": "big"/);
  });
});
