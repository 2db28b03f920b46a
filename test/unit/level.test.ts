import * as assert from 'node:assert/strict';
import { listLevel, type KeyMeta, type Ranger } from '../../src/core/etcd/level';

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

describe('listing one level of the key tree', () => {
  it('lists a small level in one request: directories with counts, leaves with metadata', async () => {
    const { ranger, stats } = store([
      '/registry/pods/default/a',
      '/registry/pods/default/b',
      '/registry/minions/cp',
      'compact_rev_key',
      '/registry/ranges/serviceips',
    ]);
    const root = await listLevel(Buffer.alloc(0), ranger);
    assert.deepEqual(names(root.children), ['/', 'compact_rev_key']);
    const reg = await listLevel(Buffer.from('/registry/'), ranger);
    assert.deepEqual(names(reg.children), ['minions/', 'pods/', 'ranges/']);
    assert.deepEqual(
      reg.children.map((c) => c.keys),
      [1, 2, 1],
    );
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
    assert.deepEqual(
      names(level.children),
      kinds.map((k) => `${k}/`),
    );
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
    assert.equal(batched.requests, batches, 'every round trip is one batch, the first look included');
  });

  it('uses candidate children (the namespaces) to list a kind level in one batched round, exact counts, unknown children still found', async () => {
    const keys: string[] = [];
    for (let n = 0; n < 60; n++) for (let i = 0; i < 30; i++) keys.push(`/registry/pods/ns-${String(n).padStart(2, '0')}/p${i}`);
    keys.push('/registry/pods/surprise/p0', '/registry/pods/zz-leaf');
    const plain = store(keys);
    const batchOf = (s: ReturnType<typeof store>) => async (reqs: readonly { lo: Buffer; hi: Buffer; limit: number }[]) =>
      Promise.all(reqs.map((q) => s.ranger(q.lo, q.hi, q.limit)));
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
    assert.deepEqual(
      level.children.map((c) => [c.name.toString('hex'), c.isDir]),
      [
        [Buffer.from('x').toString('hex'), false],
        [Buffer.from('x/').toString('hex'), true],
        ['fffe', false],
      ],
    );
    const none = await listLevel(Buffer.from('/nothing/'), ranger);
    assert.deepEqual(none.children, []);
  });
});
