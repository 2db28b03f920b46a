import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { EtcdNode } from '../../src/adapters/etcd/tree';
import type { KubeLabApi } from '../../src/extension';
import { CommandId, EXTENSION_ID, SettingId } from '../../src/ids';
import { killLabComponent, kubectl as labKubectl, labInfo, recreateHelloDemo, until } from '../support/lab';

const lab = labInfo();

/** Every file under `dir` changed since `since` (ms), recursively. */
function changedSince(dir: string | undefined, since: number): string[] {
  if (!dir || !existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    try {
      if (e.isDirectory()) out.push(...changedSince(p, since));
      else if (e.isFile() && statSync(p).mtimeMs >= since) out.push(p);
    } catch {
      // a file that went while we looked
    }
  }
  return out;
}

/** The base64 lines of a PEM file's body: what a leak of it would contain. */
const pemLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => /^[A-Za-z0-9+/=]{40,}$/.test(l));

// With a kubeconfig and nothing else, the etcd view reaches the lab's etcd through the API
// server: the pod etcd-controlplane found, its certificates read by pods/exec into memory, its
// port forwarded. Nothing of the key material is written to disk or to the log.
describe('Connect Through the Cluster in a real extension host', function () {
  this.timeout(180_000);
  let api: KubeLabApi;
  const tree = () => api.etcd;
  const label = (n: EtcdNode) => String(tree().getTreeItem(n).label);
  async function path(...names: string[]): Promise<EtcdNode> {
    let node: EtcdNode | undefined;
    for (const name of names)
      node = await until(`${name} in the etcd view`, async () => (await tree().getChildren(node)).find((n) => label(n) === name), 30_000);
    return node as EtcdNode;
  }

  before(async () => {
    api = (await vscode.extensions.getExtension<KubeLabApi>(EXTENSION_ID)?.activate()) as KubeLabApi;
    await vscode.workspace.getConfiguration(SettingId.section).update(SettingId.kubeconfig, lab.kubeconfig, vscode.ConfigurationTarget.Global);
    recreateHelloDemo(lab);
  });
  after(async () => {
    await api.etcdSession.useThroughCluster(false);
    tree().refresh();
    await vscode.workspace.getConfiguration(SettingId.section).update(SettingId.kubeconfig, undefined, vscode.ConfigurationTarget.Global);
    labKubectl(lab, 'delete', 'pod', 'hello-demo', '--ignore-not-found', '--wait=false');
  });

  it('connects, says so in the title, expands to the hello-demo key and opens it decoded; no key material on disk or in the log', async () => {
    const started = Date.now() - 1000;
    await vscode.commands.executeCommand(CommandId.etcdConnectThroughCluster);
    assert.equal(api.etcdSession.throughCluster(), true);
    const title = await until('the title to say how etcd is reached', async () => tree().viewDescription(), 30_000);
    assert.match(title, /^etcd 3\.\d+\.\d+ · revision \d+ · through the cluster, pod etcd-controlplane$/);
    const pod = await path('/', 'registry/', 'pods/', 'default/', 'hello-demo');
    await vscode.commands.executeCommand(CommandId.etcdOpenValue, pod);
    const text = await until('the value document', async () => vscode.window.activeTextEditor?.document.getText(), 30_000);
    assert.match(text, /^\/\/ key: \/registry\/pods\/default\/hello-demo$/m);
    assert.match(text, /apiVersion v1, kind Pod; decoded as k8s\.io\.api\.core\.v1\.Pod/);
    assert.match(text, /"name": "hello-demo"/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    // Copy etcdctl: the line for this connection runs etcdctl in the pod, with the pod's own files.
    await vscode.commands.executeCommand(CommandId.etcdCopyEtcdctl, pod);
    const line = await vscode.env.clipboard.readText();
    assert.match(
      line,
      /^kubectl --context \S+ exec -n kube-system etcd-controlplane -c etcd -- etcdctl get \/registry\/pods\/default\/hello-demo --endpoints /,
    );
    const out = execFileSync('bash', ['-c', line], {
      env: { ...process.env, KUBECONFIG: lab.kubeconfig, PATH: `${lab.bin}:${process.env.PATH ?? ''}` },
      timeout: 60_000,
    });
    assert.ok(out.includes('/registry/pods/default/hello-demo\n'), `the copied line prints the key: ${out.toString('latin1').slice(0, 200)}`);

    const secrets = [lab.etcd.keyFile, lab.etcd.certFile].flatMap(pemLines);
    assert.ok(secrets.length >= 2, 'the lab key and certificate have PEM bodies to look for');
    const log = join(api.paths.log, 'KubeLab.log');
    const logText = await until('the log line of the connection', async () => {
      const t = existsSync(log) ? readFileSync(log, 'utf8') : '';
      return /etcd through the cluster \(context [^)]+\): kube-system\/etcd-controlplane:\d+ forwarded in \d+ ms/.test(t) ? t : undefined;
    });
    for (const line of secrets) assert.ok(!logText.includes(line), 'no line of the key or certificate in the log');
    const written = [tmpdir(), api.paths.globalStorage, api.paths.storage, api.paths.log].flatMap((d) => changedSince(d, started));
    for (const file of written) {
      let body: string;
      try {
        body = readFileSync(file, 'latin1');
      } catch {
        continue;
      }
      for (const line of secrets) assert.ok(!body.includes(line), `${file} holds a line of the etcd key or certificate`);
    }
  });

  it('the forwarding side dies (the kubelet serving the pod): the view shows the loss and recovers by itself', async () => {
    await path('/', 'registry/', 'minions/'); // levels read, so their watches run through the forward
    killLabComponent(lab, 'kwok');
    const shown = await until('the view to say etcd is lost', async () => tree().viewMessage(), 60_000);
    assert.match(shown, /Lost the connection to etcd/);
    assert.match(shown, /through the cluster/);
    await until('the message to go', async () => (tree().viewMessage() === undefined ? true : undefined), 120_000);
    await path('/', 'registry/', 'minions/', 'controlplane');
    assert.match(tree().viewDescription() ?? '', /through the cluster, pod etcd-controlplane/);
  });
});
