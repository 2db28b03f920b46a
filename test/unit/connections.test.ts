import * as assert from 'node:assert/strict';
import { resolveConnections, type LabFile } from '../../src/core/connections';

// One rule decides the cluster for the Cluster view, the etcd view and the
// lesson's terminals: settings, else the lab's files, else what kubectl uses.
const lab: LabFile = {
  kubeconfig: '/lab/admin.conf',
  etcd: { endpoints: ['https://127.0.0.1:23790'], caFile: '/lab/ca.crt', certFile: '/lab/peer.crt', keyFile: '/lab/peer.key' },
};
const none = { kubeconfig: '', etcd: { endpoints: [] } };

describe("connections: settings, else the lab, else kubectl's defaults", () => {
  it('takes the kubeconfig setting first (with ~ expanded), over the lab and $KUBECONFIG', () => {
    const c = resolveConnections({ ...none, kubeconfig: '~/k.yaml' }, lab, { KUBECONFIG: '/a:/b' }, '/home/u');
    assert.deepEqual(c.kubeconfig, { files: ['/home/u/k.yaml'], from: 'setting' });
  });

  it("inside the lab, the lab's kubeconfig wins over $KUBECONFIG and ~/.kube/config", () => {
    assert.deepEqual(resolveConnections(none, lab, { KUBECONFIG: '/a' }, '/home/u').kubeconfig, { files: ['/lab/admin.conf'], from: 'lab' });
  });

  it('outside the lab, $KUBECONFIG (several files) and then ~/.kube/config, as kubectl', () => {
    assert.deepEqual(resolveConnections(none, undefined, { KUBECONFIG: '/a:/b:' }, '/home/u').kubeconfig, { files: ['/a', '/b'], from: 'environment' });
    assert.deepEqual(resolveConnections(none, undefined, {}, '/home/u').kubeconfig, { files: ['/home/u/.kube/config'], from: 'default' });
  });

  it('takes etcd endpoints and TLS files from the settings, else from the lab, else none', () => {
    const own = resolveConnections(
      { kubeconfig: '', etcd: { endpoints: ['https://10.0.0.1:2379'], caFile: '/ca', certFile: ' ', keyFile: '' } },
      lab,
      {},
      '/h',
    );
    assert.deepEqual(own.etcd, { tls: { endpoints: ['https://10.0.0.1:2379'], caFile: '/ca', certFile: undefined, keyFile: undefined }, from: 'setting' });
    assert.deepEqual(resolveConnections(none, lab, {}, '/h').etcd, { tls: lab.etcd, from: 'lab' });
    assert.equal(resolveConnections(none, undefined, {}, '/h').etcd, undefined);
  });
});
