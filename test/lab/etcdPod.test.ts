import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { classifyValue } from '../../src/core/etcd/envelope';
import { freePort } from '../../tools/vscodeServer';
import { kubectl, labInfo, until, type LabInfo } from '../support/lab';

// The lab presents its etcd as kubeadm does: the pod kube-system/etcd-controlplane,
// into which `kubectl exec` runs etcdctl and to which `kubectl port-forward` reaches
// etcd, as on a kubeadm cluster (kwok's Exec and PortForward, scripts/lab/etcdPod.mjs).
describe("the lab's etcd as a kubeadm cluster shows it: pod kube-system/etcd-controlplane", function () {
  this.timeout(120_000);
  let lab: LabInfo;
  /** The pod's etcd flags, as kubeadm's users read them from the pod. */
  let flags: Record<string, string>;

  before(() => {
    lab = labInfo();
    const pod = JSON.parse(kubectl(lab, 'get', 'pod', '-n', 'kube-system', 'etcd-controlplane', '-o', 'json')) as {
      metadata: { labels: Record<string, string>; annotations: Record<string, string> };
      spec: { nodeName: string; containers: Array<{ command: string[] }> };
      status: { phase: string };
    };
    assert.deepEqual(pod.metadata.labels, { component: 'etcd', tier: 'control-plane' });
    assert.equal(pod.spec.nodeName, 'controlplane');
    assert.equal(pod.status.phase, 'Running');
    assert.equal(pod.metadata.annotations['kubeadm.kubernetes.io/etcd.advertise-client-urls'], lab.etcd.endpoints[0]);
    flags = Object.fromEntries((pod.spec.containers[0]?.command ?? []).flatMap((a) => (/^--([\w-]+)=(.*)$/.exec(a) ? [[RegExp.$1, RegExp.$2]] : [])));
  });

  it('names the real certificate files and client URL in its command line, as kubeadm writes them', () => {
    for (const f of ['cert-file', 'key-file', 'trusted-ca-file', 'peer-cert-file', 'peer-key-file'])
      assert.ok(existsSync(flags[f] ?? ''), `--${f}=${flags[f]}`);
    assert.equal(flags['advertise-client-urls'], lab.etcd.endpoints[0]);
  });

  // As inside kubeadm's etcd container, etcdctl there finds its etcd without --endpoints (the lab's
  // kwok gives exec the lab's ETCDCTL_ENDPOINTS); the lesson's kubectl exec variant relies on it.
  it('runs etcdctl by kubectl exec, as on a kubeadm cluster without Docker, with the certificate flags read from the pod', () => {
    const value = execFileSync(
      join(lab.bin, 'kubectl'),
      [
        '--kubeconfig',
        lab.kubeconfig,
        'exec',
        '-n',
        'kube-system',
        'etcd-controlplane',
        '--',
        'etcdctl',
        `--cacert=${flags['trusted-ca-file']}`,
        `--cert=${flags['peer-cert-file']}`,
        `--key=${flags['peer-key-file']}`,
        'get',
        '/registry/minions/controlplane',
        '--print-value-only',
      ],
      { timeout: 60_000 },
    );
    const stored = classifyValue(value.subarray(0, value.length - 1)); // etcdctl ends the value with a newline
    assert.equal(stored.format, 'protobuf');
    assert.equal(stored.format === 'protobuf' && stored.kind, 'Node');
  });

  it("reaches etcd through kubectl port-forward to the pod's client port 2379", async () => {
    const port = await freePort();
    const forward = spawn(join(lab.bin, 'kubectl'), [
      '--kubeconfig',
      lab.kubeconfig,
      'port-forward',
      '-n',
      'kube-system',
      'pod/etcd-controlplane',
      `${port}:2379`,
    ]);
    try {
      await until('the forward', async () => (forward.stdout.read() as Buffer | null)?.toString().includes('Forwarding from') || undefined, 20_000);
      const keys = execFileSync(
        join(lab.bin, 'etcdctl'),
        [
          `--endpoints=https://127.0.0.1:${port}`,
          `--cacert=${lab.etcd.caFile}`,
          `--cert=${lab.etcd.certFile}`,
          `--key=${lab.etcd.keyFile}`,
          'get',
          '/registry/minions/',
          '--prefix',
          '--keys-only',
        ],
        { encoding: 'utf8', timeout: 30_000 },
      );
      assert.match(keys, /^\/registry\/minions\/controlplane$/m);
    } finally {
      forward.kill();
    }
  });
});
