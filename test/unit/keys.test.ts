import * as assert from 'node:assert/strict';
import { displayKey, etcdNodeId, etcdctlGet, parentDirOf, prefixEnd, splitKeys } from '../../src/core/etcd/keys';

describe('etcd keys', () => {
  it('computes etcd prefix ends, and splits a range between two keys', () => {
    assert.deepEqual(prefixEnd(Buffer.from('/registry/')), Buffer.from('/registry0'));
    assert.deepEqual(prefixEnd(Buffer.from([0x61, 0xff])), Buffer.from([0x62]));
    const [m] = splitKeys(Buffer.from('/registry/a'), Buffer.from('/registry/z'), 2);
    assert.ok(m && Buffer.compare(m, Buffer.from('/registry/a')) > 0 && Buffer.compare(m, Buffer.from('/registry/z')) < 0);
    assert.equal(splitKeys(Buffer.from('a'), Buffer.from([0]), 2).length, 1, 'splits up to the end of the keyspace');
    assert.deepEqual(splitKeys(Buffer.from('a'), Buffer.from('a\0'), 2), [], 'nothing lies between a key and the next');
    const cuts = splitKeys(Buffer.from('/r/a'), Buffer.from('/r/z'), 16);
    assert.equal(cuts.length, 15);
    for (let i = 1; i < cuts.length; i++) assert.ok(Buffer.compare(cuts[i - 1] as Buffer, cuts[i] as Buffer) < 0);
  });

  it("shows non-UTF-8 keys escaped, and makes the lesson's etcdctl line", () => {
    assert.equal(displayKey(Buffer.from([0x2f, 0x61, 0xff, 0x00])), '/a\\xff\\x00');
    assert.equal(displayKey(Buffer.from('/registry/pods/default/привет')), '/registry/pods/default/привет');
    assert.equal(
      etcdctlGet(Buffer.from('/registry/minions/controlplane'), {
        endpoints: ['https://127.0.0.1:2379'],
        caFile: '/etc/kubernetes/pki/etcd/ca.crt',
        certFile: '/p/peer.crt',
        keyFile: '/p/peer.key',
      }),
      'etcdctl get /registry/minions/controlplane --endpoints https://127.0.0.1:2379 --cacert /etc/kubernetes/pki/etcd/ca.crt --cert /p/peer.crt --key /p/peer.key',
    );
    assert.equal(etcdctlGet(Buffer.from([0x2f, 0xff, 0x27, 0x2f]), { endpoints: [] }), `etcdctl get $'/\\xff\\x27/'`);
    assert.equal(etcdctlGet(Buffer.from('/registry/pods/'), { endpoints: [] }, { prefix: true }), 'etcdctl get /registry/pods/ --prefix --keys-only');
    assert.equal(etcdctlGet(Buffer.from([0x2f, 0x00]), { endpoints: [] }), undefined, 'a NUL byte cannot be passed by a shell');
  });
});

describe('etcd view ids: derived from the key, nesting like it', () => {
  const k = (s: string) => Buffer.from(s, 'latin1');
  it('gives a key and its directory ids that read like the key and are unambiguous for non-UTF-8 bytes', () => {
    assert.equal(etcdNodeId(k('/registry/minions/controlplane'), false), 'etcd/k//registry/minions/controlplane');
    assert.equal(etcdNodeId(k('/registry/minions/'), true), 'etcd/d//registry/minions/');
    assert.equal(etcdNodeId(Buffer.from([0x2f, 0xff, 0x25, 0x20]), false), 'etcd/k//%FF%25%20');
    assert.notEqual(etcdNodeId(k('/a/'), true), etcdNodeId(k('/a/'), false));
  });

  it('finds the directory a node sits in, and none at the top level', () => {
    assert.equal(parentDirOf(k('/registry/minions/controlplane'), false)?.toString(), '/registry/minions/');
    assert.equal(parentDirOf(k('/registry/minions/'), true)?.toString(), '/registry/');
    assert.equal(parentDirOf(k('/registry/'), true)?.toString(), '/');
    assert.equal(parentDirOf(k('/'), true), undefined);
    assert.equal(parentDirOf(k('compact_rev_key'), false), undefined);
    assert.equal(parentDirOf(k('/a//'), true)?.toString(), '/a/', 'an empty segment is a directory of its own');
  });
});
