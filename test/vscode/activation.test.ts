import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId, EXTENSION_ID, ViewId, WalkthroughId } from '../../src/ids';

describe('KubeLab in a real extension host', () => {
  let api: { activatedAt: number } | undefined;

  it('is installed and not active before its views or commands are used', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    assert.equal(ext.isActive, false);
  });

  it('activates when its view is opened and reports how long activation took', async () => {
    await vscode.commands.executeCommand(`${ViewId.cluster}.focus`);
    const ext = vscode.extensions.getExtension<{ activatedAt: number }>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    assert.equal(ext.isActive, true);
    assert.equal(typeof api.activatedAt, 'number');
    assert.ok(api.activatedAt >= 0);
  });

  it('registers every KubeLab command', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of Object.values(CommandId)) assert.ok(all.includes(id), `${id} missing`);
  });

  it('contributes the Cluster, etcd, History and Requests views and they can be focused', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const views = ext?.packageJSON.contributes.views[ViewId.container] as { id: string }[];
    assert.deepEqual(
      views.map((v) => v.id),
      [ViewId.cluster, ViewId.etcd, ViewId.history, ViewId.requests],
    );
    await vscode.commands.executeCommand(`${ViewId.requests}.focus`);
    await vscode.commands.executeCommand(`${ViewId.history}.focus`);
    await vscode.commands.executeCommand(`${ViewId.etcd}.focus`);
    await vscode.commands.executeCommand(`${ViewId.cluster}.focus`);
  });

  it('contributes the lesson walkthrough, which opens', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const walkthroughs = ext?.packageJSON.contributes.walkthroughs as { id: string; steps: unknown[] }[];
    assert.equal(walkthroughs[0]?.id, WalkthroughId.lesson);
    assert.ok((walkthroughs[0]?.steps.length ?? 0) > 0);
    await vscode.commands.executeCommand(CommandId.openWalkthrough);
  });

  it('shows its log without errors', async () => {
    await vscode.commands.executeCommand(CommandId.showLog);
  });
});
