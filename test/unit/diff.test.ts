import * as assert from 'node:assert/strict';
import { changedFields, describeChanges } from '../../src/core/etcd/diff';

describe('what a watch event changed', () => {
  it('lists the leaf fields that differ, managedFields as one entry, values hidden for Secrets', () => {
    const before = {
      metadata: { name: 'p', managedFields: [{ time: 'a' }] },
      spec: { containers: [{ name: 'c' }] },
      status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] },
    };
    const after = {
      metadata: { name: 'p', managedFields: [{ time: 'b' }] },
      spec: { nodeName: 'controlplane', containers: [{ name: 'c' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    };
    const changes = changedFields(before, after);
    assert.deepEqual(
      changes.map((c) => c.path),
      ['metadata.managedFields', 'spec.nodeName', 'status.phase', 'status.conditions[0].status'],
    );
    assert.deepEqual(describeChanges(changes, false).slice(1), [
      'spec.nodeName: ∅ → "controlplane"',
      'status.phase: "Pending" → "Running"',
      'status.conditions[0].status: "False" → "True"',
    ]);
    assert.deepEqual(describeChanges(changedFields({ data: { a: 'x' } }, { data: { a: 'y' } }), true), ['data.a']);
    assert.deepEqual(changedFields(after, after), []);
  });
});
