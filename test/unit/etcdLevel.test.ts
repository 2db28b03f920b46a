import * as assert from 'node:assert/strict';
import { displayKey, etcdNodeId, etcdctlGet, parentDirOf, prefixEnd, splitKeys } from '../../src/core/etcd/keys';
import { listLevel, type KeyMeta, type Ranger } from '../../src/core/etcd/level';
import { parseEtcdManifest } from '../../src/core/etcd/manifest';

/** An in-memory keyspace with etcd's range semantics, counting what each request walks. */
function store(keys: (string | Buffer)[]) {
  const sorted = keys.map((k) => (typeof k === 'string' ? Buffer.from(k) : k)).sort(Buffer.compare);
  const stats = { requests: 0, walked: 0, returned: 0 };
  const ranger: Ranger = async (lo, hi, limit) => {
    stats.requests++;
    const end = hi.length === 1 && hi[0] === 0;
    const inRange = sorted.filter((k) => Buffer.compare(k, lo) >= 0 && (end || Buffer.compare(k, hi) < 0));
    stats.walked += inRange.length;
    const kvs: KeyMeta[] = inRange.slice(0, limit).map((key) => ({ key, createRevision: '1', modRevision: '2', version: '1', lease: '0' }));
    stats.returned += kvs.length;
    return { kvs, more: inRange.length > limit, count: inRange.length };
  };
  return { ranger, stats };
}
const names = (cs: readonly { name: Buffer }[]) => cs.map((c) => c.name.toString('latin1'));

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

  it('shows non-UTF-8 keys escaped, and makes the lesson\'s etcdctl line', () => {
    assert.equal(displayKey(Buffer.from([0x2f, 0x61, 0xff, 0x00])), '/a\\xff\\x00');
    assert.equal(displayKey(Buffer.from('/registry/pods/default/привет')), '/registry/pods/default/привет');
    assert.equal(
      etcdctlGet(Buffer.from('/registry/minions/controlplane'), { endpoints: ['https://127.0.0.1:2379'], caFile: '/etc/kubernetes/pki/etcd/ca.crt', certFile: '/p/peer.crt', keyFile: '/p/peer.key' }),
      'etcdctl get /registry/minions/controlplane --endpoints https://127.0.0.1:2379 --cacert /etc/kubernetes/pki/etcd/ca.crt --cert /p/peer.crt --key /p/peer.key',
    );
    assert.equal(etcdctlGet(Buffer.from([0x2f, 0xff, 0x27, 0x2f]), { endpoints: [] }), `etcdctl get $'/\\xff\\x27/'`);
    assert.equal(etcdctlGet(Buffer.from('/registry/pods/'), { endpoints: [] }, { prefix: true }), 'etcdctl get /registry/pods/ --prefix --keys-only');
    assert.equal(etcdctlGet(Buffer.from([0x2f, 0x00]), { endpoints: [] }), undefined, 'a NUL byte cannot be passed by a shell');
  });
});

describe('listing one level of the key tree', () => {
  it('lists a small level in one request: directories with counts, leaves with metadata', async () => {
    const { ranger, stats } = store(['/registry/pods/default/a', '/registry/pods/default/b', '/registry/minions/cp', 'compact_rev_key', '/registry/ranges/serviceips']);
    const root = await listLevel(Buffer.alloc(0), ranger);
    assert.deepEqual(names(root.children), ['/', 'compact_rev_key']);
    const reg = await listLevel(Buffer.from('/registry/'), ranger);
    assert.deepEqual(names(reg.children), ['minions/', 'pods/', 'ranges/']);
    assert.deepEqual(reg.children.map((c) => c.keys), [1, 2, 1]);
    assert.equal(stats.requests, 2);
    const leaf = await listLevel(Buffer.from('/registry/pods/default/'), ranger);
    assert.equal(leaf.children[0]?.meta?.modRevision, '2');
  });

  it('walks far fewer keys than a scan for a level of big subtrees, and finds every child', async () => {
    const keys: string[] = [];
    const kinds = Array.from({ length: 40 }, (_, i) => `kind${String(i).padStart(2, '0')}`);
    for (const k of kinds) for (let n = 0; n < 20; n++) for (let i = 0; i < (k === 'kind07' ? 250 : 5); i++) keys.push(`/registry/${k}/ns${n}/obj${i}`);
    const { ranger, stats } = store(keys);
    const level = await listLevel(Buffer.from('/registry/'), ranger, { probe: 64, explore: 8, page: 500, parallel: 8 });
    assert.deepEqual(names(level.children), kinds.map((k) => `${k}/`));
    assert.equal(level.next, undefined);
    assert.ok(stats.returned < keys.length / 10, `returned ${stats.returned} of ${keys.length} keys`);
  });

  it('explores in rounds of one batched request each when it can, finding the same children', async () => {
    const keys: string[] = [];
    for (let k = 0; k < 30; k++) for (let n = 0; n < 10; n++) for (let i = 0; i < 40; i++) keys.push(`/r/k${String(k).padStart(2, '0')}/n${n}/o${i}`);
    const one = store(keys);
    const plain = await listLevel(Buffer.from('/r/'), one.ranger);
    const two = store(keys);
    let batches = 0;
    const batched = await listLevel(Buffer.from('/r/'), two.ranger, undefined, undefined, async (reqs) => {
      batches++;
      return Promise.all(reqs.map((q) => two.ranger(q.lo, q.hi, q.limit)));
    });
    assert.deepEqual(names(batched.children), names(plain.children));
    assert.equal(batched.children.length, 30);
    assert.ok(batched.requests < plain.requests / 4, `${batched.requests} round trips vs ${plain.requests}`);
    assert.equal(batched.requests, batches, "every round trip is one batch, the first look included");
  });

  it('uses candidate children (the namespaces) to list a kind level in one batched round, exact counts, unknown children still found', async () => {
    const keys: string[] = [];
    for (let n = 0; n < 60; n++) for (let i = 0; i < 30; i++) keys.push(`/registry/pods/ns-${String(n).padStart(2, '0')}/p${i}`);
    keys.push('/registry/pods/surprise/p0', '/registry/pods/zz-leaf');
    const plain = store(keys);
    const batchOf = (s: ReturnType<typeof store>) => async (reqs: readonly { lo: Buffer; hi: Buffer; limit: number }[]) => Promise.all(reqs.map((q) => s.ranger(q.lo, q.hi, q.limit)));
    const without = await listLevel(Buffer.from('/registry/pods/'), plain.ranger, undefined, undefined, batchOf(plain));
    const hinted = store(keys);
    const hints = [...Array.from({ length: 60 }, (_, n) => Buffer.from(`ns-${String(n).padStart(2, '0')}`)), Buffer.from('gone-ns')];
    const withHints = await listLevel(Buffer.from('/registry/pods/'), hinted.ranger, undefined, undefined, batchOf(hinted), hints);
    assert.deepEqual(names(withHints.children), names(without.children));
    assert.equal(withHints.children.length, 62);
    assert.ok(withHints.children.filter((c) => c.name.toString().startsWith('ns-')).every((c) => c.keys === 30));
    assert.ok(withHints.requests < without.requests, `${withHints.requests} vs ${without.requests} round trips`);
  });

  it('pages a leaf level: a first page, then the next from where it stopped, nothing twice', async () => {
    const keys = Array.from({ length: 1234 }, (_, i) => `/registry/pods/big/p${String(i).padStart(5, '0')}`);
    const { ranger } = store(keys);
    const opts = { probe: 64, explore: 8, page: 500, parallel: 8 };
    const p1 = await listLevel(Buffer.from('/registry/pods/big/'), ranger, opts);
    assert.equal(p1.children.length, 500);
    assert.ok(p1.next);
    const p2 = await listLevel(Buffer.from('/registry/pods/big/'), ranger, opts, p1.next);
    const p3 = await listLevel(Buffer.from('/registry/pods/big/'), ranger, opts, p2.next);
    const all = [...p1.children, ...p2.children, ...p3.children].map((c) => c.name.toString());
    assert.equal(all.length, 1234);
    assert.equal(new Set(all).size, 1234);
    assert.equal(p3.next, undefined);
  });

  it('keeps keys that are not UTF-8 and keys beside directories of the same name', async () => {
    const odd = Buffer.concat([Buffer.from('/registry/'), Buffer.from([0xff, 0xfe])]);
    const { ranger } = store([odd, '/registry/x', '/registry/x/y', '/empty']);
    const level = await listLevel(Buffer.from('/registry/'), ranger);
    assert.deepEqual(level.children.map((c) => [c.name.toString('hex'), c.isDir]), [
      [Buffer.from('x').toString('hex'), false],
      [Buffer.from('x/').toString('hex'), true],
      ['fffe', false],
    ]);
    const none = await listLevel(Buffer.from('/nothing/'), ranger);
    assert.deepEqual(none.children, []);
  });
});

describe('kubeadm etcd manifest', () => {
  it('finds the client URL on loopback and the certificate paths the lesson uses', () => {
    const manifest = `apiVersion: v1
kind: Pod
spec:
  containers:
  - command:
    - etcd
    - --advertise-client-urls=https://172.30.1.2:2379
    - --cert-file=/etc/kubernetes/pki/etcd/server.crt
    - --client-cert-auth=true
    - --key-file=/etc/kubernetes/pki/etcd/server.key
    - --listen-client-urls=https://127.0.0.1:2379,https://172.30.1.2:2379
    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
`;
    assert.deepEqual(parseEtcdManifest(manifest), {
      ok: true,
      value: { endpoints: ['https://127.0.0.1:2379'], caFile: '/etc/kubernetes/pki/etcd/ca.crt', certFile: '/etc/kubernetes/pki/etcd/peer.crt', keyFile: '/etc/kubernetes/pki/etcd/peer.key' },
    });
    const bad = parseEtcdManifest('kind: Pod\n');
    assert.equal(bad.ok ? '' : bad.error.code, 'etcd.manifest');
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
