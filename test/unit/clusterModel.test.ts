import * as assert from 'node:assert/strict';
import { deleteOutcome, deletePodRequest, describeRequest } from '../../src/core/kube/deletePod';
import { formatAge, summarize } from '../../src/core/kube/objects';
import { collectionPath, curlCommand, objectPath, parseResourceList, preferredGroupVersions, sortResources, CORE_PODS } from '../../src/core/kube/resources';
import { isUnder, lookOf, nodeIds, parentIdOf } from '../../src/core/kube/treeModel';

const now = Date.parse('2026-01-02T00:00:00Z');

describe('resources: discovery and REST paths', () => {
  it('keeps listable kinds, drops subresources, and reads preferred group versions', () => {
    const rs = parseResourceList('', 'v1', {
      resources: [
        { name: 'pods', kind: 'Pod', namespaced: true, verbs: ['list', 'watch', 'delete'] },
        { name: 'pods/log', kind: 'Pod', namespaced: true, verbs: ['get'] },
        { name: 'bindings', kind: 'Binding', namespaced: true, verbs: ['create'] },
        { name: 'nodes', kind: 'Node', namespaced: false, verbs: ['list'] },
      ],
    });
    assert.deepEqual(rs.map((r) => r.name), ['pods', 'nodes']);
    assert.deepEqual(preferredGroupVersions({ groups: [{ name: 'apps', preferredVersion: { version: 'v1' } }, { name: 'x.io', versions: [{ version: 'v1beta1' }] }] }), [
      { group: 'apps', version: 'v1' },
      { group: 'x.io', version: 'v1beta1' },
    ]);
    assert.deepEqual(parseResourceList('', 'v1', 'garbage'), []);
  });

  it('builds the lesson\'s paths and curl line', () => {
    assert.equal(objectPath(CORE_PODS, 'hello-demo', 'default'), '/api/v1/namespaces/default/pods/hello-demo');
    assert.equal(collectionPath({ group: 'apps', version: 'v1', name: 'deployments', namespaced: true }), '/apis/apps/v1/deployments');
    assert.equal(curlCommand('/api/v1/nodes/controlplane'), 'curl -s 127.0.0.1:8080/api/v1/nodes/controlplane | jq');
  });

  it('sorts core kinds first, then by group and name', () => {
    const r = (group: string, name: string) => ({ group, version: 'v1', name, kind: name, namespaced: true, verbs: ['list'] });
    assert.deepEqual(sortResources([r('apps', 'deployments'), r('', 'pods'), r('', 'configmaps')]).map((x) => x.name), ['configmaps', 'pods', 'deployments']);
  });
});

describe('objects: status and health as a user reads them', () => {
  it('shows pod phase with ready containers, and Terminating once deleted', () => {
    const pod = { metadata: { name: 'p' }, spec: { containers: [{}, {}] }, status: { phase: 'Running', containerStatuses: [{ ready: true }, { ready: true }] } };
    assert.deepEqual(summarize('Pod', pod), { status: 'Running 2/2', health: 'ok' });
    assert.deepEqual(summarize('Pod', { ...pod, status: { phase: 'Running', containerStatuses: [{ ready: true }, { ready: false }] } }), { status: 'Running 1/2', health: 'progressing' });
    assert.equal(summarize('Pod', { ...pod, metadata: { name: 'p', deletionTimestamp: '2026-01-01T00:00:00Z' } }).health, 'terminating');
    assert.deepEqual(summarize('Pod', { metadata: { name: 'p' }, spec: { containers: [{}] }, status: { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff' } } }] } }), {
      status: 'ImagePullBackOff 0/1',
      health: 'failed',
    });
  });

  it('shows node Ready / NotReady', () => {
    assert.deepEqual(summarize('Node', { metadata: { name: 'n' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }), { status: 'Ready', health: 'ok' });
    assert.equal(summarize('Node', { metadata: { name: 'n' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } }).health, 'failed');
  });

  it('formats age compactly: seconds, minutes, hours, days', () => {
    assert.equal(formatAge('2026-01-01T23:59:30Z', now), '30s');
    assert.equal(formatAge('2026-01-01T23:00:00Z', now), '60m');
    assert.equal(formatAge('2025-12-31T00:00:00Z', now), '48h');
    assert.equal(formatAge('2025-12-30T00:00:00Z', now), '3d');
    assert.equal(formatAge('2025-12-01T00:00:00Z', now), '32d');
    assert.equal(formatAge('not a date', now), '');
  });
});

describe('tree model: how nodes look', () => {
  const pods = { ...CORE_PODS, verbs: ['list'] };
  it('gives a pod its status, age, health colour, REST path, resourceVersion and uid, and the +pod flag', () => {
    const o = { metadata: { name: 'hello-demo', namespace: 'default', uid: 'u-1', resourceVersion: '42', creationTimestamp: '2026-01-01T23:59:00Z' }, spec: { containers: [{}] }, status: { phase: 'Running', containerStatuses: [{ ready: true }] } };
    const look = lookOf({ type: 'object', id: 'x', context: 'c', resource: pods, object: o }, now);
    assert.equal(look.label, 'hello-demo');
    assert.equal(look.description, 'Running 1/1 · 60s');
    assert.equal(look.icon.color, 'testing.iconPassed');
    assert.equal(look.contextValue, 'object+pod');
    for (const part of ['GET /api/v1/namespaces/default/pods/hello-demo', 'resourceVersion: 42', 'uid: u-1']) assert.ok(look.tooltip?.includes(part), part);
  });

  it('shows a count beside a kind, and a Load more item with how much is loaded', () => {
    assert.equal(lookOf({ type: 'kind', id: 'k', context: 'c', resource: pods, namespace: 'default' }, now, { count: 10000, exact: true }).description, '10000');
    assert.equal(lookOf({ type: 'more', id: 'm', parent: 'k', loaded: 100, total: 10000 }, now).description, '100 of 10000');
  });

  it('makes ids that nest: a namespace\'s kinds and their objects lie below the namespace, and the parent comes from the id', () => {
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

describe('Delete Pod via REST: the request and its answers', () => {
  it('sends DeleteOptions with the clicked pod\'s uid as precondition, shown exactly', () => {
    const r = deletePodRequest('default', 'hello-demo', 'uid-7');
    assert.equal(r.path, '/api/v1/namespaces/default/pods/hello-demo');
    assert.deepEqual(r.body, { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'uid-7' } });
    assert.ok(describeRequest(r).startsWith('DELETE /api/v1/namespaces/default/pods/hello-demo\n\n{'));
    assert.ok(describeRequest(r).includes('"uid": "uid-7"'));
  });

  it('reads each answer', () => {
    assert.deepEqual(deleteOutcome(200, { metadata: { deletionTimestamp: 'x' } }), { kind: 'accepted', terminating: true });
    assert.equal(deleteOutcome(409, { message: 'Precondition failed: UID in precondition: a, UID in object meta: b' }).kind, 'conflict');
    assert.equal(deleteOutcome(403, {}).kind, 'forbidden');
    assert.equal(deleteOutcome(404, {}).kind, 'notFound');
    assert.equal(deleteOutcome(401, {}).kind, 'unauthorized');
    assert.deepEqual(deleteOutcome(500, undefined), { kind: 'other', status: 500, message: 'HTTP 500' });
  });
});
