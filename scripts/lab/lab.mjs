// The lab: a real Kubernetes control plane on loopback, the project's embedded
// default. etcd (TLS, client-certificate auth, kubeadm's pki layout),
// kube-apiserver (default protobuf storage), kube-controller-manager,
// kube-scheduler, and kwok as the fake kubelet of a node named `controlplane`.
// `startLab` is used by `npm run lab`, `npm test` and `npm run bench`; run this
// file directly to start only the lab: node scripts/lab/lab.mjs [--reset] [--dir D] [--encrypt P] [--etcd-members N].
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAuditPolicy } from './audit.mjs';
import { ensureEncryptionConfig } from './encryption.mjs';
import { controlplaneNode, etcdPod, etcdVersion, kwokRbac, writeKwokEtcdConfig } from './kubeadm.mjs';
import { ensurePki, writeKubeconfig } from './pki.mjs';
import { Supervisor, freePort, httpsJson, killStale, portFree, waitFor } from './proc.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const defaultLabDir = () => process.env.KUBELAB_LAB_DIR ?? join(repoRoot, '.lab');

/** Builds (first time) or finds the cached binaries; returns their folder. */
export function labBinaries() {
  const out = execFileSync('bash', [join(here, 'build.sh')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return out.toString().trim().split('\n').pop();
}

async function ports(dir, members) {
  // Reuse the previous ports when free, so a restarted etcd keeps its peer URL.
  const file = join(dir, 'ports.json');
  const old = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const names = ['etcdClient', 'etcdPeer', 'etcdMetrics', 'apiserver', 'controllerManager', 'scheduler', 'kwok'];
  for (let i = 2; i <= members; i++) names.push(`etcdClient${i}`, `etcdPeer${i}`, `etcdMetrics${i}`);
  const p = {};
  // Each port once: two quick asks for a free port can get the same one back.
  const taken = new Set();
  for (const n of names) {
    let port = old[n] && !taken.has(old[n]) && (await portFree(old[n])) ? old[n] : await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    p[n] = port;
  }
  writeFileSync(file, JSON.stringify(p));
  return p;
}

function writeWorkspace(lab) {
  const ws = lab.workspace;
  mkdirSync(join(ws, '.vscode'), { recursive: true });
  for (const f of ['hello-service.json', 'proxy_api_server_to_localhost_8080.sh']) {
    copyFileSync(join(repoRoot, 'walkthroughs', 'lesson', 'assets', f), join(ws, f));
  }
  chmodSync(join(ws, 'proxy_api_server_to_localhost_8080.sh'), 0o755);
  // The lesson "etcd as a cluster" stops and starts this lab's members from its terminals.
  const member = join(ws, 'etcd-member');
  const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(member, `#!/bin/sh\nexec ${q(process.execPath)} ${q(join(here, 'etcd-member.mjs'))} ${q(lab.dir)} "$@"\n`);
  chmodSync(member, 0o755);
  const settings = {
    // No editor of VS Code's own at start: the lab opens on KubeLab's lesson (scripts/lab.mjs).
    'workbench.startupEditor': 'none',
    // The lab's folder lives inside the KubeLab repository: no prompt to open that repository.
    'git.openRepositoryInParentFolders': 'never',
    'kubelab.kubeconfig': lab.kubeconfig,
    'kubelab.etcd.endpoints': lab.etcd.endpoints,
    'kubelab.etcd.caFile': lab.etcd.caFile,
    'kubelab.etcd.certFile': lab.etcd.certFile,
    'kubelab.etcd.keyFile': lab.etcd.keyFile,
  };
  writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

/**
 * The etcd members of a lab of `n`: member 1 is `controlplane` (the supervisor's `etcd`, data in
 * etcd-data/, as a one-member lab has always been); members 2… are `controlplane-2`… (`etcd-2`…,
 * etcd-data-2/…). All on loopback with kubeadm's certificates (their SANs name 127.0.0.1).
 */
export function etcdMembersOf(dir, p, n) {
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    const suffix = i === 1 ? '' : String(i);
    return {
      name: i === 1 ? 'controlplane' : `controlplane-${i}`,
      process: i === 1 ? 'etcd' : `etcd-${i}`,
      pod: i === 1 ? 'etcd-controlplane' : `etcd-controlplane-${i}`,
      dataDir: join(dir, i === 1 ? 'etcd-data' : `etcd-data-${i}`),
      clientPort: p[`etcdClient${suffix}`],
      clientUrl: `https://127.0.0.1:${p[`etcdClient${suffix}`]}`,
      peerUrl: `https://127.0.0.1:${p[`etcdPeer${suffix}`]}`,
      metricsUrl: `http://127.0.0.1:${p[`etcdMetrics${suffix}`]}`,
    };
  });
}

/** A lab's store belongs to its number of members: starting another number needs --reset. */
function checkMembers(dir, members) {
  const file = join(dir, 'etcd-members');
  const had = existsSync(join(dir, 'etcd-data')) && existsSync(file) ? Number(readFileSync(file, 'utf8')) : existsSync(join(dir, 'etcd-data')) ? 1 : undefined;
  if (had !== undefined && had !== members)
    throw new Error(
      `this lab's etcd has ${had} member${had === 1 ? '' : 's'}; start it with --etcd-members ${had}, or add --reset to start afresh with ${members}`,
    );
  writeFileSync(file, String(members));
}

/**
 * Starts the lab in `dir` (default .lab/). Returns { info, stop }. `info` is
 * also written to <dir>/lab.json: paths and addresses only, no key material.
 */
/**
 * `compactionInterval`: how often the API server compacts etcd (its --etcd-compaction-interval;
 * 5m on a real cluster). The lab keeps history for an hour, so that it can be looked at.
 * `encrypt`: aescbc, aesgcm or secretbox encrypts Secrets at rest (scripts/lab/encryption.mjs).
 */
export async function startLab({
  dir = defaultLabDir(),
  reset = false,
  compactionInterval = '1h',
  encrypt = undefined,
  etcdMembers = 1,
  log = (m) => console.error(`kubelab: ${m}`),
} = {}) {
  if (!Number.isInteger(etcdMembers) || etcdMembers < 1 || etcdMembers > 7) throw new Error(`--etcd-members takes 1 to 7, not ${etcdMembers}`);
  dir = resolve(dir);
  mkdirSync(dir, { recursive: true });
  const killed = await killStale(dir);
  if (killed.length) log(`stopped what a previous lab left running: ${killed.join(', ')}`);
  if (reset) {
    log('--reset: starting from a clean store');
    for (const d of ['etcd-data', 'logs', 'workspace', 'encryption', 'held', 'lab.json', ...Array.from({ length: 6 }, (_, i) => `etcd-data-${i + 2}`)])
      rmSync(join(dir, d), { recursive: true, force: true });
  }
  checkMembers(dir, etcdMembers);
  // A member held stopped by a previous lab (Stop Member) starts with this one.
  rmSync(join(dir, 'held'), { recursive: true, force: true });
  const bin = labBinaries();
  const pki = ensurePki(dir);
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const p = await ports(dir, etcdMembers);
  const t0 = Date.now();
  const sup = new Supervisor(dir);
  const stop = async () => {
    await sup.stop();
  };
  try {
    const members = etcdMembersOf(dir, p, etcdMembers);
    const etcdUrls = members.map((m) => m.clientUrl);
    const e = (f) => join(pki, 'etcd', f);
    const initialCluster = members.map((m) => `${m.name}=${m.peerUrl}`).join(',');
    // etcd's command line as kubeadm writes it, per member.
    const etcdArgsOf = (m) => [
      `--name=${m.name}`,
      `--data-dir=${m.dataDir}`,
      `--listen-client-urls=${m.clientUrl}`,
      `--advertise-client-urls=${m.clientUrl}`,
      `--listen-peer-urls=${m.peerUrl}`,
      `--initial-advertise-peer-urls=${m.peerUrl}`,
      `--initial-cluster=${initialCluster}`,
      ...(members.length > 1 ? ['--initial-cluster-state=new'] : []),
      `--listen-metrics-urls=${m.metricsUrl}`,
      `--cert-file=${e('server.crt')}`,
      `--key-file=${e('server.key')}`,
      '--client-cert-auth=true',
      `--trusted-ca-file=${e('ca.crt')}`,
      `--peer-cert-file=${e('peer.crt')}`,
      `--peer-key-file=${e('peer.key')}`,
      '--peer-client-cert-auth=true',
      `--peer-trusted-ca-file=${e('ca.crt')}`,
      '--snapshot-count=10000',
      '--log-level=warn',
    ];
    for (const m of members) sup.start(m.process, join(bin, 'etcd'), etcdArgsOf(m));
    const etcdTls = { ca: readFileSync(e('ca.crt')), cert: readFileSync(e('healthcheck-client.crt')), key: readFileSync(e('healthcheck-client.key')) };
    // A member is healthy once the cluster has a leader: all of them start first.
    for (const m of members)
      await waitFor(m.process, async () => (await httpsJson(`${m.clientUrl}/health`, etcdTls)).body.includes('"true"'), { sup, child: m.process });

    const k = (f) => join(pki, f);
    const apiserverUrl = `https://127.0.0.1:${p.apiserver}`;
    const audit = writeAuditPolicy(dir);
    const encryptionConfig = ensureEncryptionConfig(dir, encrypt);
    if (encryptionConfig)
      log(`Secrets ${encrypt ? `are encrypted at rest with ${encrypt}` : 'are written in clear; values encrypted before stay readable'}: ${encryptionConfig}`);
    sup.start('kube-apiserver', join(bin, 'kube-apiserver'), [
      '--advertise-address=127.0.0.1',
      '--bind-address=127.0.0.1',
      `--secure-port=${p.apiserver}`,
      `--etcd-servers=${etcdUrls.join(',')}`,
      `--etcd-compaction-interval=${compactionInterval}`,
      `--etcd-cafile=${e('ca.crt')}`,
      `--etcd-certfile=${k('apiserver-etcd-client.crt')}`,
      `--etcd-keyfile=${k('apiserver-etcd-client.key')}`,
      `--client-ca-file=${k('ca.crt')}`,
      `--tls-cert-file=${k('apiserver.crt')}`,
      `--tls-private-key-file=${k('apiserver.key')}`,
      `--kubelet-client-certificate=${k('apiserver-kubelet-client.crt')}`,
      `--kubelet-client-key=${k('apiserver-kubelet-client.key')}`,
      `--proxy-client-cert-file=${k('front-proxy-client.crt')}`,
      `--proxy-client-key-file=${k('front-proxy-client.key')}`,
      `--requestheader-client-ca-file=${k('front-proxy-ca.crt')}`,
      '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-username-headers=X-Remote-User',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${k('sa.pub')}`,
      `--service-account-signing-key-file=${k('sa.key')}`,
      '--service-cluster-ip-range=10.96.0.0/12',
      '--authorization-mode=Node,RBAC',
      '--enable-admission-plugins=NodeRestriction',
      '--allow-privileged=true',
      // The lab's only address is loopback, which an Endpoints object may not hold.
      '--endpoint-reconciler-type=none',
      // Every request the API server takes, for KubeLab's Requests view (scripts/lab/audit.mjs).
      `--audit-policy-file=${audit.policy}`,
      `--audit-log-path=${audit.log}`,
      '--audit-log-format=json',
      '--audit-log-maxsize=100',
      '--audit-log-maxbackup=2',
      ...(encryptionConfig ? [`--encryption-provider-config=${encryptionConfig}`] : []),
      '--v=1',
    ]);
    const adminTls = { ca: readFileSync(k('ca.crt')), cert: readFileSync(k('admin.crt')), key: readFileSync(k('admin.key')) };
    await waitFor('kube-apiserver', async () => (await httpsJson(`${apiserverUrl}/readyz`, adminTls)).body === 'ok', {
      sup,
      child: 'kube-apiserver',
      timeoutMs: 180_000,
    });

    const kubeconfig = join(dir, 'admin.conf');
    writeKubeconfig(kubeconfig, { server: apiserverUrl, pki, cert: 'admin', user: 'kubernetes-admin', context: 'kubernetes-admin@kubelab' });
    writeKubeconfig(join(dir, 'controller-manager.conf'), { server: apiserverUrl, pki, cert: 'controller-manager', user: 'system:kube-controller-manager' });
    writeKubeconfig(join(dir, 'scheduler.conf'), { server: apiserverUrl, pki, cert: 'scheduler', user: 'system:kube-scheduler' });

    // The flags both controllers share: their kubeconfig for everything, their own port, no leader election.
    const controller = (conf, port) => [
      `--kubeconfig=${conf}`,
      `--authentication-kubeconfig=${conf}`,
      `--authorization-kubeconfig=${conf}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      '--leader-elect=false',
    ];
    sup.start('kube-controller-manager', join(bin, 'kube-controller-manager'), [
      ...controller(join(dir, 'controller-manager.conf'), p.controllerManager),
      `--cluster-signing-cert-file=${k('ca.crt')}`,
      `--cluster-signing-key-file=${k('ca.key')}`,
      `--root-ca-file=${k('ca.crt')}`,
      `--service-account-private-key-file=${k('sa.key')}`,
      `--requestheader-client-ca-file=${k('front-proxy-ca.crt')}`,
      '--use-service-account-credentials=true',
      '--controllers=*,bootstrapsigner,tokencleaner',
      '--v=1',
    ]);
    sup.start('kube-scheduler', join(bin, 'kube-scheduler'), [...controller(join(dir, 'scheduler.conf'), p.scheduler), '--v=1']);
    const api = (path, opts = {}) => httpsJson(`${apiserverUrl}${path}`, { ...adminTls, ...opts });
    // kwok plays the node's kubelet with the kubelet's identity (kubeadm's kubelet.conf: system:node:controlplane),
    // so the audit log and the Requests view name it as a real cluster's would. The Node authorizer and
    // NodeRestriction apply to it; kwok also lists every node and pod (a kubelet reads only its own),
    // which one ClusterRole bound to that user allows.
    writeKubeconfig(join(dir, 'kubelet.conf'), { server: apiserverUrl, pki, cert: 'kubelet', user: 'system:node:controlplane' });
    for (const [path, body] of kwokRbac) {
      const r = await api(path, { method: 'POST', body });
      if (r.status !== 201 && r.status !== 409) throw new Error(`creating ${body.kind} ${body.metadata.name}: HTTP ${r.status} ${r.body}`);
    }
    const kwokEtcd = writeKwokEtcdConfig({ dir, members, bin });
    sup.start(
      'kwok',
      join(bin, 'kwok'),
      [
        `--kubeconfig=${join(dir, 'kubelet.conf')}`,
        '--manage-single-node=controlplane',
        '--node-ip=127.0.0.1',
        `--node-port=${p.kwok}`,
        '--cidr=10.244.0.1/24',
        '--node-lease-duration-seconds=40',
        `--config=${join(bin, 'kwok-stages.yaml')}`,
        `--config=${kwokEtcd.file}`,
        // The kubelet API (exec, port-forward, logs) for the API server, over TLS with the lab's serving certificate.
        `--server-address=127.0.0.1:${p.kwok}`,
        `--tls-cert-file=${k('apiserver.crt')}`,
        `--tls-private-key-file=${k('apiserver.key')}`,
        // `kubectl exec` into the etcd pod runs here: the pod's etcdctl, then the lab's binaries, first on PATH.
      ],
      { PATH: `${kwokEtcd.execBin}:${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` },
    );

    const node = await api('/api/v1/nodes/controlplane');
    if (node.status === 404) {
      const r = await api('/api/v1/nodes', { method: 'POST', body: controlplaneNode });
      if (r.status !== 201 && r.status !== 409) throw new Error(`creating node controlplane: HTTP ${r.status} ${r.body}`);
    }
    await waitFor(
      'node controlplane Ready',
      async () => {
        const r = await api('/api/v1/nodes/controlplane');
        const conds = JSON.parse(r.body).status?.conditions ?? [];
        return conds.some((c) => c.type === 'Ready' && c.status === 'True');
      },
      { sup, child: 'kwok' },
    );
    const sa = async (ns) => (await api(`/api/v1/namespaces/${ns}/serviceaccounts/default`)).status === 200;
    await waitFor('service accounts default/default and kube-system/default', async () => (await sa('default')) && (await sa('kube-system')), {
      sup,
      child: 'kube-controller-manager',
    });
    // One etcd pod per member, as kubeadm runs one on each control-plane node (here all on the one node).
    for (const m of members) {
      if ((await api(`/api/v1/namespaces/kube-system/pods/${m.pod}`)).status !== 404) continue;
      const pod = etcdPod({ name: m.pod, args: etcdArgsOf(m), clientUrl: m.clientUrl, version: etcdVersion() });
      const r = await api('/api/v1/namespaces/kube-system/pods', { method: 'POST', body: pod });
      if (r.status !== 201 && r.status !== 409) throw new Error(`creating pod ${m.pod}: HTTP ${r.status} ${r.body}`);
    }
    for (const m of members)
      await waitFor(
        `pod kube-system/${m.pod} Running`,
        async () => JSON.parse((await api(`/api/v1/namespaces/kube-system/pods/${m.pod}`)).body).status?.phase === 'Running',
        {
          sup,
          child: 'kwok',
        },
      );

    const info = {
      dir,
      bin,
      pki,
      kubeconfig,
      apiserver: apiserverUrl,
      workspace: join(dir, 'workspace'),
      etcd: { endpoints: etcdUrls, caFile: e('ca.crt'), certFile: e('peer.crt'), keyFile: e('peer.key') },
      // The members and the lab's processes behind them (Stop Member holds one: <dir>/held/<process>).
      etcdMembers: members.map((m) => ({ name: m.name, clientUrl: m.clientUrl, peerUrl: m.peerUrl, process: m.process, pod: m.pod })),
      auditLog: audit.log,
      ...(encryptionConfig ? { encryptionConfig } : {}),
      env: {
        KUBECONFIG: kubeconfig,
        // No ETCDCTL_API: etcdctl 3.6 speaks only v3 and warns about the variable on every command.
        ETCDCTL_ENDPOINTS: etcdUrls.join(','),
        ETCDCTL_CACERT: e('ca.crt'),
        ETCDCTL_CERT: e('peer.crt'),
        ETCDCTL_KEY: e('peer.key'),
      },
      pids: sup.children.map((c) => ({ name: c.name, pid: c.child.pid })),
      startedInMs: Date.now() - t0,
    };
    writeWorkspace(info);
    writeFileSync(join(dir, 'lab.json'), JSON.stringify(info, null, 2) + '\n');
    return { info, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Shell lines that give a terminal the lab's tools and credentials (paths only). */
export function shellExports(info) {
  const lines = [`export PATH="${info.bin}:$PATH"`];
  for (const [k, v] of Object.entries(info.env)) lines.push(`export ${k}="${v}"`);
  return lines.join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const dirArg = args.indexOf('--dir');
  const dir = dirArg >= 0 ? args[dirArg + 1] : defaultLabDir();
  const encrypt = args.indexOf('--encrypt');
  const members = args.indexOf('--etcd-members');
  const { info, stop } = await startLab({
    dir,
    reset: args.includes('--reset'),
    ...(encrypt >= 0 ? { encrypt: args[encrypt + 1] } : {}),
    ...(members >= 0 ? { etcdMembers: Number(args[members + 1]) } : {}),
  });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.error('kubelab: stopping the lab…');
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  console.log(`The lab is up in ${(info.startedInMs / 1000).toFixed(1)} s. API server: ${info.apiserver}\n`);
  console.log(`For a terminal:\n${shellExports(info)}\n\nLesson files: ${info.workspace}\nCtrl+C stops the lab.`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`kubelab: the lab did not start: ${e.message}`);
    process.exit(1);
  });
}
