import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyValue } from '../../src/core/etcd/envelope';
import { EtcdReader } from '../../src/infra/etcd/client';
import { etcdPodsOf, type EtcdPod } from '../../src/core/etcd/throughCluster';
import { openClusterRoute, readPodTls, type ClusterRoute } from '../../src/infra/etcd/throughCluster';
import { connect, type KubeApi } from '../../src/infra/kube/api';
import { loadKubeconfig } from '../../src/infra/kube/kubeconfig';
import { labInfo, restrictedKubeconfig, until, type LabInfo } from '../support/lab';

async function apiOf(kubeconfig: string): Promise<{ api: KubeApi; context: string }> {
  const k = loadKubeconfig([kubeconfig], 'setting');
  assert.ok(k.ok, k.ok ? '' : k.error.message);
  const context = k.value.current ?? '';
  const api = await connect(k.value.kc, context);
  assert.ok(api.ok);
  return { api: api.value, context };
}

// etcd reached with nothing but a kubeconfig: the etcd pod found through the API server, its
// certificates read through pods/exec, its client port through pods/portforward (the lab's etcd
// pod is kubeadm's, and kwok serves exec and port-forward for it as a kubelet does).
describe('etcd through the cluster, with a kubeconfig only', function () {
  this.timeout(120_000);
  let lab: LabInfo;
  let dir: string;
  let route: ClusterRoute | undefined;
  let reader: EtcdReader | undefined;

  before(() => {
    lab = labInfo();
    dir = mkdtempSync(join(tmpdir(), 'kubelab-through-'));
  });
  afterEach(() => {
    reader?.close();
    route?.close();
    reader = undefined;
    route = undefined;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("finds pod etcd-controlplane, reads the certificate files its flags name, and reads the node's key through the forward", async () => {
    const { api, context } = await apiOf(lab.kubeconfig);
    const r = await openClusterRoute(api, context, { timeoutMs: 30_000 });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    route = r.value;
    assert.deepEqual(
      route.pods.map((p) => [p.namespace, p.name, p.container, p.node]),
      [['kube-system', 'etcd-controlplane', 'etcd', 'controlplane']],
    );
    assert.equal(route.pods[0]?.port, Number(new URL(lab.etcd.endpoints[0] as string).port), "the pod's client port, from its --listen-client-urls");
    // What came through pods/exec is byte for byte what the lab's files hold, and settings name no file.
    const s = route.settings;
    assert.deepEqual([s.pem?.ca, s.pem?.cert, s.pem?.key], [readFileSync(lab.etcd.caFile), readFileSync(lab.etcd.certFile), readFileSync(lab.etcd.keyFile)]);
    assert.deepEqual([s.caFile, s.certFile, s.keyFile], [undefined, undefined, undefined]);
    assert.match(s.endpoints[0] ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(s.endpoints[0], lab.etcd.endpoints[0], 'a local port of the forward, not etcd itself');

    const opened = await EtcdReader.open(s);
    assert.ok(opened.ok);
    reader = opened.value;
    const st = await reader.status();
    assert.ok(st.ok, st.ok ? '' : st.error.message);
    assert.deepEqual(st.value.via, ['etcd-controlplane']);
    const node = await reader.get(Buffer.from('/registry/minions/controlplane'));
    assert.ok(node.ok && node.value);
    const stored = classifyValue(node.value.value);
    assert.equal(stored.format === 'protobuf' && stored.kind, 'Node');
  });

  it("says which certificate file the pod cannot read, in the shell's own words", async () => {
    const { api, context } = await apiOf(lab.kubeconfig);
    const listed = await api.request('/api/v1/namespaces/kube-system/pods?labelSelector=component%3Detcd', { timeoutMs: 30_000 });
    assert.ok(listed.ok);
    const pods = etcdPodsOf(listed.value.body, context);
    assert.ok(pods.ok);
    const missing = join(dir, 'no-such-peer.key');
    const r = await readPodTls(api, { ...(pods.value[0] as EtcdPod), keyFile: missing }, 30_000);
    assert.deepEqual(!r.ok && [r.error.code, r.error.where], ['etcdPod.read', 'kube-system/etcd-controlplane']);
    assert.match(!r.ok ? r.error.message : '', new RegExp(`${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*(No such file|nonexistent)`, 'i'));
  });

  // A WebSocket upgrade is a GET: the API server asks RBAC for `get` on the subresource, then
  // (AuthorizePodWebsocketUpgradeCreatePermission) for `create`, and names the verb it refused.
  it('names the verb and resource RBAC refused: get pods/exec for a user who may only read pods', async () => {
    const { api, context } = await apiOf(restrictedKubeconfig(lab, dir, 'kubelab-no-exec', [{ verbs: 'get,list', resources: 'pods' }]));
    const r = await openClusterRoute(api, context, { timeoutMs: 30_000 });
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && [r.error.code, r.error.where, r.error.status], ['etcdPod.forbidden', 'get pods/exec', 403]);
    assert.match(!r.ok ? r.error.message : '', /cannot get resource "pods\/exec" in API group "" in the namespace "kube-system"/, "the API server's own words");
  });

  it('names create pods/exec for a user who may get pods/exec but not create it', async () => {
    const file = restrictedKubeconfig(lab, dir, 'kubelab-get-exec', [
      { verbs: 'get,list', resources: 'pods' },
      { verbs: 'get', resources: 'pods/exec' },
    ]);
    const { api, context } = await apiOf(file);
    const r = await openClusterRoute(api, context, { timeoutMs: 30_000 });
    assert.deepEqual(!r.ok && [r.error.code, r.error.where], ['etcdPod.forbidden', 'create pods/exec']);
  });

  it('names pods/portforward for a user who may exec but not forward', async () => {
    const file = restrictedKubeconfig(lab, dir, 'kubelab-no-forward', [
      { verbs: 'get,list', resources: 'pods' },
      { verbs: 'get,create', resources: 'pods/exec' },
    ]);
    const { api, context } = await apiOf(file);
    const r = await openClusterRoute(api, context, { timeoutMs: 30_000 });
    assert.deepEqual(!r.ok && [r.error.code, r.error.where], ['etcdPod.forbidden', 'get pods/portforward']);
  });

  it('a cut forward is seen by a watch, and the next request goes through a new forward', async () => {
    const { api, context } = await apiOf(lab.kubeconfig);
    const r = await openClusterRoute(api, context, { timeoutMs: 30_000 });
    assert.ok(r.ok);
    route = r.value;
    const opened = await EtcdReader.open(route.settings);
    assert.ok(opened.ok);
    reader = opened.value;
    assert.ok((await reader.status()).ok);
    const states: boolean[] = [];
    const w = await reader.watch(
      Buffer.from('/registry/minions/'),
      () => undefined,
      (connected) => states.push(connected),
    );
    assert.ok(w.ok);
    route.forwards[0]?.cut();
    await until('the watch to see the cut', async () => (states.includes(false) ? true : undefined), 30_000);
    const back = await until(
      'a request through a new forward',
      async () => {
        const st = await reader?.status();
        return st?.ok ? st.value : undefined;
      },
      60_000,
    );
    assert.deepEqual(back.via, ['etcd-controlplane']);
    w.value();
  });
});
