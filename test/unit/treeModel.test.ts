import * as assert from 'node:assert/strict';
import { CORE_PODS } from '../../src/core/kube/resources';
import { isUnder, lookOf, nodeIds, parentIdOf } from '../../src/core/kube/treeModel';

const now = Date.parse('2026-01-02T00:00:00Z');

describe('tree model: how nodes look', () => {
  const pods = { ...CORE_PODS, verbs: ['list'] };
  it('gives a pod its status, age, health colour, REST path, resourceVersion and uid, and the +pod flag', () => {
    const o = {
      metadata: { name: 'hello-demo', namespace: 'default', uid: 'u-1', resourceVersion: '42', creationTimestamp: '2026-01-01T23:59:00Z' },
      spec: { containers: [{}] },
      status: { phase: 'Running', containerStatuses: [{ ready: true }] },
    };
    const look = lookOf({ type: 'object', id: 'x', context: 'c', resource: pods, object: o }, now);
    assert.equal(look.label, 'hello-demo');
    assert.equal(look.description, 'Running 1/1 · 60s');
    assert.equal(look.icon.color, 'testing.iconPassed');
    assert.equal(look.contextValue, 'object+pod');
    for (const part of ['GET /api/v1/namespaces/default/pods/hello-demo', 'resourceVersion: 42', 'uid: u-1']) assert.ok(look.tooltip?.includes(part), part);
  });

  it('shows a count beside a kind, and a Load more item with how much is loaded', () => {
    assert.equal(
      lookOf({ type: 'kind', id: 'k', context: 'c', resource: pods, namespace: 'default' }, now, { count: 10000, exact: true }).description,
      '10000',
    );
    assert.equal(lookOf({ type: 'more', id: 'm', parent: 'k', loaded: 100, total: 10000 }, now).description, '100 of 10000');
  });

  it("makes ids that nest: a namespace's kinds and their objects lie below the namespace, and the parent comes from the id", () => {
    const ctx = nodeIds.context('admin@lab/1');
    const namespaces = nodeIds.kind(ctx, { group: '', version: 'v1', name: 'namespaces' });
    const def = nodeIds.object(namespaces, { metadata: { name: 'default' } });
    const podsKind = nodeIds.kind(def, pods);
    const pod = nodeIds.object(podsKind, { metadata: { name: 'a', namespace: 'default' } });
    assert.equal(pod, 'ctx/admin%40lab%2F1/kind/v1%2Fnamespaces/obj/default/kind/v1%2Fpods/obj/a');
    assert.equal(parentIdOf(pod), podsKind);
    assert.equal(parentIdOf(podsKind), def);
    assert.equal(parentIdOf(def), namespaces);
    assert.equal(parentIdOf(namespaces), ctx);
    assert.equal(parentIdOf(ctx), undefined);
    assert.equal(parentIdOf(nodeIds.group(ctx)), ctx);
    assert.equal(parentIdOf(nodeIds.more(podsKind)), podsKind);
    assert.equal(parentIdOf(nodeIds.message(def, 'Cannot reach / the API server')), def);
    assert.ok(isUnder(pod, def) && isUnder(podsKind, def) && isUnder(def, def));
    assert.ok(!isUnder(nodeIds.object(namespaces, { metadata: { name: 'default2' } }), def), 'a sibling whose name starts alike is not below');
  });

  it('translates through the function it is given', () => {
    const look = lookOf({ type: 'group', id: 'g', context: 'c', group: 'cluster' }, now, undefined, (m) => `«${m}»`);
    assert.equal(look.label, '«Cluster resources»');
  });
});
