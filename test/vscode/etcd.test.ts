import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { EtcdNode } from '../../src/adapters/etcd/tree';
import type { KubeLabApi } from '../../src/extension';
import { kubectl as labKubectl, labInfo, sleep } from '../support/lab';
import { CommandId, EXTENSION_ID } from '../../src/ids';

// The etcd view in a real extension host, connected to the lab's etcd by
// itself (the lab's files arrive through $KUBELAB_LAB_FILE).
const lab = labInfo();
const kubectl = (...args: string[]) => labKubectl(lab, ...args);

describe('the etcd view against the lab', function () {
  this.timeout(120_000);
  let api: KubeLabApi;
  const tree = () => api.etcd;
  const label = (n: EtcdNode) => String(tree().getTreeItem(n).label);
  async function child(parent: EtcdNode | undefined, name: string, present = true): Promise<EtcdNode | undefined> {
    const end = Date.now() + 30_000;
    for (;;) {
      const found = (await tree().getChildren(parent)).find((n) => label(n) === name);
      if (present ? found : !found) return found;
      if (Date.now() > end) throw new Error(`"${name}" ${present ? 'never appeared' : 'never went'}`);
      await sleep(250);
    }
  }
  const path = async (...names: string[]) => {
    let node: EtcdNode | undefined;
    for (const n of names) node = await child(node, n);
    return node as EtcdNode;
  };

  before(async () => {
    api = (await vscode.extensions.getExtension<KubeLabApi>(EXTENSION_ID)?.activate()) as KubeLabApi;
    tree().refresh();
  });
  after(() => {
    try {
      kubectl('delete', 'pod', 'hello-demo', '--ignore-not-found', '--wait=false');
    } catch {
      // the lab may be gone
    }
  });

  it('browses from / to the node controlplane, with its revisions', async () => {
    const cp = await path('/', 'registry/', 'minions/', 'controlplane');
    const item = tree().getTreeItem(cp);
    assert.match(String(item.description), /^rev \d+$/);
    assert.match(String(item.tooltip), /\/registry\/minions\/controlplane\nversion \d+\ncreate_revision \d+\nmod_revision \d+/);
  });

  it('serves a second expansion from its watched cache, without asking etcd', async () => {
    const registry = await path('/', 'registry/');
    const first = (await tree().getChildren(registry)).map(label);
    const again = (await tree().getChildren(registry)).map(label);
    assert.equal(tree().lastRequests, 0);
    assert.deepEqual(again, first);
  });

  it('opens a value read-only: metadata, and the protobuf bytes as hex behind k8s\\0', async () => {
    const cp = await path('/', 'registry/', 'minions/', 'controlplane');
    await vscode.commands.executeCommand(CommandId.etcdOpenValue, cp);
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc);
    const text = doc.getText();
    assert.match(text, /^# key: \/registry\/minions\/controlplane$/m);
    assert.match(text, /stored as Kubernetes protobuf: apiVersion v1, kind Node \(the object is \d+ bytes; shown as hex\)/);
    assert.match(text, /^00000000 {2}6b 38 73 00 /m);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('shows a pod\'s key appear and go as the pod is created and deleted, from its watch', async () => {
    const registry = await path('/', 'registry/');
    await tree().getChildren(registry); // read (and watched) before the pod exists
    kubectl('create', '-f', join(lab.workspace, 'hello-service.json'));
    const pods = await child(registry, 'pods/');
    const ns = await child(pods, 'default/');
    await child(ns, 'hello-demo');
    kubectl('delete', 'pod', 'hello-demo', '--wait=true');
    await child(ns, 'hello-demo', false);
  });

  it('copies the key and the lesson\'s etcdctl command with the certificate flags', async () => {
    const cp = await path('/', 'registry/', 'minions/', 'controlplane');
    await vscode.commands.executeCommand(CommandId.etcdCopyKey, cp);
    assert.equal(await vscode.env.clipboard.readText(), '/registry/minions/controlplane');
    await vscode.commands.executeCommand(CommandId.etcdCopyEtcdctl, cp);
    const line = await vscode.env.clipboard.readText();
    assert.ok(line.startsWith('etcdctl get /registry/minions/controlplane --endpoints https://127.0.0.1:'), line);
    assert.ok(line.includes(`--cacert ${lab.etcd.caFile}`), line);
    const out = execFileSync('bash', ['-c', line.replace(/^etcdctl/, join(lab.bin, 'etcdctl')) + ' --print-value-only'], { timeout: 30_000 });
    assert.deepEqual([...out.subarray(0, 4)], [0x6b, 0x38, 0x73, 0x00]);
  });
});
