import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { labInfo } from '../support/lab';
import { LAB_SERVER_ARGS, repoRoot } from '../../tools/vscodeServer';
import { openWorkbench, results, screenshotWhenFailed, startWorkbench, type Workbench } from '../support/workbench';

/** The lesson page of a folder the user opened: a webview, an iframe holding the active frame. */
const lessonPage = (page: Page) => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

// The consent a lesson folder's scripts need, clicked in the real workbench: the dialog shows the
// script, Run Once runs it, and the lesson page shows what the check found.
describe("a lesson folder's verify script in the real workbench", function () {
  this.timeout(240_000);
  let wb: Workbench | undefined;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubelab-consent-'));
    const lesson = join(dir, 'consent');
    mkdirSync(lesson);
    writeFileSync(
      join(lesson, 'index.json'),
      JSON.stringify({ title: 'Consent', details: { steps: [{ title: 'Make it', text: 'step1.md', verify: 'verify.sh' }] } }),
    );
    writeFileSync(join(lesson, 'step1.md'), 'Make the file:\n\n`touch made-by-step`{{execute}}\n');
    writeFileSync(join(lesson, 'verify.sh'), '#!/bin/bash\n# checks that the step made its file\ntest -f made-by-step || { echo "not made yet"; exit 1; }\n');
    // A folder of scenarios opened in VS Code, as a user who cloned them would (trusted: no prompt in the way).
    wb = await startWorkbench('ui-consent-server', { KUBECONFIG: labInfo().kubeconfig }, { args: LAB_SERVER_ARGS });
  });
  afterEach(screenshotWhenFailed(() => wb, 'kubelab-lesson-consent'));
  after(async () => {
    await wb?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Check asks first, showing the script; Run Once: not yet; the step run, Allow This Folder: passed, 1 of 1 done', async () => {
    const { server, browser } = wb as Workbench;
    const page = await openWorkbench(browser, server.url({ folder: dir, extensionDevelopmentPath: repoRoot }));
    await page.setViewportSize({ width: 1600, height: 1000 });
    // Right-click the lesson's folder in the Explorer: Open as KubeLab Lesson.
    await page.keyboard.press('Control+Shift+E');
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^consent$/ }).first();
    await row.waitFor({ timeout: 60_000 });
    // The menu holds KubeLab's item once the workbench has read the extension's manifest (late under load):
    // open it again until it does.
    const item = page.getByRole('menuitem', { name: 'Open as KubeLab Lesson (Katacoda)' });
    for (let i = 0; i < 12; i++) {
      await row.click({ button: 'right' });
      if (
        await item.waitFor({ timeout: 5_000 }).then(
          () => true,
          () => false,
        )
      )
        break;
      await page.keyboard.press('Escape');
    }
    await item.hover();
    await page.keyboard.press('Enter');
    const check = lessonPage(page).getByRole('link', { name: '✔ Check' });
    await check.waitFor({ timeout: 60_000 });
    await check.click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.getByText('Run scripts of the lesson "Consent"?').waitFor({ timeout: 30_000 });
    await dialog.getByText('# checks that the step made its file', { exact: false }).waitFor({ timeout: 5_000 });
    await page.screenshot({ path: join(results, 'kubelab-lesson-consent.png') });
    await dialog.getByRole('button', { name: 'Run Once' }).click();
    await lessonPage(page)
      .getByText(/✗ Not yet \(exit code 1; verify\.sh passes when it ends with exit code 0\)/)
      .waitFor({ timeout: 30_000 });
    await lessonPage(page).getByText('not made yet').waitFor({ timeout: 5_000 });
    await lessonPage(page).getByText('0 of 1 steps done').waitFor({ timeout: 5_000 });

    // Run the step's command (confirmed, as every command of an opened folder), then Check again:
    // Run Once was for once, so it asks again; Allow This Folder, and the check passes.
    await lessonPage(page).getByRole('link', { name: '▶ Run in T1' }).click();
    await dialog.getByText('touch made-by-step', { exact: false }).waitFor({ timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    await lessonPage(page).getByText('✓', { exact: true }).first().waitFor({ timeout: 60_000 });
    await check.click();
    await dialog.getByText('Run scripts of the lesson "Consent"?').waitFor({ timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Allow This Folder' }).click();
    await lessonPage(page).getByText('✓ Check passed').waitFor({ timeout: 30_000 });
    await lessonPage(page).getByText('1 of 1 steps done').waitFor({ timeout: 5_000 });
    await page.screenshot({ path: join(results, 'kubelab-lesson-checked.png') });
    // Allowed for the folder: the next Check runs without asking.
    await check.click();
    await lessonPage(page).getByText('✓ Check passed').waitFor({ timeout: 30_000 });
    assert.equal(await dialog.count(), 0, 'no dialog the second time');
  });
});
