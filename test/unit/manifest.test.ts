import * as assert from 'node:assert/strict';
import { parseEtcdManifest } from '../../src/core/etcd/manifest';

describe('kubeadm etcd manifest', () => {
  it('finds the client URL on loopback and the certificate paths the lesson uses', () => {
    const manifest = `apiVersion: v1
kind: Pod
spec:
  containers:
  - command:
    - etcd
    - --advertise-client-urls=https://172.30.1.2:2379
    - --cert-file=/etc/kubernetes/pki/etcd/server.crt
    - --client-cert-auth=true
    - --key-file=/etc/kubernetes/pki/etcd/server.key
    - --listen-client-urls=https://127.0.0.1:2379,https://172.30.1.2:2379
    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
`;
    assert.deepEqual(parseEtcdManifest(manifest), {
      ok: true,
      value: {
        endpoints: ['https://127.0.0.1:2379'],
        caFile: '/etc/kubernetes/pki/etcd/ca.crt',
        certFile: '/etc/kubernetes/pki/etcd/peer.crt',
        keyFile: '/etc/kubernetes/pki/etcd/peer.key',
      },
    });
    const bad = parseEtcdManifest('kind: Pod\n');
    assert.equal(bad.ok ? '' : bad.error.code, 'etcd.manifest');
  });
});
