import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { KubeLabApi } from '../../src/extension';
import { CommandId, EXTENSION_ID, SettingId, ViewId } from '../../src/ids';
import { kubectl, labInfo, until } from '../support/lab';

const lab = labInfo();
const NAME = 'requests-demo';

// The Requests view against the lab's audit log: the lesson's REST calls, who made them, and the
// etcd revision each write made.
describe('the Requests view against the lab', function () {
  this.timeout(120_000);
  let api: KubeLabApi;
  let dir: string;

  before(async () => {
    api = (await vscode.extensions.getExtension<KubeLabApi>(EXTENSION_ID)?.activate()) as KubeLabApi;
    dir = mkdtempSync(join(tmpdir(), 'kubelab-requests-'));
    await vscode.commands.executeCommand(`${ViewId.requests}.focus`);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration(SettingId.section).update(SettingId.requestsAuditLog, undefined, vscode.ConfigurationTarget.Global);
    kubectl(lab, 'delete', 'pod', NAME, '--ignore-not-found', '--wait=false');
    kubectl(lab, 'delete', 'secret', 'requests-secret', '--ignore-not-found');
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the POST and the DELETE of a pod, who made them, and opens each with the etcd revision it wrote', async () => {
    const pod = JSON.parse(readFileSync(join(lab.workspace, 'hello-service.json'), 'utf8')) as { metadata: Record<string, unknown> };
    writeFileSync(join(dir, 'pod.json'), JSON.stringify({ ...pod, metadata: { ...pod.metadata, name: NAME } }));
    kubectl(lab, 'create', '--raw', '/api/v1/namespaces/default/pods', '-f', join(dir, 'pod.json'));
    kubectl(lab, 'wait', '--for=jsonpath={.status.phase}=Running', `pod/${NAME}`, '--timeout=60s');
    kubectl(lab, 'delete', '--raw', `/api/v1/namespaces/default/pods/${NAME}`);
    kubectl(lab, 'wait', '--for=delete', `pod/${NAME}`, '--timeout=60s');
    const tree = api.requests;
    tree.getChildren(); // the view asks: KubeLab follows the lab's audit log
    const mine = () => tree.shown().filter((r) => r.objectRef?.name === NAME);
    const rows = await until('the POST and the final DELETE in the view', async () => {
      await tree.poll();
      const m = mine();
      return m.some((r) => r.verb === 'create' && !r.objectRef?.subresource) && m.filter((r) => r.verb === 'delete' && r.code === 200).length >= 2
        ? m
        : undefined;
    });
    // Newest first, writes only: the final delete on top, the POST at the bottom.
    assert.equal(rows.at(-1)?.verb, 'create');
    const nodes = tree.getChildren().filter((n) => n.type === 'request' && n.request.objectRef?.name === NAME);
    const post = nodes.at(-1);
    assert.ok(post?.type === 'request');
    assert.equal(tree.getTreeItem(post).label, 'POST /api/v1/namespaces/default/pods');
    // "you": the user the API server says the kubeconfig is (kubectl auth whoami asks it the same way).
    const you = kubectl(lab, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}').trim();
    await until('who KubeLab is to the API server', async () => tree.you);
    assert.equal(tree.you, you);
    assert.match(String(tree.getTreeItem(post).description), new RegExp(`^201 · you \\(${you}\\) · kubectl · create · \\d+ ms`));

    // Its document: what was sent, and the etcd revision it made (the key's mod_revision there).
    const editor = (await vscode.commands.executeCommand(CommandId.requestOpen, post)) as vscode.TextEditor;
    const text = editor.document.getText();
    const rv = post.request.resourceVersion as string;
    assert.match(text, new RegExp(`^// POST /api/v1/namespaces/default/pods {2}\\(create\\)`));
    assert.match(text, new RegExp(`etcd revision ${rv}:`));
    assert.match(text, /"requestObject": \{/);
    await vscode.commands.executeCommand(CommandId.requestOpenInEtcd, post);
    const version = await until('the version in etcd', async () => {
      const d = vscode.window.activeTextEditor?.document;
      return d?.uri.scheme === 'kubelab-etcd' && d.getText() ? d.getText() : undefined;
    });
    assert.match(version, new RegExp(`mod_revision ${rv}\\b`));
    assert.match(version, new RegExp(`"name": "${NAME}"`));

    // The DELETE's version against the one before: deletionTimestamp set.
    // Ours is the first DELETE (the kubelet's final one comes after it).
    const del = [...nodes].reverse().find((n) => n.type === 'request' && n.request.verb === 'delete' && n.request.code === 200);
    const compared = (await vscode.commands.executeCommand(CommandId.requestCompareWithBefore, del)) as { before: string; after: string } | undefined;
    assert.ok(compared);
    const tab = await until('the diff', async () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    });
    assert.doesNotMatch((await vscode.workspace.openTextDocument(tab.original)).getText(), /"deletionTimestamp"/);
    assert.match((await vscode.workspace.openTextDocument(tab.modified)).getText(), /"deletionTimestamp"/);

    // Back from History: the version the POST made names the POST, selected in the Requests view and opened.
    await vscode.commands.executeCommand(CommandId.etcdShowHistory, `/registry/pods/default/${NAME}`);
    const life = api.history.getChildren().at(-1);
    const made = await until("the POST's version in History", async () =>
      api.history.getChildren(life).find((v) => v.type === 'version' && v.row.entry.revision === rv),
    );
    const wrote = (await vscode.commands.executeCommand(CommandId.historyShowRequest, made)) as { auditID: string } | undefined;
    assert.equal(wrote?.auditID, post.request.auditID);
    assert.deepEqual(tree.currentFilter(), { writesOnly: false, object: { resource: 'pods', namespace: 'default', name: NAME } });
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', new RegExp(`^// POST /api/v1/namespaces/default/pods {2}\\(create\\)`));
    // The DELETE's tombstone names the request that deleted it (the API server returns the deletion's revision).
    const tombstone = api.history.getChildren(life).find((v) => v.type === 'version' && v.row.entry.type === 'delete');
    const deleted = (await vscode.commands.executeCommand(CommandId.historyShowRequest, tombstone)) as { verb: string; code?: number } | undefined;
    assert.deepEqual([deleted?.verb, deleted?.code], ['delete', 200]);
    tree.setFilter({ writesOnly: true });
  });

  it("never shows a Secret's body, and names the object's requests with Show Requests for This Object", async () => {
    kubectl(lab, 'create', 'secret', 'generic', 'requests-secret', '--from-literal=password=kubelab-s3cret-value');
    const tree = api.requests;
    const secretRow = await until('the Secret create', async () => {
      await tree.poll();
      return tree.shown().find((r) => r.objectRef?.resource === 'secrets' && r.objectRef.name === 'requests-secret');
    });
    const doc = await vscode.workspace.openTextDocument(
      vscode.Uri.from({ scheme: 'kubelab-request', path: '/POST', query: new URLSearchParams({ id: secretRow.auditID }).toString() }),
    );
    assert.doesNotMatch(doc.getText(), /kubelab-s3cret-value|a3ViZWxhYi1zM2NyZXQtdmFsdWU/);
    assert.match(doc.getText(), /bodies of Secrets and tokens are not shown/);
    // From the Secret in the Cluster view: its requests, all verbs.
    const node = await until('the Secret in the Cluster view', async () => {
      const n = await api.cluster.reveal('/api/v1/namespaces/default/secrets/requests-secret');
      return n?.type === 'object' ? n : undefined;
    });
    await vscode.commands.executeCommand(CommandId.clusterShowRequests, node);
    assert.deepEqual(tree.currentFilter(), { writesOnly: false, object: { resource: 'secrets', namespace: 'default', name: 'requests-secret' } });
    const shown = tree.shown();
    assert.ok(shown.length >= 1 && shown.every((r) => r.objectRef?.name === 'requests-secret'));
    assert.ok(shown.some((r) => r.verb === 'create' && r.code === 201));
    tree.setFilter({ writesOnly: true });
    const logDir = api.paths.log;
    for (const f of readdirSync(logDir)) assert.doesNotMatch(readFileSync(join(logDir, f), 'utf8'), /kubelab-s3cret-value|a3ViZWxhYi1zM2NyZXQtdmFsdWU/);
  });

  it('says when the log does not exist yet, skips lines that are not audit events, and follows the log across a rotation', async () => {
    const file = join(dir, 'audit.log');
    await vscode.workspace.getConfiguration(SettingId.section).update(SettingId.requestsAuditLog, file, vscode.ConfigurationTarget.Global);
    const tree = api.requests;
    await until('the setting read', async () => (tree.source() === file ? true : undefined));
    tree.follow();
    await tree.poll();
    assert.match(tree.message() ?? '', new RegExp(`Waiting for ${file.replace(/[.]/g, '\\.')} to appear`));
    const line = (id: string, name: string) =>
      JSON.stringify({
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        auditID: id,
        stage: 'ResponseComplete',
        requestURI: `/api/v1/namespaces/default/configmaps/${name}`,
        verb: 'update',
        user: { username: 'system:kube-controller-manager' },
        objectRef: { resource: 'configmaps', namespace: 'default', name },
        responseStatus: { code: 200 },
        requestReceivedTimestamp: '2026-11-26T15:00:00.000000Z',
        stageTimestamp: '2026-11-26T15:00:00.002000Z',
      });
    writeFileSync(file, `not json at all\n${line('one', 'first')}\n{"kind":"Pod"}\n`);
    await tree.poll();
    assert.deepEqual(
      tree.shown().map((r) => r.objectRef?.name),
      ['first'],
    );
    assert.match(tree.message() ?? '', /2 lines were not audit events and were skipped/);
    renameSync(file, `${file}.1`);
    writeFileSync(file, `${line('two', 'second')}\n`);
    await tree.poll();
    appendFileSync(file, `${line('three', 'third')}\n`);
    await tree.poll();
    assert.deepEqual(
      tree.shown().map((r) => r.objectRef?.name),
      ['third', 'second', 'first'],
    );
    assert.match(tree.message() ?? '', /rotated 1 times/);
    const item = tree.getTreeItem(tree.getChildren()[0] as never);
    assert.match(String(item.description), /^200 · kube-controller-manager · update · 2 ms/);
  });
});
