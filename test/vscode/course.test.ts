import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandId } from '../../src/ids';
import { sleep } from '../support/lab';

// Open Lesson Folder on a course (several scenarios, no index.json of its own), in a real VS Code.
describe('a course folder', function () {
  this.timeout(60_000);

  it('lists its scenarios to pick from, and opens the one picked', async () => {
    const { mkdirSync, mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-course-'));
    for (const [path, title] of [
      ['nodes', 'Nodes'],
      ['pods', 'Pods'],
    ]) {
      mkdirSync(join(dir, path as string));
      writeFileSync(join(dir, path as string, 'index.json'), JSON.stringify({ title, details: { steps: [{ text: 'step1.md' }] } }));
      writeFileSync(join(dir, path as string, 'step1.md'), '`kubectl get nodes`{{execute}}\n');
    }
    writeFileSync(join(dir, 'structure.json'), JSON.stringify({ title: 'Inside Kubernetes', items: [{ path: 'pods' }, { path: 'nodes' }] }));
    const opening = vscode.commands.executeCommand(CommandId.lessonOpen, dir) as Thenable<{ title: string } | undefined>;
    // The pick lists the course's scenarios in structure.json's order: the first is "pods". Accept it
    // once the pick is there (until then accepting does nothing).
    let opened: { title: string } | undefined;
    for (let i = 0; i < 30 && !opened; i++) {
      await sleep(300);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      opened = await Promise.race([opening, sleep(300).then(() => undefined)]);
    }
    assert.equal(opened?.title, 'Pods');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
