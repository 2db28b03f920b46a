/**
 * Decode benchmark (run by scripts/bench.mjs against a fresh lab): pods of
 * realistic size, as the lab's API server stored them (a Deployment's 200 pods
 * with env, resources, probes, volumes, status and managedFields), decoded
 * from their etcd bytes to the API's JSON on one core; the full path a user
 * waits for (etcd bytes → the JSON text, keys in the API's order: decodeText); in the same
 * run, the baselines: Go doing that full path in process (k8s.io/apimachinery's
 * protobuf serializer into k8s.io/api types, then its JSON serializer: a small
 * program, go/main.go, built by the benchmark against the lab's Kubernetes
 * version), JSON.parse of the same pods' API JSON (what a JSON client pays),
 * and protobufjs' generic decode + toObject (the bytes read without the
 * Kubernetes rendering).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Etcd3 } from 'etcd3';
import * as protobuf from 'protobufjs/light';
import { classifyValue } from '../../src/core/etcd/envelope';
import type * as Decoder from '../../src/infra/k8sproto/index';
import descriptor from '../../src/infra/k8sproto/descriptor.json';

interface Lab {
  bin: string;
  kubeconfig: string;
  etcd: { endpoints: string[]; caFile: string; certFile: string; keyFile: string };
}

const DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: bench-web, namespace: default, labels: { app: bench-web, tier: frontend } }
spec:
  replicas: 200
  selector: { matchLabels: { app: bench-web } }
  template:
    metadata:
      labels: { app: bench-web, tier: frontend, version: v1 }
      annotations: { prometheus.io/scrape: "true", prometheus.io/port: "8080" }
    spec:
      containers:
        - name: web
          image: nginxdemos/hello:plain-text
          ports: [ { name: http, containerPort: 80 }, { name: metrics, containerPort: 8080 } ]
          env: [ { name: MODE, value: production }, { name: POD_NAME, valueFrom: { fieldRef: { fieldPath: metadata.name } } }, { name: LIMIT, valueFrom: { resourceFieldRef: { resource: limits.memory } } } ]
          resources: { requests: { cpu: 100m, memory: 64Mi }, limits: { cpu: 500m, memory: 128Mi } }
          livenessProbe: { httpGet: { path: /healthz, port: http }, initialDelaySeconds: 5, periodSeconds: 10 }
          readinessProbe: { httpGet: { path: /ready, port: http }, periodSeconds: 5 }
          volumeMounts: [ { name: config, mountPath: /etc/web }, { name: cache, mountPath: /var/cache } ]
        - name: sidecar
          image: registry.k8s.io/pause:3.10
          resources: { requests: { cpu: 10m, memory: 16Mi } }
      volumes: [ { name: config, configMap: { name: kube-root-ca.crt } }, { name: cache, emptyDir: { sizeLimit: 1Gi } } ]
      tolerations: [ { key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300 } ]
`;

/**
 * Objects per second over passes through all the pods, each pass starting
 * with `beforePass` (KubeLab's shared-string and field-set caches are emptied:
 * every pass decodes every pod as if it had never been seen, so only what pods
 * really share is shared).
 */
function rate(count: number, fn: (i: number) => void, beforePass: () => void = () => undefined, ms = 2000): number {
  for (let i = 0; i < 3 * count; i++) fn(i % count); // warm up the JIT
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    beforePass();
    for (let i = 0; i < count; i++) fn(i);
    n += count;
  }
  return n / ((performance.now() - t0) / 1000);
}

export interface DecodeBench {
  pods: number;
  meanPodBytes: number;
  kubelabPerSec: number[];
  /** decodeText: etcd bytes straight to the API's JSON text. */
  fullPathPerSec: number[];
  /** Go: protobuf serializer into k8s.io/api types, then the JSON serializer (GOMAXPROCS=1). */
  goPerSec: number[];
  goVersion: string;
  jsonParsePerSec: number[];
  protobufjsPerSec: number[];
  descriptorBytes: number;
}

/** Builds go/main.go against k8s.io/api and apimachinery at `version` (e.g. v0.37.2), in a scratch module. */
function buildGo(version: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-gobench-'));
  copyFileSync(join(__dirname, '..', '..', '..', 'test', 'bench', 'go', 'main.go'), join(dir, 'main.go'));
  writeFileSync(
    join(dir, 'go.mod'),
    `module kubelab.local/decodebench\n\ngo 1.24\n\nrequire (\n\tk8s.io/api ${version}\n\tk8s.io/apimachinery ${version}\n)\n`,
  );
  const env = { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' };
  execFileSync('go', ['mod', 'tidy'], { cwd: dir, env, stdio: 'ignore', timeout: 600_000 });
  execFileSync('go', ['build', '-o', 'decodebench', '.'], { cwd: dir, env, stdio: 'ignore', timeout: 600_000 });
  return join(dir, 'decodebench');
}

/** `decoderFile`: the bundle the extension ships (dist/k8sproto.js), so the shipped code is what is measured. */
export async function benchDecode(lab: Lab, decoderFile: string, runs = 5): Promise<DecodeBench> {
  const { decodeRaw, decodeText, resetCaches } = createRequire(__filename)(decoderFile) as typeof Decoder;
  const kubectl = (args: string[], input?: string) =>
    execFileSync(`${lab.bin}/kubectl`, ['--kubeconfig', lab.kubeconfig, ...args], { encoding: 'utf8', input, maxBuffer: 1 << 28 });
  kubectl(['apply', '-f', '-'], DEPLOYMENT);
  kubectl(['rollout', 'status', 'deployment/bench-web', '--timeout=180s']);
  const list = JSON.parse(kubectl(['get', 'pods', '-l', 'app=bench-web', '-o', 'json'])) as { items: Array<{ metadata: { name: string } }> };
  const etcd = new Etcd3({
    hosts: lab.etcd.endpoints,
    credentials: { rootCertificate: readFileSync(lab.etcd.caFile), certChain: readFileSync(lab.etcd.certFile), privateKey: readFileSync(lab.etcd.keyFile) },
  });
  const raws: Buffer[] = [];
  const values: Buffer[] = [];
  const jsons: string[] = [];
  try {
    for (const p of list.items) {
      const v = await etcd.get(`/registry/pods/default/${p.metadata.name}`).buffer();
      const s = v ? classifyValue(v) : undefined;
      if (!v || s?.format !== 'protobuf') throw new Error(`pod ${p.metadata.name} is not stored as protobuf`);
      raws.push(s.raw);
      values.push(v);
      jsons.push(JSON.stringify(p));
    }
  } finally {
    etcd.close();
  }
  const root = protobuf.Root.fromJSON((descriptor as { root: protobuf.INamespace }).root);
  const Pod = root.lookupType('k8s.io.api.core.v1.Pod');
  const check = decodeRaw('v1', 'Pod', raws[0] as Buffer);
  if (!check.ok) throw new Error(check.reason);
  const text = (i: number): string => {
    const d = decodeText('v1', 'Pod', raws[i] as Buffer);
    return 'text' in d ? d.text : '';
  };
  // Go reads the etcd values as they are: each with a 4-byte length before it.
  const valuesFile = join(mkdtempSync(join(tmpdir(), 'kubelab-pods-')), 'pods.bin');
  writeFileSync(
    valuesFile,
    Buffer.concat(values.flatMap((v) => [Buffer.from([v.length >>> 24, (v.length >>> 16) & 255, (v.length >>> 8) & 255, v.length & 255]), v])),
  );
  // The Go types of the lab's own API server: v1.37.2 → k8s.io/api v0.37.2.
  const server = (JSON.parse(kubectl(['version', '-o', 'json'])) as { serverVersion: { gitVersion: string } }).serverVersion.gitVersion;
  const go = buildGo(server.replace(/^v1\./, 'v0.'));
  const runGo = () =>
    JSON.parse(execFileSync(go, [valuesFile, '1', '2000'], { encoding: 'utf8', maxBuffer: 1 << 26 })) as { perSec: number[]; first: string; go: string };
  const first = runGo();
  // Both write the same text: the comparison is of the same work.
  if (first.first.trim() !== text(0)) throw new Error(`Go's JSON of the first pod differs from KubeLab's:\n${first.first.trim()}\n${text(0)}`);
  const out: DecodeBench = {
    pods: raws.length,
    meanPodBytes: Math.round(raws.reduce((a, b) => a + b.length, 0) / raws.length),
    kubelabPerSec: [],
    fullPathPerSec: [],
    goPerSec: [],
    goVersion: first.go,
    jsonParsePerSec: [],
    protobufjsPerSec: [],
    descriptorBytes: JSON.stringify(descriptor).length,
  };
  for (let r = 0; r < runs; r++) {
    out.kubelabPerSec.push(rate(raws.length, (i) => decodeRaw('v1', 'Pod', raws[i] as Buffer), resetCaches));
    out.fullPathPerSec.push(rate(raws.length, text, resetCaches));
    out.goPerSec.push(...runGo().perSec);
    out.jsonParsePerSec.push(rate(jsons.length, (i) => JSON.parse(jsons[i] as string)));
    out.protobufjsPerSec.push(rate(raws.length, (i) => Pod.toObject(Pod.decode(raws[i] as Buffer), { longs: Number, bytes: String })));
  }
  kubectl(['delete', 'deployment', 'bench-web', '--wait=false']);
  return out;
}
