import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { classifyValue } from '../../src/core/etcd/envelope';

/** Protobuf bytes of runtime.Unknown, written by hand: field(n, bytes). */
const field = (n: number, b: Buffer) => Buffer.concat([Buffer.from([(n << 3) | 2, b.length]), b]);
const envelope = (apiVersion: string, kind: string, raw: Buffer) =>
  Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    field(1, Buffer.concat([field(1, Buffer.from(apiVersion)), field(2, Buffer.from(kind))])),
    field(2, raw),
    field(3, Buffer.from('')),
    field(4, Buffer.from('')),
  ]);

describe('stored values: what the API server wrote', () => {
  it('reads the protobuf envelope: apiVersion, kind and the raw object', () => {
    const v = classifyValue(envelope('v1', 'Pod', Buffer.from([0x0a, 0x02, 0x68, 0x69])));
    assert.equal(v.format, 'protobuf');
    assert.ok(v.format === 'protobuf');
    assert.equal(v.apiVersion, 'v1');
    assert.equal(v.kind, 'Pod');
    assert.deepEqual([...v.raw], [0x0a, 0x02, 0x68, 0x69]);
  });

  it('says where a truncated envelope broke, with what it could read', () => {
    const full = envelope('apps/v1', 'Deployment', Buffer.alloc(40, 1));
    const v = classifyValue(full.subarray(0, full.length - 20));
    assert.equal(v.format, 'corrupt');
    assert.ok(v.format === 'corrupt');
    assert.equal(v.kind, 'Deployment');
    assert.match(v.reason, /runs past the end/);
    assert.ok(v.offset > 4);
  });

  it('labels encrypted values with provider and key, and reads JSON, text and bytes', () => {
    assert.deepEqual(classifyValue(Buffer.from('k8s:enc:aescbc:v1:key1:\x8f\x01\x02', 'latin1')), { format: 'encrypted', provider: 'aescbc', keyName: 'key1' });
    assert.deepEqual(classifyValue(Buffer.from('{"apiVersion":"kubelab.test/v1","kind":"Widget"}')), {
      format: 'json',
      value: { apiVersion: 'kubelab.test/v1', kind: 'Widget' },
    });
    assert.deepEqual(classifyValue(Buffer.from('1')), { format: 'text' });
    assert.deepEqual(classifyValue(Buffer.from([0xff, 0x00, 0x13])), { format: 'binary' });
    assert.equal(classifyValue(Buffer.from('k8X\0abc', 'latin1')).format, 'binary');
  });

  it('never throws, whatever the bytes (random values, and random bytes behind the magic)', () => {
    for (let i = 0; i < 3000; i++) {
      const body = randomBytes(i % 300);
      const v = i % 2 ? classifyValue(body) : classifyValue(Buffer.concat([Buffer.from('k8s\0', 'latin1'), body]));
      assert.ok(['protobuf', 'json', 'encrypted', 'text', 'binary', 'corrupt'].includes(v.format));
    }
  });
});
