/**
 * History benchmark (run by scripts/bench.mjs against a fresh lab): a key
 * written 1,000 times (values the size of a pod, ~2 KiB); the time to its
 * full history with KubeLab's one watch, against a loop of one Range per
 * revision (what etcd browsers do), same etcd, same run, alternated; directly
 * on loopback, and through the cluster (a port-forward), where a Range pays a
 * round trip.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Etcd3 } from 'etcd3';
import { EtcdReader } from '../../src/infra/etcd/client';
import { openClusterRoute } from '../../src/infra/etcd/throughCluster';
import { connect } from '../../src/infra/kube/api';
import { loadKubeconfig } from '../../src/infra/kube/kubeconfig';

export interface HistoryBench {
  versions: number;
  valueBytes: number;
  watchMs: number[];
  rangeLoopMs: number[];
  watchBytes: number;
  rangeLoopBytes: number;
  /** The same two through the cluster (the API server's port-forward), where every Range pays a round trip. */
  through: { watchMs: number[]; rangeLoopMs: number[] };
}

export async function benchHistory(
  lab: { kubeconfig: string; etcd: { endpoints: string[]; caFile: string; certFile: string; keyFile: string } },
  versions = 1000,
  runs = 5,
): Promise<HistoryBench> {
  const writer = new Etcd3({
    hosts: lab.etcd.endpoints,
    credentials: { rootCertificate: readFileSync(lab.etcd.caFile), certChain: readFileSync(lab.etcd.certFile), privateKey: readFileSync(lab.etcd.keyFile) },
  });
  const key = Buffer.from('/kubelab-bench/history');
  const value = (i: number) => Buffer.from(JSON.stringify({ i, pad: 'x'.repeat(2000) }));
  for (let i = 0; i < versions; i++) await writer.put(key).value(value(i)).exec();
  writer.close();
  const out: HistoryBench = {
    versions,
    valueBytes: value(0).length,
    watchMs: [],
    rangeLoopMs: [],
    watchBytes: 0,
    rangeLoopBytes: 0,
    through: { watchMs: [], rangeLoopMs: [] },
  };
  const opened = await EtcdReader.open({ ...lab.etcd, timeoutMs: 120_000 });
  if (!opened.ok) throw new Error(opened.error.message);
  const k = loadKubeconfig([lab.kubeconfig]);
  if (!k.ok) throw new Error(k.error.message);
  const api = await connect(k.value.kc, k.value.current ?? '');
  if (!api.ok) throw new Error(api.error.message);
  const route = await openClusterRoute(api.value, k.value.current ?? '', { timeoutMs: 30_000 });
  if (!route.ok) throw new Error(route.error.message);
  const forwarded = await EtcdReader.open({ ...route.value.settings, timeoutMs: 120_000 });
  if (!forwarded.ok) throw new Error(forwarded.error.message);
  try {
    for (const [reader, into] of [
      [opened.value, out],
      [forwarded.value, out.through],
    ] as const)
      for (let r = 0; r < runs; r++) {
        const watch = async () => {
          const t0 = performance.now();
          const h = await reader.history(key, 64 << 20);
          into.watchMs.push(performance.now() - t0);
          if (!h.ok) throw new Error(h.error.message);
          if (h.value.entries.length < versions) throw new Error(`history has ${h.value.entries.length} versions, not ${versions}`);
          out.watchBytes = h.value.entries.reduce((n, e) => n + e.size, 0);
          return h.value.entries.map((e) => e.revision);
        };
        const loop = async (revisions: string[]) => {
          const t0 = performance.now();
          let bytes = 0;
          for (const rev of revisions) {
            const v = await reader.getAt(key, rev);
            if (!v.ok) throw new Error(v.error.message);
            bytes += v.value?.value.length ?? 0;
          }
          into.rangeLoopMs.push(performance.now() - t0);
          out.rangeLoopBytes = bytes;
        };
        // The loop is given the revisions for free (a browser steps back by mod_revision); each goes first in turn.
        const revisions = await watch();
        if (r % 2) await loop(revisions);
        else {
          into.watchMs.pop();
          await loop(revisions);
          await watch();
        }
      }
  } finally {
    opened.value.close();
    forwarded.value.close();
    route.value.close();
  }
  return out;
}
