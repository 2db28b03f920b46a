/**
 * Cluster view benchmark (run by scripts/bench.mjs against a fresh lab):
 * 10,000 pods in one namespace; the time until the tree's first page is in
 * hand (ListWatch.start, what expanding "pods" does) against a full list
 * (what `kubectl get pods -o json` fetches, the anchors' way), both measured
 * here in the same run; and the latency from a change to its watch event.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { collectionPath, CORE_PODS } from '../../src/core/kube/resources';
import { connect, type KubeApi } from '../../src/infra/kube/api';
import { loadKubeconfig } from '../../src/infra/kube/kubeconfig';
import { ListWatch } from '../../src/infra/kube/listWatch';

async function fill(api: KubeApi, ns: string, count: number): Promise<void> {
  let next = 0;
  const pod = (i: number) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `bench-${String(i).padStart(5, '0')}`, labels: { app: 'bench' } },
    // Bound to a node nobody runs: no scheduling, no kubelet, just stored objects.
    spec: { nodeName: 'bench-nowhere', containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] },
  });
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        const i = next++;
        const r = await api.request(`/api/v1/namespaces/${ns}/pods`, { method: 'POST', body: pod(i), timeoutMs: 30_000 });
        if (!r.ok || (r.value.status !== 201 && r.value.status !== 409)) throw new Error(`creating pod ${i}: ${r.ok ? r.value.status : r.error.message}`);
      }
    }),
  );
}

export interface ClusterBench {
  pods: number;
  pageSize: number;
  firstPageMs: number[];
  fullListMs: number[];
  kubectlMs: number[];
  firstPageBytes: number;
  fullListBytes: number;
  watchLatencyMs: number[];
}

export async function benchCluster(lab: { kubeconfig: string; bin: string }, pods = 10_000, runs = 5): Promise<ClusterBench> {
  const kc = loadKubeconfig([lab.kubeconfig]);
  if (!kc.ok) throw new Error(kc.error.message);
  const c = await connect(kc.value.kc, kc.value.current ?? '');
  if (!c.ok) throw new Error(c.error.message);
  const api = c.value;
  const ns = 'bench-10k';
  await api.request('/api/v1/namespaces', { method: 'POST', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, timeoutMs: 15_000 });
  await fill(api, ns, pods);
  const path = collectionPath(CORE_PODS, ns);
  const pageSize = 100;
  const out: ClusterBench = { pods, pageSize, firstPageMs: [], fullListMs: [], kubectlMs: [], firstPageBytes: 0, fullListBytes: 0, watchLatencyMs: [] };

  for (let i = 0; i < runs; i++) {
    // KubeLab: what expanding "pods" does.
    let t0 = performance.now();
    const lw = new ListWatch(api, path, { pageSize, timeoutMs: 60_000, watchTimeoutSeconds: 300 }, { onChange: () => undefined });
    const first = await lw.start();
    out.firstPageMs.push(performance.now() - t0);
    if (!first.ok || first.value.items.length !== pageSize || first.value.total !== pods) throw new Error('first page wrong');
    lw.dispose();
    // Baseline 1: one full list over the same connection.
    t0 = performance.now();
    const full = await api.request(path, { timeoutMs: 120_000 });
    out.fullListMs.push(performance.now() - t0);
    if (!full.ok || (full.value.body as { items: unknown[] }).items.length !== pods) throw new Error('full list wrong');
    // Baseline 2: the anchors' way, kubectl get pods -o json.
    t0 = performance.now();
    const json = execFileSync(`${lab.bin}/kubectl`, ['--kubeconfig', lab.kubeconfig, '-n', ns, 'get', 'pods', '-o', 'json'], { maxBuffer: 1 << 30 });
    out.kubectlMs.push(performance.now() - t0);
    if (i === 0) {
      out.fullListBytes = Buffer.byteLength(JSON.stringify(full.value.body));
      out.firstPageBytes = Buffer.byteLength(JSON.stringify(first.value.items));
      if (!json.includes('bench-09999')) throw new Error('kubectl list wrong');
    }
  }

  // Watch latency: from sending a change to the event reaching the list.
  const seen = new Map<string, number>();
  const lw = new ListWatch(
    api,
    path,
    { pageSize, timeoutMs: 60_000, watchTimeoutSeconds: 300 },
    {
      onChange: (state, repaint) => {
        if (repaint.what === 'item') seen.set(repaint.key, performance.now());
      },
    },
  );
  await lw.start();
  for (let i = 0; i < 20; i++) {
    const name = `bench-${String(i).padStart(5, '0')}`;
    const key = `${ns}/${name}`;
    seen.delete(key);
    const t0 = performance.now();
    if (!(await patchLabels(api, `${path}/${name}`, { tick: String(i) }))) throw new Error('patch failed');
    for (let w = 0; w < 400 && !seen.has(key); w++) await new Promise((res) => setTimeout(res, 5));
    const at = seen.get(key);
    if (at === undefined) throw new Error('no watch event');
    out.watchLatencyMs.push(at - t0);
  }
  lw.dispose();
  return out;
}

async function patchLabels(api: KubeApi, path: string, labels: Record<string, string>): Promise<boolean> {
  const r = await api.request(path, { method: 'PATCH', body: { metadata: { labels } }, timeoutMs: 15_000, contentType: 'application/merge-patch+json' });
  return r.ok && r.value.status === 200;
}
