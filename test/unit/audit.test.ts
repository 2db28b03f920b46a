import * as assert from 'node:assert/strict';
import { auditLogOf, staticPodFlags } from '../../src/core/etcd/manifest';
import { agentOf, isWrite, parseAuditLine, whoIs, type AuditRequest } from '../../src/core/audit/event';
import { RequestLog, requestKey } from '../../src/core/audit/requests';

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

describe('the request that wrote a revision of a key (History → Requests)', () => {
  const line = (o: Record<string, unknown>): AuditRequest => parseAuditLine(JSON.stringify({ ...event, ...o })) as AuditRequest;
  const pod = { resource: 'pods', namespace: 'default', name: 'hello-demo', apiVersion: 'v1' };
  const rv = (v: string) => ({ responseObject: { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'hello-demo', resourceVersion: v } } });

  it('finds the write whose response named that revision; a write that changed nothing does not take it over', () => {
    const log = new RequestLog(100);
    log.add([
      line({ auditID: 'g', verb: 'get', ...rv('10') }),
      // The API server names a POST's object from its body (k8s.io/apiserver audit.LogRequestObject).
      line({ auditID: 'c', verb: 'create', objectRef: pod, requestURI: '/api/v1/namespaces/default/pods', ...rv('10') }),
      line({ auditID: 'p', verb: 'patch', objectRef: pod, ...rv('12') }),
      line({ auditID: 'noop', verb: 'patch', objectRef: pod, ...rv('12') }),
      line({ auditID: 'other', verb: 'patch', objectRef: { ...pod, name: 'other' }, ...rv('14') }),
      line({ auditID: 'd', verb: 'delete', objectRef: pod, ...rv('15') }),
    ]);
    const key = '/registry/pods/default/hello-demo';
    assert.equal(log.writerOf(key, '10')?.auditID, 'c', 'the create, not the GET that read it');
    assert.equal(log.writerOf(key, '12')?.auditID, 'p');
    assert.equal(log.writerOf(key, '15')?.auditID, 'd');
    assert.equal(log.writerOf(key, '14'), undefined, "another object's revision");
    assert.equal(log.writerOf(key, '13'), undefined);
    assert.equal(requestKey(line({ objectRef: { resource: 'deployments', apiGroup: 'apps', namespace: 'ns', name: 'web' } })), '/registry/deployments/ns/web');
    assert.equal(
      requestKey(line({ objectRef: { resource: 'widgets', apiGroup: 'example.com', namespace: 'ns', name: 'w' } })),
      '/registry/example.com/widgets/ns/w',
    );
    assert.equal(requestKey(line({ objectRef: { resource: 'nodes', name: 'controlplane' } })), '/registry/minions/controlplane');
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
