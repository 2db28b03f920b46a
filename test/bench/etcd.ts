/**
 * etcd explorer benchmark (run by scripts/bench.mjs): a private etcd filled
 * with 1,000,000 keys shaped like a cluster's /registry (40 kinds × 200
 * namespaces × 125 objects). For the root /registry/, a kind level and a
 * namespace level: KubeLab's first page of children (time, requests, bytes)
 * against a full keys-only prefix scan (what the other explorers do) and one
 * count_only range (etcd's own floor for touching that range), same run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Etcd3 } from 'etcd3';
import { listLevel, levelRange, type BatchRanger, type Ranger } from '../../src/core/etcd/level';
import { EtcdReader } from '../../src/infra/etcd/client';
import { median } from '../support/lab';

export interface EtcdBenchLevel {
  prefix: string;
  children: number;
  kubelab: { ms: number; requests: number; bytes: number };
  scan: { ms: number; bytes: number; keys: number };
  countOnly: { ms: number };
}

export async function benchEtcd(opts: {
  etcdBin: string;
  pki: string;
  dir: string;
  port: number;
  peerPort: number;
  keys?: number;
  runs?: number;
}): Promise<{ version: string; keys: number; fillSeconds: number; levels: EtcdBenchLevel[] }> {
  const endpoint = `https://127.0.0.1:${opts.port}`;
  const tls = { caFile: join(opts.pki, 'ca.crt'), certFile: join(opts.pki, 'peer.crt'), keyFile: join(opts.pki, 'peer.key') };
  const etcd: ChildProcess = spawn(
    opts.etcdBin,
    [
      '--name=bench',
      `--data-dir=${join(opts.dir, 'data')}`,
      `--listen-client-urls=${endpoint}`,
      `--advertise-client-urls=${endpoint}`,
      `--listen-peer-urls=http://127.0.0.1:${opts.peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${opts.peerPort}`,
      `--initial-cluster=bench=http://127.0.0.1:${opts.peerPort}`,
      `--cert-file=${join(opts.pki, 'server.crt')}`,
      `--key-file=${join(opts.pki, 'server.key')}`,
      '--client-cert-auth',
      `--trusted-ca-file=${tls.caFile}`,
      '--quota-backend-bytes=8589934592',
      '--log-level=error',
    ],
    { stdio: 'ignore', env: { ...process.env, ETCD_UNSUPPORTED_ARCH: '' } },
  );
  const opened = await EtcdReader.open({ endpoints: [endpoint], ...tls, timeoutMs: 120_000 });
  if (!opened.ok) throw new Error(opened.error.message);
  const reader = opened.value;
  // The baseline client lifts gRPC's 4 MB cap, as the other explorers must to scan at all.
  const writer = new Etcd3({
    hosts: endpoint,
    credentials: { rootCertificate: readFileSync(tls.caFile), certChain: readFileSync(tls.certFile), privateKey: readFileSync(tls.keyFile) },
    grpcOptions: { 'grpc.max_receive_message_length': -1 },
  });
  try {
    for (let i = 0; i < 200 && !(await reader.status()).ok; i++) await new Promise((r) => setTimeout(r, 100));
    const st = await reader.status();
    if (!st.ok) throw new Error(`bench etcd did not start: ${st.error.message}`);
    const kinds = [
      'apiservices',
      'clusterrolebindings',
      'clusterroles',
      'configmaps',
      'controllerrevisions',
      'cronjobs',
      'csidrivers',
      'csinodes',
      'daemonsets',
      'deployments',
      'endpointslices',
      'events',
      'flowschemas',
      'horizontalpodautoscalers',
      'ingress',
      'jobs',
      'leases',
      'limitranges',
      'minions',
      'mutatingwebhookconfigurations',
      'namespaces',
      'networkpolicies',
      'persistentvolumeclaims',
      'persistentvolumes',
      'poddisruptionbudgets',
      'pods',
      'podtemplates',
      'priorityclasses',
      'prioritylevelconfigurations',
      'ranges',
      'replicasets',
      'resourcequotas',
      'rolebindings',
      'roles',
      'secrets',
      'serviceaccounts',
      'services',
      'statefulsets',
      'storageclasses',
      'validatingwebhookconfigurations',
    ];
    const total = opts.keys ?? 1_000_000;
    const perNs = Math.round(total / (kinds.length * 200));
    const t0 = performance.now();
    const batches: string[][] = [];
    let batch: string[] = [];
    // As in a cluster, /registry/namespaces/ holds one key per namespace; every other kind holds objects per namespace.
    const nsKeys = Array.from({ length: 200 }, (_, n) => `/registry/namespaces/ns-${String(n).padStart(3, '0')}`);
    batches.push(nsKeys.slice(0, 100), nsKeys.slice(100));
    for (const k of kinds.filter((x) => x !== 'namespaces'))
      for (let n = 0; n < 200; n++)
        for (let i = 0; i < perNs; i++) {
          batch.push(`/registry/${k}/ns-${String(n).padStart(3, '0')}/obj-${String(i).padStart(5, '0')}`);
          if (batch.length >= 128) {
            batches.push(batch);
            batch = [];
          }
        }
    if (batch.length) batches.push(batch);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < batches.length) {
          const b = batches[next++] as string[];
          await writer.kv.txn({ success: b.map((key) => ({ request_put: { key: Buffer.from(key), value: Buffer.from('v') } })) });
        }
      }),
    );
    const fillSeconds = (performance.now() - t0) / 1000;

    const levels: EtcdBenchLevel[] = [];
    for (const prefix of ['/registry/', '/registry/pods/', '/registry/pods/ns-007/']) {
      const p = Buffer.from(prefix);
      const { lo, hi } = levelRange(p);
      const kube: number[] = [];
      const scan: number[] = [];
      const count: number[] = [];
      let requests = 0;
      let bytes = 0;
      let children = 0;
      let scanBytes = 0;
      let scanKeys = 0;
      for (let run = 0; run < (opts.runs ?? 5); run++) {
        let trips = 0;
        let b = 0;
        const ranger: Ranger = async (a, z, limit) => {
          const r = await reader.range(a, z, limit);
          if (!r.ok) throw new Error(r.error.message);
          trips++;
          b += r.value.bytes;
          return r.value;
        };
        const batch: BatchRanger = async (reqs) => {
          const r = await reader.rangeMany(reqs);
          if (!r.ok) throw new Error(r.error.message);
          trips++;
          b += r.value.reduce((n, x) => n + x.bytes, 0);
          return r.value;
        };
        let t = performance.now();
        // As the view does: under /registry, the namespaces are candidate children of a kind.
        const hints =
          prefix.startsWith('/registry/') && prefix !== '/registry/'
            ? async () =>
                (await listLevel(Buffer.from('/registry/namespaces/'), ranger, undefined, undefined, batch)).children.map((c) =>
                  c.isDir ? c.name.subarray(0, c.name.length - 1) : c.name,
                )
            : undefined;
        const page = await listLevel(p, ranger, undefined, undefined, batch, hints);
        kube.push(performance.now() - t);
        requests = trips; // round trips (a batch counts once), the hint listing included
        bytes = b;
        children = page.children.length;
        t = performance.now();
        const all = await writer.kv.range({ key: lo, range_end: hi, keys_only: true });
        scan.push(performance.now() - t);
        scanBytes = all.kvs.reduce((n, kv) => n + kv.key.length + 32, 0);
        scanKeys = all.kvs.length;
        t = performance.now();
        await writer.kv.range({ key: lo, range_end: hi, count_only: true });
        count.push(performance.now() - t);
      }
      levels.push({
        prefix,
        children,
        kubelab: { ms: median(kube), requests, bytes },
        scan: { ms: median(scan), bytes: scanBytes, keys: scanKeys },
        countOnly: { ms: median(count) },
      });
    }
    return { version: st.value.version, keys: batches.reduce((n, b) => n + b.length, 0), fillSeconds, levels };
  } finally {
    writer.close();
    reader.close();
    etcd.kill('SIGKILL');
  }
}
