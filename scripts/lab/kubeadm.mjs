// The lab's control plane as kubeadm presents it: the node `controlplane` (run by
// kwok), and its etcd as a pod `etcd-controlplane` in
// kube-system on node controlplane (labels, annotation and command line as
// kubeadm writes its static pod, the flags the lab's etcd really runs with),
// which kwok keeps Running. kwok's Exec and PortForward (its config, below)
// make `kubectl exec` into that pod run on the lab's host (where etcdctl and
// the certificate files are) and `kubectl port-forward` reach the lab's etcd:
// both behave as on a kubeadm cluster.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The etcd version the lab runs (scripts/lab/versions.sh), e.g. v3.7.3. */
export function etcdVersion() {
  const text = readFileSync(join(import.meta.dirname, 'versions.sh'), 'utf8');
  return /ETCD_VERSION="?(v[\d.]+)/.exec(text)?.[1] ?? 'v3';
}

/** The control-plane node, labelled as kubeadm labels it; kwok runs it. */
export const controlplaneNode = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: 'controlplane',
    labels: {
      'kubernetes.io/hostname': 'controlplane',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'node-role.kubernetes.io/control-plane': '',
      type: 'kwok',
    },
    annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
  },
  spec: {},
};

/** The pod kubeadm writes (as a static pod; here created through the API), with `args` as etcd's flags. */
export function etcdPod({ name = 'etcd-controlplane', args, clientUrl, version }) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'kube-system',
      labels: { component: 'etcd', tier: 'control-plane' },
      annotations: { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': clientUrl },
    },
    spec: {
      nodeName: 'controlplane',
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      priority: 2000001000,
      containers: [{ name: 'etcd', image: `registry.k8s.io/etcd:${version.replace(/^v/, '')}-0`, command: ['etcd', ...args] }],
      tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
    },
  };
}

/**
 * kwok's Exec and PortForward for the etcd pods (one per member), written to `<dir>/kwok-etcd.yaml`.
 * Exec runs in the lab's folder, as the member's etcd container: inside kubeadm's, a bare `etcdctl`
 * finds its member on 127.0.0.1:2379; the lab's members listen on ports of their own, so
 * `<dir>/exec-bin/etcdctl` (first on kwok's PATH, which exec searches) adds `--endpoints` for the
 * pod's member (KUBELAB_ETCD_ENDPOINT, set per pod) when the command gives none (an environment
 * variable of etcdctl's would clash with an `--endpoints` that the command does give). A forward of
 * the pod's client port (2379, as kubeadm's, or the member's own) reaches that member. Returns the
 * config file and the folder to put first on kwok's PATH.
 */
export function writeKwokEtcdConfig({ dir, members, bin }) {
  const execBin = join(dir, 'exec-bin');
  mkdirSync(execBin, { recursive: true });
  writeFileSync(
    join(execBin, 'etcdctl'),
    `#!/bin/sh
# The lab's etcd pods: etcdctl without --endpoints reaches the pod's member, as kubeadm's reaches 127.0.0.1:2379.
case " $* " in
  *" --endpoints"*) ;;
  *) set -- --endpoints="\${KUBELAB_ETCD_ENDPOINT:-${members[0].clientUrl}}" "$@" ;;
esac
exec ${JSON.stringify(join(bin, 'etcdctl'))} "$@"
`,
    { mode: 0o755 },
  );
  const file = join(dir, 'kwok-etcd.yaml');
  const docs = members.flatMap((m) => [
    `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Exec
metadata:
  name: ${m.pod}
  namespace: kube-system
spec:
  execs:
  - local:
      workDir: ${JSON.stringify(dir)}
      envs:
      - name: KUBELAB_ETCD_ENDPOINT
        value: ${JSON.stringify(m.clientUrl)}
`,
    `apiVersion: kwok.x-k8s.io/v1alpha1
kind: PortForward
metadata:
  name: ${m.pod}
  namespace: kube-system
spec:
  forwards:
  - ports: [2379, ${m.clientPort}]
    target:
      port: ${m.clientPort}
      address: 127.0.0.1
`,
  ]);
  writeFileSync(file, docs.join('---\n'));
  return { file, execBin };
}

/** What kwok does beyond a kubelet's own (listing every node and pod), for the kubelet's identity: [API path, object]. */
export const kwokRbac = [
  [
    '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'kubelab:kwok-as-kubelet' },
      rules: [
        { apiGroups: [''], resources: ['nodes', 'pods'], verbs: ['get', 'list', 'watch', 'patch', 'update', 'delete'] },
        { apiGroups: [''], resources: ['nodes/status', 'pods/status'], verbs: ['get', 'patch', 'update'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
        { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch', 'update'] },
      ],
    },
  ],
  [
    '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'kubelab:kwok-as-kubelet' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kubelab:kwok-as-kubelet' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:node:controlplane' }],
    },
  ],
];
