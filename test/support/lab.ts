/**
 * What tests know of the running lab: <lab dir>/lab.json, written by
 * scripts/lab/lab.mjs (paths and addresses only). scripts/test.mjs starts one
 * lab per run and passes its file in $KUBELAB_LAB_FILE.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EtcdReader } from '../../src/infra/etcd/client';
import { freePort, repoRoot } from '../../tools/vscodeServer';

export interface LabInfo {
  dir: string;
  bin: string;
  pki: string;
  kubeconfig: string;
  apiserver: string;
  workspace: string;
  etcd: { endpoints: string[]; caFile: string; certFile: string; keyFile: string };
  auditLog: string;
  /** The EncryptionConfiguration of a lab started with --encrypt (the test lab is). */
  encryptionConfig?: string;
  /** etcd's members and the lab's processes behind them. */
  etcdMembers: { name: string; clientUrl: string; peerUrl: string; process: string; pod: string }[];
  env: Record<string, string>;
  pids: { name: string; pid: number }[];
}

export function labInfo(): LabInfo {
  const file = process.env.KUBELAB_LAB_FILE ?? join(repoRoot, '.lab-test', 'lab.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LabInfo;
  } catch (e) {
    throw new Error(`No running lab described at ${file} (run the tests with npm test, which starts one): ${(e as Error).message}`);
  }
}

export function labEnv(lab: LabInfo, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...lab.env, PATH: `${lab.bin}:${process.env.PATH ?? ''}`, ...extra };
}

/** kubectl of the lab, with its admin kubeconfig; returns stdout. */
export function kubectl(lab: LabInfo, ...args: string[]): string {
  return execFileSync(join(lab.bin, 'kubectl'), ['--kubeconfig', lab.kubeconfig, ...args], { encoding: 'utf8', timeout: 120_000 });
}

/** The lesson's pod, created afresh from hello-service.json (and Running, if asked). */
export function recreateHelloDemo(lab: LabInfo, running = false): void {
  kubectl(lab, 'delete', 'pod', 'hello-demo', '--ignore-not-found', '--wait=true');
  kubectl(lab, 'create', '-f', join(lab.workspace, 'hello-service.json'));
  if (running) kubectl(lab, 'wait', '--for=jsonpath={.status.phase}=Running', 'pod/hello-demo', '--timeout=60s');
}

/** The middle value (runs of a benchmark). */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Runs a command with the lab's environment; returns exit code and raw stdout. */
export function runIn(lab: LabInfo, cmd: string, args: string[], extra: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { env: labEnv(lab, extra), cwd: lab.workspace, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout ?? Buffer.alloc(0), stderr: (r.stderr ?? Buffer.alloc(0)).toString() };
}

/** Starts the lesson's proxy script; on port 8080 when free, as in the lesson. */
export async function startLessonProxy(lab: LabInfo): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = (await portIsFree(8080)) ? 8080 : await freePort();
  const child = spawn(join(lab.workspace, 'proxy_api_server_to_localhost_8080.sh'), [], {
    env: labEnv(lab, { KUBELAB_PROXY_PORT: String(port) }),
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/version`, { signal: AbortSignal.timeout(2000) })).ok) break;
    } catch {
      // not yet
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the lesson's proxy did not answer on ${url}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    stop: () => new Promise<void>((res) => (child.exitCode !== null ? res() : (child.once('exit', () => res()), child.kill('SIGTERM')))),
  };
}

export async function portIsFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

/** The lab module itself, for tests that start and stop a lab of their own. */
export async function labModule(): Promise<{
  startLab(o: { dir: string; reset?: boolean; etcdMembers?: number; log?: (m: string) => void }): Promise<{ info: LabInfo; stop(): Promise<void> }>;
}> {
  return import(pathToFileURL(join(repoRoot, 'scripts', 'lab', 'lab.mjs')).href);
}

/** A lab of three etcd members (npm run lab -- --etcd-members 3) in a new temporary folder, and an etcd client of all three. */
export async function startThreeMemberLab(prefix: string): Promise<{ dir: string; lab: LabInfo; stop(): Promise<void>; reader: EtcdReader }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const l = await (await labModule()).startLab({ dir, etcdMembers: 3, log: () => undefined });
  const r = await EtcdReader.open({ ...l.info.etcd, timeoutMs: 10_000 });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return { dir, lab: l.info, stop: l.stop, reader: r.value };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(250);
  }
}

/** SIGKILLs one process of the lab (its supervisor restarts it, as the kubelet would). */
export function killLabComponent(lab: LabInfo, name: 'etcd' | 'kube-apiserver' | 'kwok'): void {
  const pids = JSON.parse(readFileSync(join(lab.dir, 'pids.json'), 'utf8')) as { name: string; pid: number }[];
  const p = pids.find((x) => x.name === name);
  if (!p) throw new Error(`no ${name} in ${join(lab.dir, 'pids.json')}`);
  process.kill(p.pid, 'SIGKILL');
}

/** Waits until the lab's API server is ready again (after a restart of it or of etcd). */
export async function apiServerReady(lab: LabInfo, timeoutMs = 90_000): Promise<void> {
  await until(
    'the API server ready',
    async () => {
      try {
        return kubectl(lab, 'get', '--raw', '/readyz').trim() === 'ok' ? true : undefined;
      } catch {
        return undefined;
      }
    },
    timeoutMs,
  );
}

/**
 * A kubeconfig for a service account of kube-system allowed only `rules` there (kubectl create
 * role syntax: verbs and resources), written into `dir`: a user RBAC limits, as on a real cluster.
 */
export function restrictedKubeconfig(lab: LabInfo, dir: string, name: string, rules: { verbs: string; resources: string }[]): string {
  kubectl(lab, 'delete', 'serviceaccount,role,rolebinding', '-n', 'kube-system', name, '--ignore-not-found');
  kubectl(lab, 'create', 'serviceaccount', '-n', 'kube-system', name);
  const role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name, namespace: 'kube-system' },
    rules: rules.map((r) => ({ apiGroups: [''], verbs: r.verbs.split(','), resources: r.resources.split(',') })),
  };
  execFileSync(join(lab.bin, 'kubectl'), ['--kubeconfig', lab.kubeconfig, 'apply', '-f', '-'], { input: JSON.stringify(role), timeout: 60_000 });
  kubectl(lab, 'create', 'rolebinding', '-n', 'kube-system', name, `--role=${name}`, `--serviceaccount=kube-system:${name}`);
  const token = kubectl(lab, 'create', 'token', '-n', 'kube-system', name).trim();
  const file = join(dir, `${name}.kubeconfig`);
  const admin = readFileSync(lab.kubeconfig, 'utf8');
  const ca = /certificate-authority-data: (\S+)/.exec(admin)?.[1] ?? '';
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'lab', cluster: { server: lab.apiserver, 'certificate-authority-data': ca } }],
      users: [{ name, user: { token } }],
      contexts: [{ name, context: { cluster: 'lab', user: name } }],
      'current-context': name,
    }),
  );
  return file;
}
