import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { etcdFlags } from '../../src/core/etcd/manifest';
import { etcdPodsOf, execExitCode, READ_FILES_SCRIPT, refusedBy, splitFiles, UNREADABLE_EXIT } from '../../src/core/etcd/throughCluster';

const pod = (name: string, phase: string, command: string[], extra: { args?: string[]; container?: string; labels?: Record<string, string> } = {}) => ({
  metadata: { name, namespace: 'kube-system', labels: extra.labels ?? { component: 'etcd', tier: 'control-plane' } },
  spec: { nodeName: name.replace(/^etcd-/, ''), containers: [{ name: extra.container ?? 'etcd', command, args: extra.args }] },
  status: { phase },
});
const kubeadmFlags = (ip: string) => [
  'etcd',
  `--advertise-client-urls=https://${ip}:2379`,
  '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
  `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
  '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
  '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
  '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
];

describe('etcd through the cluster: the etcd pods and their flags', () => {
  it('reads --name=value and --name value flags, the last winning, and a bare flag as true', () => {
    const f = etcdFlags(['etcd', '--name', 'cp', '--data-dir=/var/lib/etcd', '--client-cert-auth', '--name=cp2', '-v']);
    assert.deepEqual(Object.fromEntries(f), { name: 'cp2', 'data-dir': '/var/lib/etcd', 'client-cert-auth': 'true', v: 'true' });
  });

  it('finds the members of an HA control plane by name, each with its loopback client port and the peer pair', () => {
    const list = {
      items: [
        pod('etcd-cp2', 'Running', kubeadmFlags('10.0.0.2')),
        pod('etcd-cp1', 'Running', kubeadmFlags('10.0.0.1')),
        pod('coredns-x', 'Running', ['coredns'], { labels: { 'k8s-app': 'kube-dns' } }),
      ],
    };
    const r = etcdPodsOf(list, 'prod');
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.map((p) => [p.name, p.node, p.port, p.tls, p.caFile, p.certFile, p.keyFile]),
      [
        ['etcd-cp1', 'cp1', 2379, true, '/etc/kubernetes/pki/etcd/ca.crt', '/etc/kubernetes/pki/etcd/peer.crt', '/etc/kubernetes/pki/etcd/peer.key'],
        ['etcd-cp2', 'cp2', 2379, true, '/etc/kubernetes/pki/etcd/ca.crt', '/etc/kubernetes/pki/etcd/peer.crt', '/etc/kubernetes/pki/etcd/peer.key'],
      ],
    );
  });

  it('leaves out a member that is not Running while others are, and reads flags split between command and args', () => {
    const list = {
      items: [
        pod('etcd-a', 'Pending', kubeadmFlags('10.0.0.1')),
        pod('etcd-b', 'Running', ['/usr/local/bin/etcd'], {
          container: 'main',
          args: ['--listen-client-urls', 'http://[::1]:22379', '--trusted-ca-file=/c', '--cert-file=/s.crt', '--key-file=/s.key'],
        }),
      ],
    };
    const r = etcdPodsOf(list, 'ctx');
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.map((p) => [p.name, p.container, p.endpoint, p.port, p.tls, p.certFile]),
      [['etcd-b', 'main', 'http://[::1]:22379', 22379, false, '/s.crt']],
    );
  });

  it('says when a context has no etcd pod (a managed cluster), or one whose flags name no client URL', () => {
    const none = etcdPodsOf({ items: [] }, 'gke_prod');
    assert.deepEqual(!none.ok && [none.error.code, none.error.where], ['etcdPod.none', 'gke_prod']);
    const bare = etcdPodsOf({ items: [pod('etcd-x', 'Running', ['etcd', '--name=x'])] }, 'c');
    assert.deepEqual(!bare.ok && [bare.error.code, bare.error.where], ['etcdPod.flags', 'kube-system/etcd-x']);
  });

  it("reads the verb and resource out of the API server's Forbidden message", () => {
    assert.deepEqual(
      refusedBy(
        'pods "etcd-cp" is forbidden: User "system:serviceaccount:kube-system:v" cannot get resource "pods/exec" in API group "" in the namespace "kube-system"',
      ),
      { verb: 'get', resource: 'pods/exec', namespace: 'kube-system' },
    );
    assert.equal(refusedBy('Unauthorized'), undefined);
  });
});

describe('etcd through the cluster: the exit code of a command run by pods/exec', () => {
  it("reads a kubelet's NonZeroExitCode cause, the exit status another runtime puts in its message, and Success as 0", () => {
    // As k8s.io/apiserver's stream translator (and the kubelet) write it: metav1.StatusCause{Type: "ExitCode"} is "reason" in JSON.
    const kubelet = {
      status: 'Failure',
      reason: 'NonZeroExitCode',
      message: 'command terminated with non-zero exit code: error executing command [sh -c …], exit code 3',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    };
    assert.equal(execExitCode(kubelet), 3);
    // What the lab's kwok answers (seen through the API server).
    assert.equal(
      execExitCode({ status: 'Failure', message: 'Internal error occurred: error executing command in container: cmd wait: sh -c exit 3: exit status 3' }),
      3,
    );
    assert.equal(execExitCode({ status: 'Success' }), 0);
    assert.equal(execExitCode({ status: 'Failure', message: 'cmd start: sh : exec: "sh": executable file not found in $PATH' }), undefined, 'never ran');
  });
});

describe('etcd through the cluster: reading files with nothing but a shell', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'kubelab-read-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  // kubeadm's etcd image has bash as /bin/sh and no cat; Debian's sh is dash. Both run the script.
  for (const shell of ['sh', 'bash']) {
    it(`${shell}: prints each file whole, in order, a file without its last newline given one, and fails on a missing file`, () => {
      const pem = '-----BEGIN CERTIFICATE-----\nMIIB  with \\ backslash and %s\n-----END CERTIFICATE-----\n';
      writeFileSync(join(dir, 'a.crt'), pem);
      writeFileSync(join(dir, 'b.key'), 'no newline at the end');
      writeFileSync(join(dir, 'c'), '\n\nblank lines\n\n');
      const files = ['a.crt', 'b.key', 'c'].map((f) => join(dir, f));
      const r = spawnSync(shell, ['-c', READ_FILES_SCRIPT, 'sh', ...files], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(splitFiles(r.stdout, 3), [pem, 'no newline at the end\n', '\n\nblank lines\n\n']);
      assert.equal(splitFiles(r.stdout, 2), undefined, 'a count that does not match is no answer');
      const missing = spawnSync(shell, ['-c', READ_FILES_SCRIPT, 'sh', files[0] as string, join(dir, 'nope')], { encoding: 'utf8' });
      assert.equal(missing.status, UNREADABLE_EXIT);
      assert.match(missing.stderr, /nope/);
    });
  }
});
