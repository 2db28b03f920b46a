import * as assert from 'node:assert/strict';
import { applyEvent, firstPage, nextPage, WatchExpired, type ListState } from '../../src/core/kube/listState';
import type { KubeObject } from '../../src/core/kube/objects';

const pod = (name: string, rv = '1', phase = 'Pending'): KubeObject => ({
  metadata: { name, namespace: 'default', resourceVersion: rv, uid: `uid-${name}` },
  status: { phase },
});
const names = (s: ListState) => s.items.map((o) => o.metadata.name);

describe('paged list state kept live by watch events', () => {
  it('reads a first page with the server estimate of the rest, and appends the next page without doubles', () => {
    const s = firstPage({ items: [pod('a'), pod('b')], resourceVersion: '10', continueToken: 'c1', remainingItemCount: 3 });
    assert.equal(s.total, 5);
    const s2 = nextPage(
      { ...s, items: [...s.items, pod('c')] },
      { items: [pod('c'), pod('d')], resourceVersion: '10', continueToken: 'c2', remainingItemCount: 1 },
    );
    assert.deepEqual(names(s2), ['a', 'b', 'c', 'd']);
    assert.equal(s2.continueToken, 'c2');
  });

  it('MODIFIED repaints only the changed item and keeps its place', () => {
    const s = firstPage({ items: [pod('a'), pod('b')], resourceVersion: '10' });
    const { state, repaint } = applyEvent(s, { type: 'MODIFIED', object: pod('a', '11', 'Running') });
    assert.deepEqual(repaint, { what: 'item', key: 'default/a' });
    assert.equal(state.items[0]?.status?.phase, 'Running');
    assert.equal(state.resourceVersion, '11');
    assert.deepEqual(names(state), ['a', 'b']);
  });

  it('ADDED inserts in API order and counts; DELETED removes and counts down', () => {
    const s = firstPage({ items: [pod('a'), pod('c')], resourceVersion: '10' });
    const added = applyEvent(s, { type: 'ADDED', object: pod('b', '11') });
    assert.deepEqual(names(added.state), ['a', 'b', 'c']);
    assert.equal(added.state.total, 3);
    assert.deepEqual(added.repaint, { what: 'list' });
    const deleted = applyEvent(added.state, { type: 'DELETED', object: pod('a', '12') });
    assert.deepEqual(names(deleted.state), ['b', 'c']);
    assert.equal(deleted.state.total, 2);
  });

  it('an ADDED beyond the loaded page only raises the count (it arrives with Load more)', () => {
    const s = firstPage({ items: [pod('a'), pod('b')], resourceVersion: '10', continueToken: 'x', remainingItemCount: 8 });
    const r = applyEvent(s, { type: 'ADDED', object: pod('z', '11') });
    assert.deepEqual(names(r.state), ['a', 'b']);
    assert.equal(r.state.total, 11);
  });

  it('a replayed ADDED for a known item does not duplicate it', () => {
    const s = firstPage({ items: [pod('a')], resourceVersion: '10' });
    const r = applyEvent(s, { type: 'ADDED', object: pod('a', '10') });
    assert.deepEqual(names(r.state), ['a']);
  });

  it('BOOKMARK advances the version without repainting', () => {
    const s = firstPage({ items: [pod('a')], resourceVersion: '10' });
    const r = applyEvent(s, { type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: '99' } } });
    assert.equal(r.state.resourceVersion, '99');
    assert.deepEqual(r.repaint, { what: 'none' });
  });

  it('ERROR 410 Gone asks for a relist; other errors are errors', () => {
    const s = firstPage({ items: [], resourceVersion: '10' });
    assert.throws(() => applyEvent(s, { type: 'ERROR', object: { kind: 'Status', code: 410, message: 'too old resource version' } }), WatchExpired);
    assert.throws(() => applyEvent(s, { type: 'ERROR', object: { kind: 'Status', code: 500, message: 'boom' } }), /500: boom/);
  });
});
