/**
 * Benchmark module run inside a real extension host (extensionTestsPath
 * contract, KubeLab as the development extension, the lab of
 * $KUBELAB_LAB_FILE). Two measurements, written to $KUBELAB_BENCH_OUT:
 *
 * 1. From a write's response to its row: 100 PATCHes of a ConfigMap, one at a
 *    time, at random moments; for each, the time from the response (its
 *    Audit-Id header names the audit event) until the Requests view redraws
 *    holding that request. Baseline, same
 *    run: until the line is in the audit log file (a 5 ms poll of the file),
 *    i.e. the API server's own delay in writing it.
 * 2. Under load: audit lines appended to a log of its own at 2,000 a second for
 *    30 s (kubelab.requests.auditLog pointed at it); every 50 ms a command of
 *    the same extension host that does nothing is run and timed (how long the
 *    host takes to answer anything); at the end, every line must be held.
 */
import { appendFileSync, closeSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { KubeLabApi } from '../../src/extension';
import { EXTENSION_ID, SettingId, ViewId } from '../../src/ids';

interface Lab {
  apiserver: string;
  pki: string;
  auditLog: string;
}

function patch(lab: Lab, name: string, i: number): Promise<{ auditId: string; at: number }> {
  const body = JSON.stringify({ data: { i: String(i) } });
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${lab.apiserver}/api/v1/namespaces/default/configmaps/${name}`,
      {
        method: 'PATCH',
        ca: readFileSync(join(lab.pki, 'ca.crt')),
        cert: readFileSync(join(lab.pki, 'admin.crt')),
        key: readFileSync(join(lab.pki, 'admin.key')),
        headers: { 'content-type': 'application/merge-patch+json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const at = performance.now();
        res.resume();
        res.on('end', () =>
          (res.statusCode ?? 0) < 300 ? resolve({ auditId: String(res.headers['audit-id']), at }) : reject(new Error(`PATCH: ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function until<T>(what: string, f: () => T | undefined, everyMs: number, timeoutMs = 10_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, everyMs))) {
    const v = f();
    if (v !== undefined) return v;
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** What a file holds from `from` on. */
function tail(file: string, from: number): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(Math.max(0, fstatSync(fd).size - from));
    readSync(fd, buf, 0, buf.length, from);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

const line = (i: number) =>
  JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: `bench-${i}`,
    stage: 'ResponseComplete',
    requestURI: `/api/v1/namespaces/default/configmaps/load-${i % 50}`,
    verb: 'update',
    user: { username: 'system:serviceaccount:default:loader', groups: ['system:serviceaccounts'] },
    userAgent: 'loader/1.0',
    objectRef: { resource: 'configmaps', namespace: 'default', name: `load-${i % 50}`, apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: '2026-11-26T15:00:00.000000Z',
    stageTimestamp: '2026-11-26T15:00:00.001000Z',
  });

export async function run(): Promise<void> {
  const lab = JSON.parse(readFileSync(process.env.KUBELAB_LAB_FILE ?? '', 'utf8')) as Lab;
  const api = (await vscode.extensions.getExtension<KubeLabApi>(EXTENSION_ID)?.activate()) as KubeLabApi;
  await vscode.commands.executeCommand(`${ViewId.requests}.focus`);
  const tree = api.requests;
  tree.getChildren();
  const out = { toRowMs: [] as number[], toFileMs: [] as number[], load: { written: 0, held: 0, seconds: 30, perSecond: 2000, commandMs: [] as number[] } };

  // 1. Response to row, and response to line in the file.
  const name = process.env.KUBELAB_BENCH_CONFIGMAP ?? 'requests-bench';
  for (let i = 0; i < 100; i++) {
    const size = statSync(lab.auditLog).size;
    const { auditId, at } = await patch(lab, name, i);
    const inFile = until('the line in the file', () => (tail(lab.auditLog, size).includes(auditId) ? performance.now() : undefined), 5);
    // Drawn: the first redraw of the view once it holds the request.
    const inView = new Promise<number>((resolve) => {
      const d = tree.onDidChangeTreeData(() => {
        if (!tree.log.byId(auditId)) return;
        d.dispose();
        resolve(performance.now());
      });
    });
    const [f, v] = await Promise.all([inFile, inView]);
    out.toFileMs.push(f - at);
    out.toRowMs.push(v - at);
    // Out of step with the view's reads of the log, as writes come.
    await new Promise((r) => setTimeout(r, Math.random() * 300));
  }

  // 2. 2,000 lines a second for 30 s into a log of its own, commands timed throughout.
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-requests-bench-'));
  const file = join(dir, 'audit.log');
  writeFileSync(file, '');
  const c = vscode.workspace.getConfiguration(SettingId.section);
  await c.update(SettingId.requestsKeep, 100_000, vscode.ConfigurationTarget.Global);
  await c.update(SettingId.requestsAuditLog, file, vscode.ConfigurationTarget.Global);
  await until('the new log followed', () => (tree.source() === file ? true : undefined), 10);
  tree.follow();
  tree.setFilter({ writesOnly: true });
  let written = 0;
  let stop = false;
  const start = performance.now();
  const writer = (async () => {
    while (!stop) {
      const due = Math.min(out.load.perSecond * out.load.seconds, Math.floor(((performance.now() - start) / 1000) * out.load.perSecond));
      if (due > written) {
        const lines: string[] = [];
        for (; written < due; written++) lines.push(line(written));
        appendFileSync(file, `${lines.join('\n')}\n`);
      }
      if (written >= out.load.perSecond * out.load.seconds) break;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  // A command of this host that does nothing: its round trip is how long the host takes to answer anything.
  const ping = vscode.commands.registerCommand('kubelabBench.ping', () => 1);
  const prober = (async () => {
    while (!stop) {
      const t0 = performance.now();
      await vscode.commands.executeCommand('kubelabBench.ping');
      out.load.commandMs.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  await writer;
  await until('every line held', () => (tree.log.size >= written ? true : undefined), 50, 30_000).catch(() => undefined);
  stop = true;
  await prober;
  ping.dispose();
  out.load.written = written;
  out.load.held = tree.log.size;
  await c.update(SettingId.requestsAuditLog, undefined, vscode.ConfigurationTarget.Global);
  await c.update(SettingId.requestsKeep, undefined, vscode.ConfigurationTarget.Global);
  writeFileSync(process.env.KUBELAB_BENCH_OUT ?? 'bench.json', JSON.stringify(out));
}
