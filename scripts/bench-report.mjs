// Writes docs/BENCHMARKS.md from docs/bench-results.json (see scripts/bench.mjs).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const r = JSON.parse(readFileSync(join(root, 'docs', 'bench-results.json'), 'utf8'));
const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
const lines = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (`scripts/bench.mjs`) from `docs/bench-results.json`; each section says when and where it was measured. KubeLab and its baseline are measured in the same run.',
  '',
];

if (r.activation) {
  const a = r.activation;
  lines.push(
    '## Activation',
    '',
    `Measured ${a.date} on ${a.machine}.`,
    '',
    "Method: the VSIX from `npm run package` and a baseline extension whose `activate()` is empty, both installed into a fresh test VS Code (the code-server VS Code server in headless Chromium). A benchmark module runs in the real extension host and times `await extension.activate()` for each, alternating the order (each goes first in half the hosts), after activating a third, uncounted empty extension so that the host's own first-activation cost falls on neither; one sample per fresh extension host; median of the runs.",
    '',
    '| extension | median activate() | samples (ms) |',
    '|---|---|---|',
    `| KubeLab | ${a.kubelabMs} ms | ${a.samples['kubelab.kubelab'].join(', ')} |`,
    `| empty baseline | ${a.emptyMs} ms | ${a.samples['kubelabbench.empty'].join(', ')} |`,
    '',
    ...(a.kubelabBodyMs !== undefined
      ? [
          `Of KubeLab's time, its \`activate()\` body (views, commands, providers registered) took a median ${a.kubelabBodyMs} ms; the rest is loading its main bundle and the host's work.${a.kubelabFirstUseMs !== undefined ? ` Not part of activation, measured right after it: a view's first use builds KubeLab's parts (\`dist/app.js\`), a median ${a.kubelabFirstUseMs} ms.` : ''}`,
          '',
        ]
      : []),
    `Ratio KubeLab / empty: **${a.ratio}×** (${a.runs} runs). Goal: at most 1.5× — ${a.ratio <= 1.5 ? 'met' : 'not met'} in this run.`,
    '',
  );
}
if (r.vsix) {
  const lazy = Object.entries(r.vsix.lazyBundles ?? {})
    .map(([f, b]) => `\`dist/${f}\` ${kib(b)}`)
    .join(', ');
  lines.push(
    '## VSIX size',
    '',
    `Measured ${r.vsix.date}: the VSIX is **${kib(r.vsix.bytes)}**; the minified main bundle \`dist/extension.js\` inside it **${kib(r.vsix.bundleBytes)}** (goal: under 400 KiB — ${r.vsix.bundleBytes < 400 * 1024 ? 'met' : 'not met'}).${lazy ? ` The libraries are bundles of their own, read on first use, not at activation: ${lazy}.` : ''}`,
    '',
  );
}
if (r.lab || r.coldBuild) {
  lines.push('## The lab', '');
  if (r.coldBuild) {
    const c = r.coldBuild;
    lines.push(
      `**Cold build**, measured ${c.date} on ${c.machine}: **${(c.seconds / 60).toFixed(1)} min**. Method: ${c.method}. CI allows 90 minutes for everything.`,
      '',
    );
  }
  if (r.lab) {
    const l = r.lab;
    lines.push(
      `**Warm start** (binaries cached, new store, certificates generated, until node \`controlplane\` is Ready, the default service accounts exist and the pod \`kube-system/etcd-controlplane\` is Running), measured ${l.date} on ${l.machine}: median **${(l.warmStartMedianMs / 1000).toFixed(1)} s** (runs: ${l.warmStartMs.map((x) => (x / 1000).toFixed(1)).join(', ')} s).`,
      '',
      `**Memory** of the running lab 15 s after start (sum of VmRSS): **${l.rssMiB} MiB** — ${Object.entries(l.rssMiBByProcess)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')} (MiB).`,
      '',
    );
  }
}
if (r.cluster) {
  const c = r.cluster;
  lines.push(
    '## Cluster view: 10,000 pods in one namespace',
    '',
    `Measured ${c.date} on ${c.machine}, against a fresh lab.`,
    '',
    `Method: ${c.pods} pods stored in one namespace (bound to a node nobody runs, so nothing schedules them). In the same run, ${c.runs} times each: KubeLab's first page (what expanding **pods** does: \`ListWatch.start\`, one \`limit=${c.pageSize}\` list, until the items and the count are in hand) against a full list over the same connection, and against \`kubectl get pods -o json\` (what the anchor extensions run). Medians. Watch latency: a label PATCH sent, until its MODIFIED event reaches the list (20 samples).`,
    '',
    '| what | time | bytes |',
    '|---|---|---|',
    `| KubeLab first page (${c.pageSize} pods + count) | ${c.firstPageMs} ms | ${(c.firstPageBytes / 1024).toFixed(0)} KiB |`,
    `| full list, same client | ${c.fullListMs} ms | ${(c.fullListBytes / 1024 / 1024).toFixed(1)} MiB |`,
    `| kubectl get pods -o json | ${c.kubectlMs} ms | |`,
    '',
    `First page sooner than the full list: **${c.ratioVsFullList}×**; than kubectl: **${c.ratioVsKubectl}×** (goal: at least 10×).`,
    '',
    `Watch event to the list: median **${c.watchLatencyMedianMs} ms**, max ${c.watchLatencyMaxMs} ms; the tree then repaints that one node.`,
    '',
  );
}
if (r.decode) {
  const d = r.decode;
  lines.push(
    '## Decoding etcd values',
    '',
    `Measured ${d.date} on ${d.machine}, against a fresh lab.`,
    '',
    `Method: the ${d.pods} pods of a Deployment (two containers, env, resources, probes, volumes, tolerations; with status and managedFields as the lab's API server wrote them), mean ${d.meanPodBytes} bytes of protobuf each, read from etcd. On one core, for 2 s per measurement, ${d.runs} runs, medians: KubeLab's \`decodeRaw\` from the bundle it ships, \`dist/k8sproto.js\` (bytes → the API's JSON object, with Time, Quantity, IntOrString… rendered; its caches of short strings and of parsed managedFields field sets are emptied before every pass over the pods, so a pod's own strings count as new and only what pods share is shared); the full path a user waits for, etcd bytes → the JSON text (\`decodeText\`: straight to the text, keys in the API's order, compact as the API sends it, no object built); in the same run, Go doing that full path in process (${d.goVersion ?? 'Go'}, GOMAXPROCS=1: k8s.io/apimachinery's protobuf serializer into k8s.io/api types, then its JSON serializer, as the API server answers a JSON client; \`test/bench/go/main.go\`, built by the benchmark against the lab's Kubernetes version; the benchmark checks that both write the same text), \`JSON.parse\` of the same pods' API JSON, and protobufjs' generic \`decode\` + \`toObject\` of the same bytes.`,
    '',
    '| what | pods/s |',
    '|---|---|',
    `| KubeLab decodeRaw (bytes → object) | **${d.kubelabPerSec.toLocaleString('en')}** |`,
    ...(d.fullPathPerSec
      ? [
          `| KubeLab full path (bytes → JSON text) | **${d.fullPathPerSec.toLocaleString('en')}** |`,
          `| Go full path (apimachinery protobuf → JSON text) | ${d.goPerSec.toLocaleString('en')} |`,
        ]
      : []),
    `| JSON.parse of the API's JSON | ${d.jsonParsePerSec.toLocaleString('en')} |`,
    `| protobufjs decode + toObject | ${d.protobufjsPerSec.toLocaleString('en')} |`,
    '',
    `KubeLab / JSON.parse: **${d.ratioVsJsonParse}×**; KubeLab / protobufjs generic: **${d.ratioVsProtobufjs}×**. Goal: at least 50,000 pods/s — ${d.kubelabPerSec >= 50000 ? 'met' : '**not met**'}.`,
    ...(d.fullPathPerSec
      ? ['', `Full path, KubeLab / Go: **${d.ratioFullPathVsGo}×**. Goal: at least 1.5× — ${d.ratioFullPathVsGo >= 1.5 ? 'met' : '**not met**'}.`]
      : []),
    '',
    `Bundle cost: the descriptor (every kind of Kubernetes ${d.releases ?? 'v1.34'}, merged from each minor release's types, \`src/infra/k8sproto/descriptor.json\`) is ${kib(d.descriptorBytes)}; with the decoder it makes \`dist/k8sproto.js\`, ${kib(d.decoderBundleBytes ?? 0)} minified, a bundle of its own that is read when the first value is decoded, so activation does not pay for it (main bundle: ${kib(d.bundleBytes)}).`,
    '',
  );
}
if (r.etcd) {
  lines.push(
    '## etcd view: 1,000,000 keys',
    '',
    `Measured ${r.etcd.date} on ${r.etcd.machine}.`,
    '',
    "Method: a private etcd with TLS filled with keys shaped like a cluster's `/registry` (39 kinds × 200 namespaces × 125 objects, and one key per namespace under `/registry/namespaces/`). For each level, in the same run, 5 times each (medians): KubeLab's listing of the level's first page of children (`listLevel`: time, requests, bytes of keys returned), a full keys-only prefix scan (what the other explorers do), and one `count_only` range over the same prefix (etcd's own floor for touching that range). Below `/registry/`, the names under `/registry/namespaces/` serve as candidate children (fetched only when a level needs exploring; its request is counted). A repeated expansion is served from the view's watched cache and sends no request (asserted by the extension-host tests).",
    '',
  );
  for (const s of r.etcd.stores) {
    lines.push(
      `### ${s.name === 'lab' ? "The lab's etcd" : "Debian's etcd (measured when /usr/bin/etcd exists: apt-get install etcd-server)"} ${s.version} (${s.keys} keys, filled in ${s.fillSeconds.toFixed(0)} s)`,
      '',
      '| level | children | KubeLab | requests | bytes | keys-only scan | scan bytes | count_only | KubeLab / count_only | scan / KubeLab | scan bytes / KubeLab bytes |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
    );
    for (const l of s.levels) {
      lines.push(
        `| \`${l.prefix}\` | ${l.children} | ${l.kubelab.ms.toFixed(1)} ms | ${l.kubelab.requests} | ${(l.kubelab.bytes / 1024).toFixed(1)} KiB | ${l.scan.ms.toFixed(1)} ms | ${(l.scan.bytes / 1024 / 1024).toFixed(1)} MiB | ${l.countOnly.ms.toFixed(1)} ms | ${(l.kubelab.ms / l.countOnly.ms).toFixed(1)}× | ${(l.scan.ms / l.kubelab.ms).toFixed(1)}× | ${(l.scan.bytes / Math.max(1, l.kubelab.bytes)).toFixed(0)}× |`,
      );
    }
    const [root, kind, ns] = s.levels;
    if (root && kind && ns) {
      const mark = (ok) => (ok ? 'met' : '**not met**');
      lines.push(
        `Against the goals: root within 3× of count_only ${mark(root.kubelab.ms <= 3 * root.countOnly.ms)} (${(root.kubelab.ms / root.countOnly.ms).toFixed(1)}×); root at least 5× faster than the scan ${mark(root.scan.ms >= 5 * root.kubelab.ms)}; kind level under 30 ms ${mark(kind.kubelab.ms < 30)}; namespace level under 10 ms ${mark(ns.kubelab.ms < 10)}; at least 100× fewer bytes than the scan at the root ${mark(root.scan.bytes >= 100 * root.kubelab.bytes)}; repeated expansion under 5 ms met (no request).`,
      );
    }
    lines.push('');
  }
}
if (r.through) {
  const t = r.through;
  const mark = (ok) => (ok ? 'met' : '**not met**');
  lines.push(
    '## etcd through the cluster',
    '',
    `Measured ${t.date} on ${t.machine}.`,
    '',
    `Method: a fresh lab. **Connect**: from a kubeconfig alone to the first listed level (\`/registry/\`): list the etcd pods, read the CA, certificate and key by \`pods/exec\`, open the local port after one trial \`pods/portforward\`, TLS, list; against, in the same run, connecting directly with the lab's certificate files and listing the same level; ${t.runs} runs each, medians. **Listing**: with both connections open and warm, each level listed ${t.listings} times through the forward and directly, alternating which goes first; medians. The forward is KubeLab's own (\`src/infra/kube/podStreams.ts\`: a WebSocket per TCP connection, v4.channel.k8s.io framing, through the API server to the lab's kubelet, kwok, and on to etcd).`,
    '',
    '| | through the cluster | direct | ratio |',
    '|---|---|---|---|',
    `| connect and list \`/registry/\` | ${t.connectMedianMs} ms | ${t.directConnectMedianMs} ms | ${(t.connectMedianMs / t.directConnectMedianMs).toFixed(1)}× |`,
    ...t.levels.map(
      (l) =>
        `| list \`${l.prefix}\` (${l.children} ${l.children === 1 ? 'child' : 'children'}) | ${l.forwardMedianMs} ms | ${l.directMedianMs} ms | ${l.ratio}× |`,
    ),
    '',
    `Against the goals: connected in under 3 s ${mark(t.connectMedianMs < 3000)} (${(t.connectMedianMs / 1000).toFixed(2)} s); listing through the forward within 2× of direct ${mark(t.levels.every((l) => l.ratio <= 2))} (worst ${Math.max(...t.levels.map((l) => l.ratio))}×).`,
    '',
  );
}
if (r.history) {
  const h = r.history;
  const mark = (ok) => (ok ? 'met' : '**not met**');
  lines.push(
    "## A key's history",
    '',
    `Measured ${h.date} on ${h.machine}.`,
    '',
    `Method: a fresh lab; one key written ${h.versions} times (values of ${h.valueBytes} bytes, about a pod's). KubeLab's \`history\` (one watch from the oldest held revision, \`src/infra/etcd/client.ts\`) against a loop of one Range per revision (what etcd browsers do; it is given the revisions for free), same etcd, same run, ${h.runs} runs each, alternating which goes first; medians.`,
    '',
    '| | KubeLab, one watch | one Range per revision | ratio |',
    '|---|---|---|---|',
    `| etcd on loopback | ${h.watchMedianMs} ms | ${h.rangeLoopMedianMs} ms | ${h.ratio}× |`,
    ...(h.throughWatchMedianMs !== undefined
      ? [`| through the cluster (port-forward) | ${h.throughWatchMedianMs} ms | ${h.throughRangeLoopMedianMs} ms | ${h.throughRatio}× |`]
      : []),
    '',
    `Both read the same ${(h.watchBytes / 1024).toFixed(0)} KiB of values. Against the goals: the list in under 300 ms ${mark(h.watchMedianMs < 300)} (${h.watchMedianMs} ms); at least 20× sooner than the Range loop ${mark(h.ratio >= 20)} on loopback (${h.ratio}×)${h.throughRatio !== undefined ? `, ${mark(h.throughRatio >= 20)} through the cluster (${h.throughRatio}×)` : ''}. The watch's floor is etcd's own: a watch that starts in the past waits for etcd's loop that syncs such watchers every 100 ms (up to 100 ms); a Range loop pays one round trip per revision, which loopback and the lab's local forward make nearly free (about 1 ms); over a network it pays the network's.`,
    '',
  );
}
if (r.historyCompare) {
  const c = r.historyCompare;
  lines.push(
    '### Compare with Previous',
    '',
    `Measured ${c.date} on ${c.machine}.`,
    '',
    `Method: a real extension host (code-server) with KubeLab as the development extension, against a fresh lab of ${c.runs + 1} pods, each created, bound, Running and labelled. For each pod its history is shown (not timed), then Compare with Previous on its last version is timed from the command to the diff tab open with both versions' text read (each a Range at its revision in etcd, decoded, rendered). Baseline, same host, right after: VS Code's own \`vscode.diff\` of the same two texts as files on disk. The first pod warms both up and is not counted; medians of ${c.runs}.`,
    '',
    '| KubeLab: Compare with Previous | VS Code: diff of the same texts on disk | ratio |',
    '|---|---|---|',
    `| ${c.kubelabMedianMs} ms (worst ${c.kubelabMaxMs} ms) | ${c.vscodeFilesMedianMs} ms | ${c.ratio}× |`,
    '',
    `Each compare opens about ${(c.meanTextBytes / 1024).toFixed(1)} KiB of text. Against the goal: opens in under 200 ms ${c.kubelabMedianMs < 200 ? 'met' : '**not met**'} (median ${c.kubelabMedianMs} ms)${c.kubelabMaxMs >= 200 ? `, though not every time (worst ${c.kubelabMaxMs} ms)` : ''}. Most of it is VS Code's own diff editor: on the same two texts as files on disk it takes ${c.vscodeFilesMedianMs} ms in the same host, so reading both versions from etcd, decoding and rendering them costs about what reading two files does.`,
    '',
  );
}
if (r.requests) {
  const q = r.requests;
  const l = q.load;
  lines.push(
    '## The Requests view',
    '',
    `Measured ${q.date} on ${q.machine}.`,
    '',
    `Method: a real extension host (code-server) with KubeLab as the development extension, against a fresh lab (its API server writes the audit log, \`scripts/lab/audit.mjs\`). (1) ${q.writes} PATCHes of a ConfigMap, one at a time at random moments: from each response (its \`Audit-Id\` header names the event) to the Requests view's first redraw holding it; baseline, same run: to the line in the log file (a 5 ms poll), the API server's own delay. (2) ${l.perSecond} audit lines a second for ${l.seconds} s appended to a log of its own (\`kubelab.requests.auditLog\`); every 50 ms a command of the same extension host that does nothing is timed: how long the host takes to answer anything.`,
    '',
    '| | KubeLab | baseline |',
    '|---|---|---|',
    `| response → row (median, worst) | ${q.toRowMedianMs} ms, ${q.toRowMaxMs} ms | response → line in the file: ${q.toFileMedianMs} ms |`,
    `| ${l.perSecond}/s for ${l.seconds} s: lines held | ${l.held} of ${l.written} | |`,
    `| a command answered (median, p99, worst) under that load | ${l.commandMedianMs} ms, ${l.commandP99Ms} ms, ${l.commandMaxMs} ms | |`,
    '',
    `Against the goals: a request's row in under 500 ms ${q.toRowMedianMs < 500 ? 'met' : '**not met**'} (median ${q.toRowMedianMs} ms, worst ${q.toRowMaxMs} ms; the view reads the log every 200 ms and draws what it read within 100 ms); no event lost ${l.held >= l.written ? 'met' : '**not met**'}; a command answered in under 100 ms throughout ${l.commandMaxMs < 100 ? 'met' : '**not met**'} (worst ${l.commandMaxMs} ms).`,
    '',
  );
}
if (r.failover) {
  const f = r.failover;
  const row = (what, k, e) => `| ${what} | ${k} ms | ${e} ms | ${(k / e).toFixed(2)}× |`;
  lines.push(
    '## etcd as a cluster: a leader that dies',
    '',
    `Measured ${f.date} on ${f.machine}.`,
    '',
    `Method: a fresh lab of three etcd members (\`--etcd-members 3\`, etcd's default election timeout of ${f.electionTimeoutMs} ms and heartbeat of 100 ms). ${f.kills} times: the leader is killed (SIGKILL: it hands nothing over, as when its machine dies) and kept down; from the kill, KubeLab's next successful read (a linearizable get through \`EtcdReader\` with all three endpoints, again 2 ms after each failure) and its watch's next event (a watch on a prefix a writer puts a key into every 20 ms, retrying on any member), against the same for etcdctl with the same endpoints (\`etcdctl get\` run again and again, as a shell loop would; \`etcdctl watch --prefix\` running all along); then the member is started again and caught up before the next kill. Medians. A read needs a leader: no client is quicker than the election, whose timeout is the floor.`,
    '',
    '| from the kill to | KubeLab | etcdctl | ratio |',
    '|---|---|---|---|',
    row('the next successful read', f.kubelabReadMedianMs, f.etcdctlReadMedianMs),
    row("the watch's next event", f.kubelabWatchMedianMs, f.etcdctlWatchMedianMs),
    '',
    `Each kill (ms): KubeLab read ${f.kubelabReadMs.join(', ')}; etcdctl read ${f.etcdctlReadMs.join(', ')}; KubeLab watch ${f.kubelabWatchMs.join(', ')}; etcdctl watch ${f.etcdctlWatchMs.join(', ')}.`,
    '',
    `Against the goals: back within 2× the election timeout (${2 * f.electionTimeoutMs} ms) ${Math.max(f.kubelabReadMedianMs, f.kubelabWatchMedianMs) <= 2 * f.electionTimeoutMs ? 'met' : '**not met**'} (read ${f.kubelabReadMedianMs} ms, watch ${f.kubelabWatchMedianMs} ms); never slower than etcdctl ${f.kubelabReadMedianMs <= f.etcdctlReadMedianMs + 5 && f.kubelabWatchMedianMs <= f.etcdctlWatchMedianMs + 5 ? 'met' : '**not met**'} (at the median, within 5 ms: a timer's and a process's wake-up).`,
    '',
  );
}
writeFileSync(join(root, 'docs', 'BENCHMARKS.md'), lines.join('\n'));
