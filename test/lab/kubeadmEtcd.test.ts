import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEtcdManifest } from '../../src/core/etcd/manifest';
import { etcdPodsOf } from '../../src/core/etcd/throughCluster';
import { repoRoot } from '../../tools/vscodeServer';

// A reference the project did not write: kubeadm's own test of the etcd static pod it writes
// (cmd/kubeadm/app/phases/etcd/local_test.go of the Kubernetes release the lab runs, from Go's
// module cache), and kubeadm's constants for the client port and certificate names. What
// KubeLab reads from that manifest (Detect from kubeadm) and from that pod (Connect Through
// the Cluster) must be what kubeadm says it wrote.
describe("kubeadm's own etcd static pod, as KubeLab reads it", function () {
  this.timeout(180_000);
  let kubeadm: string;
  let manifests: string[];
  const constant = (name: string): string => {
    const m = new RegExp(`\\b${name}\\s*=\\s*"?([^"\\s]+)"?`).exec(readFileSync(join(kubeadm, 'constants', 'constants.go'), 'utf8'));
    assert.ok(m, `${name} in kubeadm's constants.go`);
    return m[1] as string;
  };

  before(() => {
    const version = /K8S_VERSION=(v[\d.]+)/.exec(readFileSync(join(repoRoot, 'scripts', 'lab', 'versions.sh'), 'utf8'))?.[1] ?? '';
    const out = execFileSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${version}`], { encoding: 'utf8', timeout: 150_000 });
    kubeadm = join((JSON.parse(out) as { Dir: string }).Dir, 'cmd', 'kubeadm', 'app');
    const test = readFileSync(join(kubeadm, 'phases', 'etcd', 'local_test.go'), 'utf8');
    manifests = [...test.matchAll(/expectedManifest: fmt\.Sprintf\(`([\s\S]*?)`/g)].map((m) => (m[1] as string).replace(/%s/g, '/var/lib'));
    assert.ok(manifests.length >= 1, 'kubeadm tests at least one etcd manifest');
  });

  it('Detect from kubeadm: the loopback client URL on kubeadm’s client port, and its CA and peer pair', () => {
    const port = constant('EtcdListenClientPort');
    for (const text of manifests)
      assert.deepEqual(parseEtcdManifest(text), {
        ok: true,
        value: {
          endpoints: [`https://127.0.0.1:${port}`],
          caFile: constant('EtcdCACertName'),
          certFile: constant('EtcdPeerCertName'),
          keyFile: constant('EtcdPeerKeyName'),
        },
      });
  });

  it('Connect Through the Cluster: the same pod as the API server shows it, its port to forward and the files to read', () => {
    for (const text of manifests) {
      // The pod as JSON: its labels and the container's command, from kubeadm's YAML.
      const command = [...text.matchAll(/^ {4}- (\S.*)$/gm)].map((m) => m[1] as string).filter((a) => a === 'etcd' || a.startsWith('--'));
      const labels = Object.fromEntries([...text.matchAll(/^ {4}(component|tier): (\S+)$/gm)].map((m) => [m[1], m[2]]));
      const name = /^ {2}name: (\S+)$/m.exec(text)?.[1];
      const pod = { metadata: { name, namespace: 'kube-system', labels }, spec: { containers: [{ name: 'etcd', command }] }, status: { phase: 'Running' } };
      const r = etcdPodsOf({ items: [pod] }, 'kubeadm');
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.deepEqual(
        r.value.map((p) => [p.name, p.container, p.port, p.tls, p.caFile, p.certFile, p.keyFile]),
        [[name, 'etcd', Number(constant('EtcdListenClientPort')), true, constant('EtcdCACertName'), constant('EtcdPeerCertName'), constant('EtcdPeerKeyName')]],
      );
    }
  });
});
