import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import * as vscode from 'vscode';
import type { KubeLabApi } from '../../src/extension';
import { CommandId, EXTENSION_ID, SettingId } from '../../src/ids';
import { kubectl, labEnv, labInfo, recreateHelloDemo, until } from '../support/lab';
import { versionUri } from '../../src/adapters/history/tree';

const lab = labInfo();
const etcdctl = (...args: string[]) => execFileSync(join(lab.bin, 'etcdctl'), args, { env: labEnv(lab), encoding: 'utf8' });
const etcdWriter = () =>
  new Etcd3({
    hosts: lab.etcd.endpoints,
    credentials: { rootCertificate: readFileSync(lab.etcd.caFile), certChain: readFileSync(lab.etcd.certFile), privateKey: readFileSync(lab.etcd.keyFile) },
  });
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
    // How much etcd holds, and the API server's compactions as etcd records them (etcdctl's answer).
    const compactor = JSON.parse(etcdctl('get', 'compact_rev_key', '-w', 'json')) as { kvs?: { version: number; value: string }[] };
    const c = compactor.kvs?.[0];
    assert.match(api.history.message() ?? '', new RegExp(`^${rows.length} revisions held; the store is at revision \\d+\\.`));
    const boundary = api.history.getChildren()[0];
    const explained = boundary ? String(api.history.getTreeItem(boundary).tooltip) : '';
    assert.match(explained, /the API server compacts every 5 minutes by default/);
    if (c) {
      assert.match(api.history.message() ?? '', new RegExp(`API server compactions: ${c.version}\\.$`));
      assert.match(explained, new RegExp(`compacted ${c.version} times, last to revision ${Buffer.from(c.value, 'base64').toString()} `));
    } else assert.doesNotMatch(api.history.message() ?? '', /compactions/, 'no compaction recorded, none claimed');
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
    // The binding leaves managedFields as they were: the row names the subresource, not the last manager.
    assert.equal(life.find((r) => /spec\.nodeName/.test(r.summary))?.manager, 'pods/binding');
    assert.ok(life.some((r) => r.manager === 'kwok/status' && /status\.phase/.test(r.summary)));

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
    await until('the version shown as JSON', async () => (vscode.window.activeTextEditor?.document.languageId === 'jsonc' ? true : undefined));

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

    // Who Changed This Field? on the label's line of that version.
    const editor = await vscode.window.showTextDocument(after);
    const at = after.positionAt(after.getText().indexOf('"tier": "web"') + 2);
    editor.selection = new vscode.Selection(at, at);
    const who = (await vscode.commands.executeCommand(CommandId.whoChangedField)) as { text: string } | undefined;
    assert.match(who?.text ?? '', /^metadata\.labels\.tier was set by kubectl-label \(Update\) at \d{4}-/);
  });

  // The test lab encrypts Secrets at rest: with the lab's EncryptionConfiguration, their history reads as any other.
  it("an encrypted Secret's history: writers and changes read through the lab's keys, a version opens decrypted and masked", async () => {
    kubectl(lab, 'delete', 'secret', 'history-secret', '--ignore-not-found');
    kubectl(lab, 'create', 'secret', 'generic', 'history-secret', '--from-literal=token=history-s3cret');
    try {
      kubectl(lab, 'label', 'secret', 'history-secret', 'rotated=no');
      kubectl(lab, 'patch', 'secret', 'history-secret', '-p', JSON.stringify({ data: { token: Buffer.from('history-s3cret-2').toString('base64') } }));
      const shown = await vscode.commands.executeCommand(CommandId.etcdShowHistory, '/registry/secrets/default/history-secret');
      assert.notEqual(typeof shown, 'string', String(shown));
      const rows = api.history.rows().slice(-3);
      assert.deepEqual(
        rows.map((r) => [r.manager, r.summary]),
        [
          ['kubectl-create', 'created'],
          ['kubectl-label', 'metadata.labels'], // the first label: the whole map is new
          ['kubectl-patch', 'data.token'], // a Secret's changes name the fields, never the values
        ],
      );
      const text = (
        await vscode.workspace.openTextDocument(versionUri(Buffer.from('/registry/secrets/default/history-secret'), rows[2]?.entry.revision ?? ''))
      ).getText();
      assert.match(text, /encrypted at rest by the secretbox provider/);
      assert.match(text, /Decrypted in memory with secretbox key/);
      assert.match(text, /"token": "<hidden: 16 bytes>"/);
      assert.ok(!text.includes(Buffer.from('history-s3cret-2').toString('base64')));
    } finally {
      kubectl(lab, 'delete', 'secret', 'history-secret', '--ignore-not-found');
    }
  });

  it('a version that does not decode says why, and the others still open and compare', async () => {
    const writer = etcdWriter();
    const key = Buffer.from('/kubelab-test/history/corrupt');
    try {
      const pod = await writer.get(KEY).buffer();
      assert.ok(pod, 'hello-demo is in etcd');
      await writer.delete().key(key).exec();
      await writer.put(key).value(pod).exec();
      await writer
        .put(key)
        .value(pod.subarray(0, pod.length >> 1))
        .exec();
      kubectl(lab, 'label', 'pod', 'hello-demo', 'broken=after', '--overwrite');
      const labelled = await until('the labelled pod', async () => {
        const v = await writer.get(KEY).buffer();
        return v?.includes('broken') ? v : undefined;
      });
      await writer.put(key).value(labelled).exec();
    } finally {
      writer.close();
    }
    const shown = await vscode.commands.executeCommand(CommandId.etcdShowHistory, key.toString());
    assert.notEqual(typeof shown, 'string', String(shown));
    const rows = api.history.rows().slice(-3);
    assert.equal(rows[0]?.summary, 'created');
    assert.match(rows[1]?.summary ?? '', /^does not decode: .*byte \d+/);
    assert.match(rows[2]?.summary ?? '', /metadata\.labels\.broken: ∅ → "after"/, 'compared with the last version that decoded');
    const texts: string[] = [];
    for (const r of rows) texts.push((await vscode.workspace.openTextDocument(versionUri(key, r.entry.revision))).getText());
    assert.match(texts[0] ?? '', /"name": "hello-demo"/);
    assert.match(texts[1] ?? '', /breaks at byte|decoding failed/);
    assert.match(texts[2] ?? '', /"broken": "after"/);
  });

  it('a key with 450 versions shows the latest 200 of its life, then earlier ones a page at a time', async () => {
    const writer = etcdWriter();
    const key = Buffer.from('/kubelab-test/history/many');
    try {
      await writer.delete().key(key).exec();
      for (let i = 1; i <= 450; i++) await writer.put(key).value(`v${i}`).exec();
    } finally {
      writer.close();
    }
    await vscode.commands.executeCommand(CommandId.etcdShowHistory, key.toString());
    const tree = api.history;
    const life = tree.getChildren().at(-1);
    assert.equal(life?.type, 'life');
    const page = () => tree.getChildren(life);
    const first = page();
    assert.deepEqual([first[0]?.type, first[0]?.type === 'earlier' && first[0].hidden, first.length], ['earlier', 250, 201]);
    assert.equal(first.at(-1)?.type === 'version' && first.at(-1)?.id.endsWith(`/${api.history.rows().at(-1)?.entry.revision}`), true);
    await vscode.commands.executeCommand(CommandId.historyShowEarlier, first[0]);
    await vscode.commands.executeCommand(CommandId.historyShowEarlier, page()[0]);
    const all = page();
    assert.equal(all.length, 450, 'every version, no Show Earlier left');
    assert.ok(all.every((n) => n.type === 'version'));
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
