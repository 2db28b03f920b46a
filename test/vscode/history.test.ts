import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KubeLabApi } from '../../src/extension';
import { CommandId, EXTENSION_ID, SettingId } from '../../src/ids';
import { kubectl, labInfo, recreateHelloDemo, until } from '../support/lab';

const lab = labInfo();
const KEY = '/registry/pods/default/hello-demo';

// The History view against the lab: the life of hello-demo, from its etcd key's revisions.
describe('the History view against the lab', function () {
  this.timeout(120_000);
  let api: KubeLabApi;

  before(async () => {
    api = (await vscode.extensions.getExtension<KubeLabApi>(EXTENSION_ID)?.activate()) as KubeLabApi;
    await vscode.workspace.getConfiguration(SettingId.section).update(SettingId.kubeconfig, lab.kubeconfig, vscode.ConfigurationTarget.Global);
    recreateHelloDemo(lab, true);
    kubectl(lab, 'label', 'pod', 'hello-demo', 'tier=web');
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration(SettingId.section).update(SettingId.kubeconfig, undefined, vscode.ConfigurationTarget.Global);
    kubectl(lab, 'delete', 'pod', 'hello-demo', '--ignore-not-found', '--wait=false');
  });

  it('from hello-demo in the Cluster view: its life row by row, who wrote each, what changed; a version opens; Compare with Previous shows the change', async () => {
    // The Cluster view's node of the pod, once its watch has it (it may be a moment behind the API).
    const pod = await until('hello-demo in the Cluster view', async () => {
      const n = await api.cluster.reveal('/api/v1/namespaces/default/pods/hello-demo');
      return n?.type === 'object' && n.object.metadata.name === 'hello-demo' ? n : undefined;
    });
    const shown = (await vscode.commands.executeCommand(CommandId.etcdShowHistory, pod)) as { key: Buffer } | string;
    assert.equal(typeof shown === 'string' ? shown : shown.key.toString(), KEY);
    const rows = api.history.rows();
    // The last life: created by kubectl, bound to the node, Running, then labelled.
    const life = rows.slice(rows.map((r) => r.entry.type).lastIndexOf('delete') + 1);
    assert.equal(life[0]?.summary, 'created');
    assert.equal(life[0]?.manager, 'kubectl-create');
    assert.ok(
      life.some((r) => /spec\.nodeName: ∅ → "controlplane"/.test(r.summary)),
      life.map((r) => r.summary).join('\n'),
    );
    assert.ok(life.some((r) => /status\.phase: "Pending" → "Running"|status\.phase: ∅ → "Running"/.test(r.summary)));
    const label = life.find((r) => /metadata\.labels\.tier: ∅ → "web"/.test(r.summary));
    assert.equal(label?.manager, 'kubectl-label');

    // A row opens that version: its header names that revision.
    const created = life[0]?.entry.revision as string;
    const tree = api.history;
    const [lastLife] = tree.getChildren().slice(-1);
    const versions = tree.getChildren(lastLife);
    const first = versions.find((v) => v.type === 'version' && v.row.entry.revision === created);
    const open = tree.getTreeItem(first as never).command;
    assert.equal(open?.command, 'vscode.open');
    await vscode.commands.executeCommand(open.command, ...(open.arguments ?? []));
    const doc = await until('the version document', async () => vscode.window.activeTextEditor?.document.getText() || undefined);
    assert.match(doc, new RegExp(`mod_revision ${created}\\b`));
    assert.doesNotMatch(doc, /"tier": "web"/, 'the pod as it was when created');

    const labelled = versions.find((v) => v.type === 'version' && v.row.entry.revision === label?.entry.revision);
    await vscode.commands.executeCommand(CommandId.historyCompareWithPrevious, labelled);
    const tab = await until('the diff editor', async () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    });
    assert.match(tab.modified.query, new RegExp(`rev=${label?.entry.revision}`));
    const before = await vscode.workspace.openTextDocument(tab.original);
    const after = await vscode.workspace.openTextDocument(tab.modified);
    assert.doesNotMatch(before.getText(), /"tier": "web"/);
    assert.match(after.getText(), /"tier": "web"/);
  });

  it('a deleted key has its history too, ending with its DELETE', async () => {
    kubectl(lab, 'delete', 'pod', 'hello-demo', '--wait=true');
    const shown = (await vscode.commands.executeCommand(CommandId.etcdShowHistory, KEY)) as { entries: { type: string }[] } | string;
    assert.notEqual(typeof shown, 'string', String(shown));
    const rows = api.history.rows();
    assert.equal(rows.at(-1)?.entry.type, 'delete');
    assert.equal(rows.at(-1)?.summary, 'deleted');
    assert.ok(
      rows.some((r) => /deletionTimestamp/.test(r.summary)),
      'the DELETE first set deletionTimestamp',
    );
  });
});
