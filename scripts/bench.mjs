// `npm run bench`: measures KubeLab and its baseline in the same run and
// writes docs/BENCHMARKS.md (from docs/bench-results.json, which keeps each
// section's last measurement). Sections: activation (KubeLab vs an empty
// extension, both installed from VSIX in the real extension host), VSIX size,
// the lab (warm start, memory), the Cluster view, decoding, the etcd view, and
// etcd through the cluster, a key's history; `npm run bench -- through` runs one section.
// `--cold-build` also times a build of the lab's binaries with empty caches
// (10–25 minutes on 2 cores).
import { spawnSync } from 'node:child_process';
import { cpus, totalmem, tmpdir } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { ensureNodeModules } from './setup/npm.mjs';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
ensureNodeModules(root);
const require = createRequire(import.meta.url);
const resultsFile = join(root, 'docs', 'bench-results.json');
const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const today = new Date().toISOString().slice(0, 10);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sh = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
  return r.stdout;
};

sh('bash', ['scripts/setup/vscode.sh']);
sh(process.execPath, ['scripts/build.mjs']);
const { runServerCli, startVscodeServer, launchChromium } = require(join(root, 'out/tools/vscodeServer.js'));
const work = mkdtempSync(join(tmpdir(), 'kubelab-bench-'));

async function benchActivation(runs = 10) {
  // Baseline: an extension whose activate() does nothing, packaged the same way.
  const empty = join(work, 'empty');
  mkdirSync(empty, { recursive: true });
  writeFileSync(
    join(empty, 'package.json'),
    JSON.stringify({
      name: 'empty',
      publisher: 'kubelabbench',
      version: '1.0.0',
      engines: { vscode: '^1.93.0' },
      main: './extension.js',
      activationEvents: [],
      license: 'MIT',
    }),
  );
  writeFileSync(join(empty, 'extension.js'), 'exports.activate = () => {};\n');
  writeFileSync(join(empty, 'LICENSE'), 'MIT\n');
  writeFileSync(join(empty, '.vscodeignore'), '.vscodeignore\n');
  const vsce = require.resolve('@vscode/vsce/vsce');
  sh(process.execPath, [vsce, 'package', '--allow-missing-repository', '--skip-license', '-o', join(work, 'empty.vsix')], { cwd: empty });
  // A second empty extension, activated first in every host and not counted: the host's own
  // first-activation cost (about 20 ms here) would otherwise land on whichever extension goes first.
  const warmup = join(work, 'warmup');
  mkdirSync(warmup, { recursive: true });
  for (const f of ['extension.js', 'LICENSE', '.vscodeignore']) writeFileSync(join(warmup, f), readFileSync(join(empty, f)));
  writeFileSync(join(warmup, 'package.json'), readFileSync(join(empty, 'package.json'), 'utf8').replace('"name":"empty"', '"name":"warmup"'));
  sh(process.execPath, [vsce, 'package', '--allow-missing-repository', '--skip-license', '-o', join(work, 'warmup.vsix')], { cwd: warmup });
  const vsixDir = join(work, 'vsix');
  sh(process.execPath, ['scripts/package.mjs', '--out', vsixDir]);
  const vsix = join(
    vsixDir,
    readdirSync(vsixDir).find((f) => f.endsWith('.vsix')),
  );
  // The runner: a development extension with no code, which only carries the benchmark module.
  const runner = join(work, 'runner');
  mkdirSync(runner, { recursive: true });
  writeFileSync(join(runner, 'package.json'), JSON.stringify({ name: 'runner', publisher: 'kubelabbench', version: '1.0.0', engines: { vscode: '^1.93.0' } }));

  const ids = ['kubelab.kubelab', 'kubelabbench.empty'];
  const samples = Object.fromEntries(ids.map((i) => [i, []]));
  const browser = await launchChromium();
  try {
    for (let i = 0; i < runs; i++) {
      const state = join(work, `host-${i}`);
      await runServerCli(state, [
        '--install-extension',
        vsix,
        '--install-extension',
        join(work, 'empty.vsix'),
        '--install-extension',
        join(work, 'warmup.vsix'),
      ]);
      const out = join(state, 'bench.json');
      const order = i % 2 ? [...ids].reverse() : ids; // each goes second as often as first
      const server = await startVscodeServer({
        stateDir: state,
        env: { KUBELAB_BENCH_OUT: out, KUBELAB_BENCH_ORDER: ['kubelabbench.warmup', ...order].join(',') },
      });
      try {
        const page = await browser.newPage();
        await page.goto(server.url({ extensionDevelopmentPath: runner, extensionTestsPath: join(root, 'out/test/bench/activation.js') }));
        const deadline = Date.now() + 120_000;
        while (!existsSync(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
        if (!existsSync(out)) throw new Error(`activation run ${i} wrote no result; see ${state}/server.log`);
        const r = JSON.parse(readFileSync(out, 'utf8'));
        for (const id of ids) samples[id].push(r[id]);
        if (typeof r['kubelab.kubelab#body'] === 'number') (samples.body ??= []).push(r['kubelab.kubelab#body']);
        if (typeof r['kubelab.kubelab#firstUse'] === 'number') (samples.firstUse ??= []).push(r['kubelab.kubelab#firstUse']);
        await page.close();
      } finally {
        await server.stop();
      }
    }
  } finally {
    await browser.close();
  }
  const k = median(samples['kubelab.kubelab']);
  const b = median(samples['kubelabbench.empty']);
  results.activation = {
    date: today,
    machine,
    runs,
    kubelabMs: +k.toFixed(2),
    emptyMs: +b.toFixed(2),
    ratio: +(k / b).toFixed(2),
    ...(samples.body ? { kubelabBodyMs: +median(samples.body).toFixed(2) } : {}),
    ...(samples.firstUse ? { kubelabFirstUseMs: +median(samples.firstUse).toFixed(2) } : {}),
    samples: Object.fromEntries(
      Object.entries(samples)
        .filter(([id]) => ids.includes(id))
        .map(([id, xs]) => [id, xs.map((x) => +x.toFixed(2))]),
    ),
  };
  results.vsix = {
    date: today,
    bytes: statSync(vsix).size,
    bundleBytes: statSync(join(root, 'dist', 'extension.js')).size,
    // Loaded on first use, not at activation (src/infra/bundles.ts).
    lazyBundles: Object.fromEntries(['app.js', 'client-node.js', 'etcd3.js', 'k8sproto.js'].map((f) => [f, statSync(join(root, 'dist', f)).size])),
  };
  sh(process.execPath, ['scripts/build.mjs']);
}

/** Runs `fn` against a fresh lab of its own (under the bench's work folder), stopped after. */
async function withLab(name, fn, options = {}) {
  const { startLab } = await import('./lab/lab.mjs');
  const lab = await startLab({ dir: join(work, name), log: () => undefined, ...options });
  try {
    await fn(lab);
  } finally {
    await lab.stop();
  }
}

async function benchCluster() {
  await withLab('lab-cluster', async (lab) => {
    const { benchCluster: run } = require(join(root, 'out/test/bench/cluster.js'));
    const b = await run(lab.info);
    const firstPage = median(b.firstPageMs);
    const full = median(b.fullListMs);
    const kubectl = median(b.kubectlMs);
    results.cluster = {
      date: today,
      machine,
      pods: b.pods,
      pageSize: b.pageSize,
      runs: b.firstPageMs.length,
      firstPageMs: +firstPage.toFixed(1),
      fullListMs: +full.toFixed(1),
      kubectlMs: +kubectl.toFixed(1),
      ratioVsFullList: +(full / firstPage).toFixed(1),
      ratioVsKubectl: +(kubectl / firstPage).toFixed(1),
      firstPageBytes: b.firstPageBytes,
      fullListBytes: b.fullListBytes,
      watchLatencyMedianMs: +median(b.watchLatencyMs).toFixed(1),
      watchLatencyMaxMs: +Math.max(...b.watchLatencyMs).toFixed(1),
    };
  });
}

async function benchDecodeSection() {
  await withLab('lab-decode', async (lab) => {
    const { benchDecode } = require(join(root, 'out/test/bench/decode.js'));
    const b = await benchDecode(lab.info, join(root, 'dist', 'k8sproto.js'));
    const k = median(b.kubelabPerSec);
    const f = median(b.fullPathPerSec);
    const g = median(b.goPerSec);
    const j = median(b.jsonParsePerSec);
    const p = median(b.protobufjsPerSec);
    const bundle = join(work, 'bundle');
    sh(process.execPath, ['scripts/package.mjs', '--out', bundle]);
    results.decode = {
      date: today,
      machine,
      pods: b.pods,
      meanPodBytes: b.meanPodBytes,
      runs: b.kubelabPerSec.length,
      kubelabPerSec: Math.round(k),
      fullPathPerSec: Math.round(f),
      goPerSec: Math.round(g),
      goVersion: b.goVersion,
      ratioFullPathVsGo: +(f / g).toFixed(2),
      jsonParsePerSec: Math.round(j),
      protobufjsPerSec: Math.round(p),
      ratioVsJsonParse: +(k / j).toFixed(2),
      ratioVsProtobufjs: +(k / p).toFixed(2),
      descriptorBytes: b.descriptorBytes,
      releases: require(join(root, 'dist', 'k8sproto.js')).descriptorReleases,
      bundleBytes: statSync(join(root, 'dist', 'extension.js')).size,
      decoderBundleBytes: statSync(join(root, 'dist', 'k8sproto.js')).size,
    };
  });
}

async function benchThroughCluster() {
  await withLab('lab-through', async (lab) => {
    const { benchThrough } = require(join(root, 'out/test/bench/through.js'));
    const runs = 7;
    const listings = 31;
    const b = await benchThrough(lab.info, runs, listings);
    const ms = (xs) => +median(xs).toFixed(1);
    results.through = {
      date: today,
      machine,
      runs,
      listings,
      connectMs: b.connectMs.map((x) => +x.toFixed(1)),
      connectMedianMs: ms(b.connectMs),
      directConnectMedianMs: ms(b.directConnectMs),
      levels: b.levels.map((l) => ({
        prefix: l.prefix,
        children: l.children,
        forwardMedianMs: ms(l.forwardMs),
        directMedianMs: ms(l.directMs),
        ratio: +(median(l.forwardMs) / median(l.directMs)).toFixed(2),
      })),
    };
  });
}

async function benchHistorySection() {
  await withLab('lab-history', async (lab) => {
    const { benchHistory } = require(join(root, 'out/test/bench/history.js'));
    const b = await benchHistory(lab.info);
    const ms = (xs) => +median(xs).toFixed(1);
    results.history = {
      date: today,
      machine,
      versions: b.versions,
      valueBytes: b.valueBytes,
      runs: b.watchMs.length,
      watchMedianMs: ms(b.watchMs),
      rangeLoopMedianMs: ms(b.rangeLoopMs),
      ratio: +(median(b.rangeLoopMs) / median(b.watchMs)).toFixed(1),
      watchBytes: b.watchBytes,
      rangeLoopBytes: b.rangeLoopBytes,
      throughWatchMedianMs: ms(b.through.watchMs),
      throughRangeLoopMedianMs: ms(b.through.rangeLoopMs),
      throughRatio: +(median(b.through.rangeLoopMs) / median(b.through.watchMs)).toFixed(1),
    };
  });
}

/**
 * Runs the benchmark module out/test/bench/<name>.js in a real extension host (code-server, KubeLab as the
 * development extension, the lab's kubeconfig and lab file) and returns what it wrote to $KUBELAB_BENCH_OUT.
 */
async function inExtensionHost(lab, name, env = {}) {
  const state = join(work, `${name}-host`);
  const out = join(state, 'bench.json');
  mkdirSync(state, { recursive: true });
  const server = await startVscodeServer({
    stateDir: state,
    env: { ...env, KUBELAB_BENCH_OUT: out, KUBELAB_LAB_FILE: join(lab.info.dir, 'lab.json'), KUBECONFIG: lab.info.kubeconfig },
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(server.url({ extensionDevelopmentPath: root, extensionTestsPath: join(root, `out/test/bench/${name}.js`) }));
    const deadline = Date.now() + 300_000;
    while (!existsSync(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    if (!existsSync(out)) throw new Error(`the ${name} benchmark wrote no result; see ${state}/server.log`);
  } finally {
    await browser.close();
    await server.stop();
  }
  return JSON.parse(readFileSync(out, 'utf8'));
}

/** Compare with Previous in a real extension host against a fresh lab: KubeLab's diff of two versions read from etcd, VS Code's diff of the same texts as files. */
async function benchCompareSection(pods = 11) {
  await withLab('lab-compare', async (lab) => {
    const kubectl = (...args) => sh(join(lab.info.bin, 'kubectl'), ['--kubeconfig', lab.info.kubeconfig, ...args]);
    const spec = JSON.parse(readFileSync(join(lab.info.workspace, 'hello-service.json'), 'utf8'));
    const names = Array.from({ length: pods }, (_, i) => `compare-${i}`);
    for (const name of names)
      sh(join(lab.info.bin, 'kubectl'), ['--kubeconfig', lab.info.kubeconfig, 'create', '-f', '-'], {
        input: JSON.stringify({ ...spec, metadata: { ...spec.metadata, name } }),
        stdio: ['pipe', 'pipe', 'inherit'],
      });
    for (const name of names) {
      kubectl('wait', '--for=jsonpath={.status.phase}=Running', `pod/${name}`, '--timeout=60s');
      kubectl('label', 'pod', name, 'tier=web');
    }
    const b = await inExtensionHost(lab, 'compare', { KUBELAB_BENCH_PODS: names.join(',') });
    const k = median(b.kubelabMs);
    const f = median(b.vscodeFilesMs);
    results.historyCompare = {
      date: today,
      machine,
      runs: b.kubelabMs.length,
      kubelabMedianMs: +k.toFixed(1),
      kubelabMaxMs: +Math.max(...b.kubelabMs).toFixed(1),
      vscodeFilesMedianMs: +f.toFixed(1),
      ratio: +(k / f).toFixed(2),
      meanTextBytes: Math.round(b.bytes.reduce((x, y) => x + y, 0) / b.bytes.length),
    };
  });
}

/** The Requests view in a real extension host against a fresh lab: a write's response to its row; 2,000 audit lines a second for 30 s. */
async function benchRequestsSection() {
  await withLab('lab-requests', async (lab) => {
    sh(join(lab.info.bin, 'kubectl'), ['--kubeconfig', lab.info.kubeconfig, 'create', 'configmap', 'requests-bench', '--from-literal=i=0']);
    const b = await inExtensionHost(lab, 'requests');
    const sorted = [...b.load.commandMs].sort((x, y) => x - y);
    results.requests = {
      date: today,
      machine,
      writes: b.toRowMs.length,
      toRowMedianMs: +median(b.toRowMs).toFixed(1),
      toRowMaxMs: +Math.max(...b.toRowMs).toFixed(1),
      toFileMedianMs: +median(b.toFileMs).toFixed(1),
      load: {
        perSecond: b.load.perSecond,
        seconds: b.load.seconds,
        written: b.load.written,
        held: b.load.held,
        commands: sorted.length,
        commandMedianMs: +median(sorted).toFixed(1),
        commandP99Ms: +(sorted[Math.floor(sorted.length * 0.99)] ?? NaN).toFixed(1),
        commandMaxMs: +(sorted.at(-1) ?? NaN).toFixed(1),
      },
    };
  });
}

async function benchEtcdStore() {
  const { labBinaries } = await import('./lab/lab.mjs');
  const { ensurePki } = await import('./lab/pki.mjs');
  const { freePort } = await import('./lab/proc.mjs');
  const { benchEtcd } = require(join(root, 'out/test/bench/etcd.js'));
  const pki = join(ensurePki(join(work, 'etcd-pki')), 'etcd');
  const bins = [['lab', join(labBinaries(), 'etcd')]];
  if (existsSync('/usr/bin/etcd')) bins.push(['debian', '/usr/bin/etcd']);
  results.etcd = { date: today, machine, stores: [] };
  for (const [name, bin] of bins) {
    const dir = join(work, `etcd-${name}`);
    mkdirSync(dir, { recursive: true });
    const r = await benchEtcd({ etcdBin: bin, pki, dir, port: await freePort(), peerPort: await freePort() });
    results.etcd.stores.push({ name, ...r });
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchFailoverSection(kills = 10) {
  await withLab(
    'lab-failover',
    async (lab) => {
      const { benchFailover } = require(join(root, 'out/test/bench/failover.js'));
      const b = await benchFailover(lab.info, kills);
      const ms = (xs) => +median(xs.filter((x) => Number.isFinite(x))).toFixed(0);
      const each = (xs) => xs.map((x) => (Number.isFinite(x) ? Math.round(x) : 'none'));
      results.failover = {
        date: today,
        machine,
        kills,
        electionTimeoutMs: 1000,
        kubelabReadMedianMs: ms(b.kubelabReadMs),
        kubelabWatchMedianMs: ms(b.kubelabWatchMs),
        etcdctlReadMedianMs: ms(b.etcdctlReadMs),
        etcdctlWatchMedianMs: ms(b.etcdctlWatchMs),
        kubelabReadMs: each(b.kubelabReadMs),
        kubelabWatchMs: each(b.kubelabWatchMs),
        etcdctlReadMs: each(b.etcdctlReadMs),
        etcdctlWatchMs: each(b.etcdctlWatchMs),
      };
    },
    { etcdMembers: 3 },
  );
}

async function benchLab(runs = 3) {
  const { startLab } = await import('./lab/lab.mjs');
  const starts = [];
  let rssKiB = 0;
  let perProcess = {};
  for (let i = 0; i < runs; i++) {
    const dir = join(work, `lab-${i}`);
    const t0 = Date.now();
    const lab = await startLab({ dir, log: () => undefined });
    starts.push(Date.now() - t0);
    if (i === runs - 1) {
      await new Promise((r) => setTimeout(r, 15_000)); // let controllers settle
      perProcess = {};
      for (const { name, pid } of lab.info.pids) {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        perProcess[name] = Number(m?.[1] ?? 0);
      }
      rssKiB = Object.values(perProcess).reduce((a, b) => a + b, 0);
    }
    await lab.stop();
  }
  results.lab = {
    ...(results.lab ?? {}),
    date: today,
    machine,
    warmStartMs: starts,
    warmStartMedianMs: median(starts),
    rssMiB: +(rssKiB / 1024).toFixed(0),
    rssMiBByProcess: Object.fromEntries(Object.entries(perProcess).map(([k, v]) => [k, +(v / 1024).toFixed(0)])),
  };
}

function benchColdBuild() {
  const cold = join(work, 'cold');
  const t0 = Date.now();
  sh('bash', ['scripts/lab/build.sh'], {
    env: { ...process.env, KUBELAB_CACHE: join(cold, 'kubelab'), GOCACHE: join(cold, 'gocache'), GOMODCACHE: join(cold, 'gomod') },
  });
  results.coldBuild = {
    date: today,
    machine,
    seconds: Math.round((Date.now() - t0) / 1000),
    method: 'scripts/lab/build.sh with empty KUBELAB_CACHE, GOCACHE and GOMODCACHE (modules fetched from the Go module proxy)',
  };
  spawnSync('chmod', ['-R', 'u+w', cold]);
}

try {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const want = (name) => only.length === 0 || only.includes(name);
  if (want('activation')) await benchActivation();
  if (want('lab')) await benchLab();
  if (want('cluster')) await benchCluster();
  if (want('decode')) await benchDecodeSection();
  if (want('etcd')) await benchEtcdStore();
  if (want('through')) await benchThroughCluster();
  if (want('history')) await benchHistorySection();
  if (want('history') || want('compare')) await benchCompareSection();
  if (want('requests')) await benchRequestsSection();
  if (want('failover')) await benchFailoverSection();
  if (process.argv.includes('--cold-build')) benchColdBuild();
} finally {
  rmSync(work, { recursive: true, force: true });
}
writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
sh(process.execPath, ['scripts/bench-report.mjs']);
console.log(readFileSync(join(root, 'docs', 'BENCHMARKS.md'), 'utf8'));
