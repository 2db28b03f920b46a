import * as assert from 'node:assert/strict';
import { auditLogOf, staticPodFlags } from '../../src/core/etcd/manifest';
import { agentOf, isWrite, parseAuditLine, whoIs } from '../../src/core/audit/event';

// An audit.k8s.io/v1 Event as the API server writes it (k8s.io/apiserver/pkg/apis/audit/v1/types.go).
const event = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'RequestResponse',
  auditID: 'a1',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/default/pods/hello-demo',
  verb: 'delete',
  user: { username: 'system:node:controlplane', groups: ['system:nodes', 'system:authenticated'] },
  userAgent: 'kubelet/v1.37.2',
  objectRef: { resource: 'pods', namespace: 'default', name: 'hello-demo', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 200 },
  requestObject: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 },
  responseObject: { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'hello-demo', resourceVersion: '4048' } },
  requestReceivedTimestamp: '2026-11-26T14:55:35.451070Z',
  stageTimestamp: '2026-11-26T14:55:35.557338Z',
};

describe('audit events: a request the API server took', () => {
  it('reads who, verb, path, code, latency to the microsecond, and the revision the write made', () => {
    const r = parseAuditLine(JSON.stringify(event));
    assert.ok(r);
    assert.deepEqual(
      [r.verb, r.uri, r.code, r.resourceVersion, r.objectRef?.name, r.user.username, isWrite(r)],
      ['delete', '/api/v1/namespaces/default/pods/hello-demo', 200, '4048', 'hello-demo', 'system:node:controlplane', true],
    );
    assert.equal(r.latencyMs, 106.268);
    assert.equal(agentOf(r.userAgent), 'kubelet');
  });

  it('takes a Metadata-level event (no bodies) and a failed request with its message; refuses what is not an Event', () => {
    const { requestObject: _q, responseObject: _r, ...meta } = event;
    const failed = parseAuditLine(JSON.stringify({ ...meta, level: 'Metadata', verb: 'get', responseStatus: { code: 404, message: 'pods "x" not found' } }));
    assert.deepEqual(
      [failed?.code, failed?.message, failed?.resourceVersion, failed?.requestObject, failed && isWrite(failed)],
      [404, 'pods "x" not found', undefined, undefined, false],
    );
    for (const bad of ['', 'not json', '{"kind":"Pod"}', '[1,2]', JSON.stringify({ ...event, verb: 7 })]) assert.equal(parseAuditLine(bad), undefined, bad);
  });

  it('names users the way the components are known', () => {
    assert.deepEqual(whoIs('system:kube-scheduler'), { kind: 'component', name: 'kube-scheduler' });
    assert.deepEqual(whoIs('system:node:controlplane'), { kind: 'node', node: 'controlplane' });
    assert.deepEqual(whoIs('system:serviceaccount:kube-system:node-controller'), { kind: 'serviceAccount', namespace: 'kube-system', name: 'node-controller' });
    assert.deepEqual(whoIs('kubernetes-admin'), { kind: 'user', name: 'kubernetes-admin' });
  });
});

describe("a kubeadm API server's audit log path", () => {
  // The flags as the Kubernetes audit documentation has kubeadm users add them to kube-apiserver.yaml.
  const manifest = (flag: string) => `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-apiserver
    - --advertise-address=192.168.0.10
    - --audit-policy-file=/etc/kubernetes/audit-policy.yaml
    ${flag}
    - --etcd-servers=https://127.0.0.1:2379
`;
  it('reads --audit-log-path; none for a log to standard output or no log', () => {
    assert.equal(auditLogOf(staticPodFlags(manifest('- --audit-log-path=/var/log/kubernetes/audit/audit.log'))), '/var/log/kubernetes/audit/audit.log');
    assert.equal(auditLogOf(staticPodFlags(manifest('- --audit-log-path=-'))), undefined);
    assert.equal(auditLogOf(staticPodFlags(manifest('- --audit-log-maxage=30'))), undefined);
  });
});
