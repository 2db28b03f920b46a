import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { isUnder, type ClusterNode } from '../../src/core/kube/treeModel';
import type { KubeLabApi } from '../../src/extension';
import { apiServerReady, killLabComponent, kubectl as labKubectl, labInfo, until } from '../support/lab';
import { CommandId, EXTENSION_ID, SettingId } from '../../src/ids';

// The Cluster view in a real extension host, against the lab: what the tree
// shows, live updates that repaint only the changed node, the JSON document,
// and the error items a user sees for a bad kubeconfig or a dead server.
const lab = labInfo();
const kubectl = (...args: string[]) => labKubectl(lab, ...args);

describe('the Cluster view against the lab', function () {
  this.timeout(120_000);
  let api: KubeLabApi;
  const config = () => vscode.workspace.getConfiguration(SettingId.section);
  const tree = () => api.cluster;
  const label = (n: ClusterNode) => String(tree().getTreeItem(n).label);
  const desc = (n: ClusterNode) => String(tree().getTreeItem(n).description ?? '');
  const child = async (parent: ClusterNode | undefined, name: string | RegExp) =>
    until(`"${name}" under ${parent ? label(parent) : 'the root'}`, async () =>
      (await tree().getChildren(parent)).find((n) => (typeof name === 'string' ? label(n) === name : name.test(label(n)))),
    );

  before(async () => {
    const ext = vscode.extensions.getExtension<KubeLabApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    await config().update(SettingId.kubeconfig, lab.kubeconfig, vscode.ConfigurationTarget.Global);
    tree().refresh();
  });
  after(async () => {
    try {
      kubectl('delete', 'pod', 'hello-demo', '--ignore-not-found', '--wait=false');
    } catch {
      // the lab may be gone already
    }
    await config().update(SettingId.kubeconfig, undefined, vscode.ConfigurationTarget.Global);
  });

  it('shows the lab context, its Ready node, and the namespaces with counted kinds', async () => {
    const ctx = await child(undefined, 'kubernetes-admin@kubelab');
    assert.equal(tree().getTreeItem(ctx).collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    const nodes = await child(ctx, 'Nodes');
    const cp = await child(nodes, 'controlplane');
    assert.match(desc(cp), /^Ready/);
    assert.match(String(tree().getTreeItem(cp).tooltip), /GET \/api\/v1\/nodes\/controlplane/);
    const namespaces = await child(ctx, 'Namespaces');
    const def = await child(namespaces, 'default');
    const sa = await child(def, 'serviceaccounts');
    assert.match(desc(sa), /^1/);
    await child(def, 'pods');
    const cluster = await child(ctx, 'Cluster resources');
    const crb = await child(cluster, 'clusterrolebindings');
    assert.match(desc(crb), /^\d+ · rbac.authorization.k8s.io\/v1$/);
  });

  it('shows a pod created by REST through the watch, Running, repainting only what changed', async () => {
    const ctx = await child(undefined, 'kubernetes-admin@kubelab');
    const def = await child(await child(ctx, 'Namespaces'), 'default');
    const pods = await child(def, 'pods');
    await tree().getChildren(pods); // expanded: its watch starts
    const fired: (string | undefined)[] = []; // undefined would be a full-tree refresh
    const sub = tree().onDidChangeTreeData((e) => fired.push(e ? (e as ClusterNode).id : undefined));
    try {
      kubectl('create', '-f', join(lab.workspace, 'hello-service.json'));
      const pod = await child(pods, 'hello-demo');
      await until('hello-demo Running 1/1', async () => (desc(pod).startsWith('Running 1/1') ? true : undefined));
      assert.ok(fired.includes(pods.id), 'the pods kind repainted when the pod appeared');
      fired.length = 0;
      kubectl('label', 'pod', 'hello-demo', 'tier=demo');
      await until('a repaint of the pod', async () => (fired.includes(pod.id) ? true : undefined));
      // Other objects (the node's heartbeat) may repaint meanwhile; nothing above the pod may.
      const onPath = fired.filter((id) => id === undefined || isUnder(pod.id, id));
      assert.deepEqual([...new Set(onPath)], [pod.id], 'a change to one pod repaints that pod only, not its kind, namespace or the tree');
      assert.equal(tree().getTreeItem(pod).label, 'hello-demo');
      assert.match(String(tree().getTreeItem(pod).tooltip), /uid: [0-9a-f-]{36}/);
      assert.equal(tree().getTreeItem(pod).contextValue, 'object+pod');
    } finally {
      sub.dispose();
    }
  });

  it('opens the pod as the API server returns it, and the document follows changes', async () => {
    const ctx = await child(undefined, 'kubernetes-admin@kubelab');
    const pods = await child(await child(await child(ctx, 'Namespaces'), 'default'), 'pods');
    const pod = await child(pods, 'hello-demo');
    await vscode.commands.executeCommand(CommandId.clusterOpenObject, pod);
    const doc = await until('the JSON document', async () => vscode.window.activeTextEditor?.document);
    assert.equal(doc.languageId, 'jsonc'); // JSON with a comment line where a Secret's data is hidden
    assert.equal(doc.isDirty, false);
    const json = JSON.parse(doc.getText()) as { kind: string; metadata: { name: string }; status: { phase: string } };
    assert.equal(json.kind, 'Pod');
    assert.equal(json.metadata.name, 'hello-demo');
    kubectl('label', 'pod', 'hello-demo', 'lesson=seen');
    await until('the label in the open document', async () => (doc.getText().includes('"lesson": "seen"') ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it("copies the lesson's curl line and the REST path of an object", async () => {
    const ctx = await child(undefined, 'kubernetes-admin@kubelab');
    const cp = await child(await child(ctx, 'Nodes'), 'controlplane');
    await vscode.commands.executeCommand(CommandId.clusterCopyCurl, cp);
    assert.equal(await vscode.env.clipboard.readText(), 'curl -s 127.0.0.1:8080/api/v1/nodes/controlplane | jq');
    await vscode.commands.executeCommand(CommandId.clusterCopyPath, cp);
    assert.equal(await vscode.env.clipboard.readText(), '/api/v1/nodes/controlplane');
  });

  it('switches context without editing the kubeconfig', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-two-'));
    const two = join(dir, 'config');
    const text = readFileSync(lab.kubeconfig, 'utf8');
    const second = text
      .replace(/current-context: .*/, 'current-context: kubernetes-admin@kubelab')
      .replace(
        /contexts:\n- name: kubernetes-admin@kubelab\n {2}context:\n {4}cluster: kubelab\n {4}user: kubernetes-admin\n/,
        (m) => `${m}- name: second\n  context:\n    cluster: kubelab\n    user: kubernetes-admin\n    namespace: kube-system\n`,
      );
    assert.notEqual(second, text, 'the test could not add a second context');
    writeFileSync(two, second);
    await config().update(SettingId.kubeconfig, two, vscode.ConfigurationTarget.Global);
    const other = await child(undefined, 'second');
    assert.equal(tree().getTreeItem(other).contextValue, 'context');
    await vscode.commands.executeCommand(CommandId.clusterUseContext, 'second');
    const active = await until('second to be active', async () =>
      (await tree().getChildren()).find((n) => label(n) === 'second' && tree().getTreeItem(n).contextValue === 'context+active'),
    );
    await child(active, 'Nodes');
    assert.equal(readFileSync(two, 'utf8'), second, 'the kubeconfig file is unchanged');
    await vscode.commands.executeCommand(CommandId.clusterUseContext, 'kubernetes-admin@kubelab');
    await config().update(SettingId.kubeconfig, lab.kubeconfig, vscode.ConfigurationTarget.Global);
  });

  it('says what is wrong with a malformed kubeconfig, naming it, and offers Choose a Kubeconfig… as its own row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-bad-'));
    const bad = join(dir, 'config');
    writeFileSync(bad, 'apiVersion: v1\nclusters: [ {name: x\n');
    await config().update(SettingId.kubeconfig, bad, vscode.ConfigurationTarget.Global);
    const item = await child(undefined, /is not valid/);
    assert.ok(label(item).includes(bad));
    const choose = await child(undefined, 'Choose a Kubeconfig…');
    assert.equal(tree().getTreeItem(choose).command?.command, CommandId.clusterPickKubeconfig);
  });

  it('names a kubeconfig setting that points at a missing file (not the generic welcome), with Choose a Kubeconfig…', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'kubelab-gone-')), 'no-such-config');
    await config().update(SettingId.kubeconfig, missing, vscode.ConfigurationTarget.Global);
    const item = await child(undefined, /does not exist/);
    assert.ok(label(item).includes(missing));
    const choose = await child(undefined, 'Choose a Kubeconfig…');
    assert.equal(tree().getTreeItem(choose).command?.command, CommandId.clusterPickKubeconfig);
    await config().update(SettingId.kubeconfig, lab.kubeconfig, vscode.ConfigurationTarget.Global);
  });

  it('Refresh on a namespace reaches the watches of its kinds (ids nest), and getParent follows the ids', async () => {
    const ctx = await child(undefined, 'kubernetes-admin@kubelab');
    const def = await child(await child(ctx, 'Namespaces'), 'default');
    const pods = await child(def, 'pods');
    await tree().getChildren(pods); // expanded: its watch starts
    assert.equal(tree().getParent(pods), def);
    assert.equal(tree().getParent(def)?.type, 'kind');
    assert.ok(tree().liveWatches().includes(pods.id));
    await vscode.commands.executeCommand(CommandId.clusterRefreshNode, def);
    assert.deepEqual(
      tree()
        .liveWatches()
        .filter((id) => id.startsWith(`${def.id}/`) || id === def.id),
      [],
      'no watch below the namespace survives its refresh',
    );
  });

  it('says the API server cannot be reached, with a Retry row, and never hangs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-dead-'));
    const dead = join(dir, 'config');
    writeFileSync(dead, readFileSync(lab.kubeconfig, 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:1'));
    await config().update(SettingId.kubeconfig, dead, vscode.ConfigurationTarget.Global);
    const ctx = await child(undefined, 'kubernetes-admin@kubelab');
    const started = Date.now();
    try {
      const item = await child(ctx, /Cannot reach the API server/);
      assert.ok(Date.now() - started < 20_000);
      assert.doesNotMatch(label(item), /[Cc]lick/, 'the message itself promises no click');
      const retry = await child(ctx, 'Retry');
      assert.equal(tree().getTreeItem(retry).command?.command, CommandId.clusterRefreshNode);
    } finally {
      await config().update(SettingId.kubeconfig, lab.kubeconfig, vscode.ConfigurationTarget.Global);
    }
  });

  it('keeps an expanded namespace and its kinds through an API server restart, says so meanwhile, and stays live after', async () => {
    kubectl('delete', 'secret', 'kubelab-first-secret', '--ignore-not-found');
    kubectl('delete', 'pod', 'hello-demo', '--ignore-not-found', '--wait=true');
    const ctx = await child(undefined, 'kubernetes-admin@kubelab');
    const namespaces = await child(ctx, 'Namespaces');
    const def = await child(namespaces, 'default');
    const pods = await child(def, 'pods');
    await api.clusterView.reveal(pods, { expand: true });
    await tree().getChildren(pods);
    await until('pods marked expanded', async () =>
      tree().getTreeItem(pods).collapsibleState === vscode.TreeItemCollapsibleState.Expanded ? true : undefined,
    );
    assert.equal(
      (await tree().getChildren(def)).some((n) => label(n) === 'secrets'),
      false,
      'no Secret in default yet',
    );
    killLabComponent(lab, 'kube-apiserver');
    const said = await until('the view to say the API server does not answer', async () => tree().viewMessage(), 30_000);
    assert.match(said, /The API server does not answer/);
    assert.ok(
      (await tree().getChildren(def)).some((n) => n.id === pods.id),
      'the kinds of the namespace stay while it is down',
    );
    await apiServerReady(lab);
    assert.equal(tree().getTreeItem(pods).collapsibleState, vscode.TreeItemCollapsibleState.Expanded, 'pods is still expanded');
    kubectl('create', '-f', join(lab.workspace, 'hello-service.json'));
    await child(pods, 'hello-demo');
    kubectl('create', 'secret', 'generic', 'kubelab-first-secret', '--from-literal=a=b');
    try {
      await child(def, 'secrets'); // the namespace's kind list is live: no Refresh
      await until('the message to go', async () => (tree().viewMessage() === undefined ? true : undefined), 30_000);
    } finally {
      kubectl('delete', 'secret', 'kubelab-first-secret', '--ignore-not-found');
    }
  });
});
