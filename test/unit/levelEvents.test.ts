import * as assert from 'node:assert/strict';
import { etcdNodeId } from '../../src/core/etcd/keys';
import type { LevelChild } from '../../src/core/etcd/level';
import { applyWatchEvent, type Level } from '../../src/adapters/etcd/levelEvents';
import type { EtcdNode } from '../../src/adapters/etcd/tree';
import type { WatchEvent } from '../../src/infra/etcd/client';

// A level of the etcd view under /registry/pods/, kept fresh by its watch: what each event does to the rows shown.
describe('the etcd view: a watched level follows puts and deletes', () => {
  const prefix = Buffer.from('/registry/');
  const node = (c: LevelChild): EtcdNode => {
    const key = Buffer.concat([prefix, c.name]);
    return c.isDir
      ? { type: 'dir', id: etcdNodeId(key, true), key, name: c.name, keys: c.keys }
      : { type: 'leaf', id: etcdNodeId(key, false), key, name: c.name, meta: c.meta };
  };
  const event = (type: 'put' | 'delete', rest: string, version = '1'): WatchEvent => {
    const key = Buffer.from(`/registry/${rest}`);
    return { type, key, modRevision: '9', size: 1, meta: { key, createRevision: '5', modRevision: '9', version, lease: '0' } };
  };
  const names = (l: Level) =>
    l.children.map((c) => (c.type === 'dir' || c.type === 'leaf' ? `${c.name.toString()}${c.type === 'dir' ? ` (${c.keys})` : ''}` : c.type));

  it('places a new key or folder in key order, repaints a changed key, counts and removes a folder, and ignores what lies beyond the page', () => {
    const level: Level = { children: [node({ name: Buffer.from('apps/'), isDir: true, keys: 1 }), node({ name: Buffer.from('pods/'), isDir: true, keys: 2 })] };
    assert.equal(applyWatchEvent(level, prefix, event('put', 'leases-x'), node), 'parent');
    assert.deepEqual(names(level), ['apps/ (1)', 'leases-x', 'pods/ (2)']);
    const changed = applyWatchEvent(level, prefix, event('put', 'leases-x', '2'), node);
    assert.ok(changed !== 'parent' && changed?.type === 'leaf' && changed.meta?.version === '2');
    // A key created in a folder counts once (version 1); a later write to it does not count again.
    assert.equal(applyWatchEvent(level, prefix, event('put', 'pods/default/web'), node), level.children[2]);
    assert.equal(applyWatchEvent(level, prefix, event('put', 'pods/default/web', '2'), node), undefined);
    assert.deepEqual(names(level), ['apps/ (1)', 'leases-x', 'pods/ (3)']);
    assert.equal(applyWatchEvent(level, prefix, event('delete', 'apps/deployments/ns/d'), node), 'parent');
    assert.deepEqual(names(level), ['leases-x', 'pods/ (3)']);
    assert.equal(applyWatchEvent(level, prefix, event('delete', 'leases-x'), node), 'parent');
    assert.equal(applyWatchEvent(level, prefix, event('delete', 'nothing-here'), node), undefined);
    // Only the first page is loaded: a key beyond it shows when its page is.
    level.next = Buffer.from('/registry/q');
    assert.equal(applyWatchEvent(level, prefix, event('put', 'secrets/default/s'), node), undefined);
    assert.deepEqual(names(level), ['pods/ (3)']);
  });
});
