import * as assert from 'node:assert/strict';
import { writerOf } from '../../src/core/etcd/history';
import { ownersOf, pathText, whoChanged } from '../../src/core/kube/managedFields';

// The fieldsV1 forms as the structured-merge-diff documentation describes them
// (https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management):
// f: a field, k: a list element by its keys, v: a set's value, i: an element by index, "." the node itself.
const object = {
  metadata: {
    name: 'x',
    finalizers: ['a/b', 'c/d'],
    managedFields: [
      {
        manager: 'creator',
        operation: 'Update',
        time: '2026-01-01T00:00:00Z',
        fieldsV1: {
          'f:metadata': { 'f:finalizers': { '.': {}, 'v:"a/b"': {} } },
          'f:spec': { 'f:selector': {}, 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {} } } },
        },
      },
      { manager: 'indexer', operation: 'Apply', time: '2026-01-02T00:00:00Z', fieldsV1: { 'f:spec': { 'f:args': { 'i:1': {} } } } },
      { manager: 'status', operation: 'Update', subresource: 'status', time: '2026-01-03T00:00:00Z', fieldsV1: { 'f:status': { 'f:phase': {} } } },
    ],
  },
  spec: { selector: { matchLabels: { app: 'x' } }, containers: [{ name: 'side' }, { name: 'app', image: 'i' }], args: ['p', 'q'] },
  status: { phase: 'Running' },
};

describe('who owns a field, from managedFields', () => {
  it('follows f:, k: (by the element’s keys, not its index), v: and i:', () => {
    const managers = (path: (string | number)[]) => ownersOf(object, path).map((o) => `${o.manager}:${o.scope}`);
    assert.deepEqual(managers(['spec', 'containers', 1, 'image']), ['creator:field']);
    assert.deepEqual(managers(['spec', 'containers', 0, 'name']), [], 'the other element is nobody’s');
    assert.deepEqual(managers(['metadata', 'finalizers', 0]), ['creator:field']);
    assert.deepEqual(managers(['metadata', 'finalizers', 1]), []);
    assert.deepEqual(managers(['spec', 'args', 1]), ['indexer:field']);
    assert.deepEqual(managers(['spec', 'selector', 'matchLabels', 'app']), ['creator:field'], 'inside an atomic leaf');
    assert.deepEqual(managers(['spec']), ['indexer:below', 'creator:below'], 'fields inside spec, latest first');
    assert.deepEqual(ownersOf(object, ['status', 'phase']), [
      { manager: 'status', operation: 'Update', subresource: 'status', time: '2026-01-03T00:00:00Z', scope: 'field' },
    ]);
  });

  it('writes paths as the API does, and answers at a cursor of a commented document', () => {
    assert.equal(pathText(['spec', 'containers', 1, 'image']), 'spec.containers[1].image');
    assert.equal(pathText(['metadata', 'annotations', 'kubelab.dev/x']), 'metadata.annotations["kubelab.dev/x"]');
    const doc = `// a header\n${JSON.stringify(object, null, 2)}\n`;
    const at = doc.indexOf('"phase"') + 2;
    assert.deepEqual(whoChanged(doc, at), { kind: 'owners', path: 'status.phase', owners: ownersOf(object, ['status', 'phase']) });
    assert.deepEqual(whoChanged(doc, doc.indexOf('"name": "x"') + 2), { kind: 'none', path: 'metadata.name' });
    assert.deepEqual(whoChanged(doc, 4), { kind: 'nofield' });
  });
});

describe('who made a write', () => {
  const pod = (managed: object[], extra: object = {}) => ({ metadata: { managedFields: managed, ...extra } });
  const created = { manager: 'kubectl-create', operation: 'Update', time: 't1', fieldsV1: { 'f:spec': {} } };
  const labelled = { manager: 'kubectl-label', operation: 'Update', time: 't2', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:step': {} } } } };
  const change = (path: string) => ({ path, segments: path.split('.') });
  it('is the managedFields entry the write changed, never the last one by default', () => {
    assert.deepEqual(writerOf(undefined, pod([created]), []), { kind: 'manager', manager: 'kubectl-create', operation: 'Update', time: 't1' });
    assert.equal(writerOf(pod([created]), pod([created, labelled]), [change('metadata.labels.step')]).kind, 'manager');
    assert.deepEqual(writerOf(pod([created]), pod([created]), [change('spec.nodeName'), change('status.conditions')]), { kind: 'binding' });
    assert.deepEqual(writerOf(pod([created]), pod([created]), [change('metadata.deletionTimestamp'), change('metadata.deletionGracePeriodSeconds')]), {
      kind: 'delete',
    });
    assert.deepEqual(writerOf(pod([created]), pod([created]), [change('metadata.finalizers')]), { kind: 'unknown' });
  });

  it('is the owner of the changed fields when two writes in one second leave the entry as it was', () => {
    const before = { ...pod([created, labelled]), metadata: { labels: { step: '1' }, managedFields: [created, labelled] } };
    const after = { ...pod([created, labelled]), metadata: { labels: { step: '2' }, managedFields: [created, labelled] } };
    assert.deepEqual(writerOf(before, after, [change('metadata.labels.step')]), { kind: 'manager', manager: 'kubectl-label', operation: 'Update', time: 't2' });
  });

  it('is not the manager that only lost a field to the write (an Update takes the fields it sets), even in the same second', () => {
    // kubectl create, then kubectl patch of the same field in the same second: the patch's entry is new, the create's shrank.
    const owns = (manager: string, time: string, fields: Record<string, unknown>) => ({ manager, operation: 'Update', time, fieldsV1: { 'f:data': fields } });
    const before = pod([owns('kubectl-create', 't1', { '.': {}, 'f:token': {} })]);
    const after = pod([owns('kubectl-create', 't1', { '.': {} }), owns('kubectl-patch', 't1', { 'f:token': {} })]);
    assert.equal((writerOf(before, after, [change('data.token')]) as { manager?: string }).manager, 'kubectl-patch');
    // The same manager again in the same second, gaining a field: still named.
    const again = pod([owns('kubectl-create', 't1', { '.': {} }), owns('kubectl-patch', 't1', { 'f:token': {}, 'f:other': {} })]);
    assert.equal((writerOf(after, again, [change('data.other')]) as { manager?: string }).manager, 'kubectl-patch');
  });
});
