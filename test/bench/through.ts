/**
 * Connect Through the Cluster benchmark (run by scripts/bench.mjs against a
 * fresh lab): the time from nothing but a kubeconfig to the first listed
 * level (find the etcd pod, read its certificates by pods/exec, open the
 * forward, TLS, list /registry/) against connecting directly with the lab's
 * certificate files; then the cost of listing a level through the
 * port-forward against a direct connection to the same etcd, both warm,
 * alternated, in the same run.
 */
import { performance } from 'node:perf_hooks';
import { EtcdReader, type EtcdSettings } from '../../src/infra/etcd/client';
import { readLevel } from '../../src/infra/etcd/levels';
import { openClusterRoute } from '../../src/infra/etcd/throughCluster';
import { connect } from '../../src/infra/kube/api';
import { loadKubeconfig } from '../../src/infra/kube/kubeconfig';

export interface ThroughBench {
  connectMs: number[];
  directConnectMs: number[];
  levels: { prefix: string; children: number; forwardMs: number[]; directMs: number[] }[];
}

async function firstLevel(settings: EtcdSettings): Promise<{ reader: EtcdReader; children: number }> {
  const opened = await EtcdReader.open(settings);
  if (!opened.ok) throw new Error(opened.error.message);
  const page = await readLevel(opened.value, Buffer.from('/registry/'));
  if (!page.ok) throw new Error(page.error.message);
  return { reader: opened.value, children: page.value.children.length };
}

export async function benchThrough(
  lab: { kubeconfig: string; etcd: { endpoints: string[]; caFile: string; certFile: string; keyFile: string } },
  runs = 7,
  listings = 31,
): Promise<ThroughBench> {
  const k = loadKubeconfig([lab.kubeconfig]);
  if (!k.ok) throw new Error(k.error.message);
  const context = k.value.current ?? '';
  const direct: EtcdSettings = { ...lab.etcd, timeoutMs: 30_000 };
  const out: ThroughBench = { connectMs: [], directConnectMs: [], levels: [] };
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    const api = await connect(k.value.kc, context);
    if (!api.ok) throw new Error(api.error.message);
    const route = await openClusterRoute(api.value, context, { timeoutMs: 30_000 });
    if (!route.ok) throw new Error(route.error.message);
    const through = await firstLevel(route.value.settings);
    out.connectMs.push(performance.now() - t0);
    through.reader.close();
    route.value.close();
    t0 = performance.now();
    const d = await firstLevel(direct);
    out.directConnectMs.push(performance.now() - t0);
    d.reader.close();
  }

  const api = await connect(k.value.kc, context);
  if (!api.ok) throw new Error(api.error.message);
  const route = await openClusterRoute(api.value, context, { timeoutMs: 30_000 });
  if (!route.ok) throw new Error(route.error.message);
  const through = await firstLevel(route.value.settings);
  const d = await firstLevel(direct);
  try {
    for (const prefix of ['/registry/', '/registry/pods/', '/registry/minions/']) {
      const level = { prefix, children: 0, forwardMs: [] as number[], directMs: [] as number[] };
      for (let i = 0; i < listings; i++) {
        for (const [reader, into] of (i % 2
          ? [
              [d.reader, level.directMs],
              [through.reader, level.forwardMs],
            ]
          : [
              [through.reader, level.forwardMs],
              [d.reader, level.directMs],
            ]) as [EtcdReader, number[]][]) {
          const t0 = performance.now();
          const page = await readLevel(reader, Buffer.from(prefix));
          into.push(performance.now() - t0);
          if (!page.ok) throw new Error(page.error.message);
          level.children = page.value.children.length;
        }
      }
      out.levels.push(level);
    }
  } finally {
    through.reader.close();
    d.reader.close();
    route.value.close();
  }
  return out;
}
