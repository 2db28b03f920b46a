import * as assert from 'node:assert/strict';
import { deleteOutcome, deletePodRequest, describeRequest } from '../../src/core/kube/deletePod';

describe('Delete Pod via REST: the request and its answers', () => {
  it("sends DeleteOptions with the clicked pod's uid as precondition, shown exactly", () => {
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
