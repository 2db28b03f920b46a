import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CheckEvent } from '../../src/adapters/lesson/checks';
import type { RunEvent } from '../../src/adapters/lesson/runner';
import type { KubeLabApi } from '../../src/extension';
import { CommandId, EXTENSION_ID, SettingId } from '../../src/ids';
import { until } from '../support/lab';

// A scenario folder in Killercoda's format (our own text): its step's command makes a file, and its
// verify script passes when the file is there (exit code 0). The folder is listed in
// kubelab.lesson.trustedFolders, so no consent dialog stands in the way (the UI test clicks that one).
describe('a lesson step that checks itself, in a real extension host', function () {
  this.timeout(120_000);
  let api: KubeLabApi;
  let dir: string;
  const progress = () => {
    const l = api.lesson.lesson(dir);
    assert.ok(l.ok);
    const p = api.lesson.progress.of(l.value);
    return [p.done, p.total, p.pages];
  };

  before(async () => {
    api = (await vscode.extensions.getExtension<KubeLabApi>(EXTENSION_ID)?.activate()) as KubeLabApi;
    dir = mkdtempSync(join(tmpdir(), 'kubelab-checked-'));
    writeFileSync(
      join(dir, 'index.json'),
      JSON.stringify({
        title: 'Checked',
        details: {
          intro: { text: 'intro.md' },
          steps: [
            { title: 'Make it', text: 'step1.md', verify: 'verify.sh' },
            { title: 'Write it', text: 'step2.md' },
          ],
        },
        backend: { imageid: 'ubuntu' },
      }),
    );
    writeFileSync(join(dir, 'intro.md'), 'A lesson whose step checks itself.\n');
    writeFileSync(join(dir, 'step1.md'), 'Make the file:\n\n`touch made-by-step`{{execute}}\n');
    writeFileSync(
      join(dir, 'step2.md'),
      [
        'Write the app:',
        '<pre class="file" data-filename="/root/app/app.js" data-target="replace">',
        'console.log(&#x22;one&#x22;);',
        '#TODO',
        '</pre>',
        'Put the second line in place of the marker:',
        '<pre class="file" data-filename="app/app.js" data-target="insert" data-marker="#TODO">console.log(&#x22;two&#x22;);</pre>',
        'And a last one:',
        '<pre class="file" data-filename="~/app/app.js" data-target="append">console.log(&#x22;three&#x22;);',
        '</pre>',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'verify.sh'), '#!/bin/bash\ntest -f made-by-step || { echo "made-by-step is not there yet"; exit 1; }\n');
    await vscode.workspace.getConfiguration(SettingId.section).update(SettingId.lessonTrustedFolders, [dir], vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    for (const t of vscode.window.terminals.filter((x) => /^T\d$/.test(x.name))) t.dispose(); // the lesson's terminals, in this lesson's folder
    await vscode.workspace.getConfiguration(SettingId.section).update(SettingId.lessonTrustedFolders, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  it('Check fails before the step is done, passes after its command ran, counts in the progress, and Reset forgets it', async () => {
    const opened = (await vscode.commands.executeCommand(CommandId.lessonOpen, dir)) as { pages: unknown[] } | undefined;
    assert.equal(opened?.pages.length, 3);
    assert.deepEqual(progress(), [0, 1, []], 'one step can be done: the intro has nothing to run or check');

    const first = (await vscode.commands.executeCommand(CommandId.lessonCheck, dir, 1)) as CheckEvent;
    assert.equal(first.passed, false);
    assert.match(first.text, /^✗ Not yet \(exit code 1; verify\.sh passes when it ends with exit code 0\)\nmade-by-step is not there yet$/);

    const ran = (await vscode.commands.executeCommand(CommandId.lessonRun, dir, 1, 0)) as RunEvent;
    assert.equal(ran.outcome, 'ok', 'a folder in kubelab.lesson.trustedFolders runs its commands without asking');

    const second = (await vscode.commands.executeCommand(CommandId.lessonCheck, dir, 1)) as CheckEvent;
    assert.deepEqual([second.passed, second.text], [true, '✓ Check passed']);
    assert.deepEqual(progress(), [1, 1, [1]]);

    await vscode.commands.executeCommand(CommandId.lessonReset, dir);
    assert.deepEqual(progress(), [0, 1, []]);
  });

  it('Write to file: replaces, inserts in place of the marker and appends, in the working folder; never over unsaved edits', async () => {
    const l = api.lesson.lesson(dir);
    assert.ok(l.ok);
    const file = join(api.lesson.workFolder(l.value), 'app', 'app.js');
    const write = async (index: number) => ((await vscode.commands.executeCommand(CommandId.lessonRun, dir, 2, index)) as RunEvent).outcome;
    assert.equal(await write(0), 'written');
    assert.equal(readFileSync(file, 'utf8'), 'console.log("one");\n#TODO\n');
    assert.equal(await write(1), 'written');
    assert.equal(readFileSync(file, 'utf8'), 'console.log("one");\nconsole.log("two");\n');
    // The file is open (Write to file shows it): an unsaved edit there is never overwritten.
    const doc = await vscode.workspace.openTextDocument(file);
    // The editor picks up what was written on disk (a file watcher, a moment later).
    await until('the editor to show the file as written', async () => (doc.getText() === readFileSync(file, 'utf8') ? true : undefined), 10_000);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), '// mine\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(await write(2), 'error');
    assert.equal(readFileSync(file, 'utf8'), 'console.log("one");\nconsole.log("two");\n');
    await vscode.commands.executeCommand('workbench.action.files.revert', doc.uri);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(doc.isDirty, false);
    assert.equal(await write(2), 'written');
    assert.equal(readFileSync(file, 'utf8'), 'console.log("one");\nconsole.log("two");\nconsole.log("three");\n');
  });
});
