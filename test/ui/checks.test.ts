import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { labInfo } from '../support/lab';
import { results, runCommand, screenshotWhenFailed, startWorkbench, type Workbench } from '../support/workbench';

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
    writeFileSync(
      join(dir, 'index.json'),
      JSON.stringify({ title: 'Consent', details: { steps: [{ title: 'Make it', text: 'step1.md', verify: 'verify.sh' }] } }),
    );
    writeFileSync(join(dir, 'step1.md'), 'Make the file:\n\n`touch made-by-step`{{execute}}\n');
    writeFileSync(join(dir, 'verify.sh'), '#!/bin/bash\n# checks that the step made its file\ntest -f made-by-step || { echo "not made yet"; exit 1; }\n');
    wb = await startWorkbench('ui-consent-server', { KUBECONFIG: labInfo().kubeconfig });
  });
  afterEach(screenshotWhenFailed(() => wb, 'kubelab-lesson-consent'));
  after(async () => {
    await wb?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Check asks first, showing the script; Run Once: not yet; the step run, Allow This Folder: passed, 1 of 1 done', async () => {
    const page = await (wb as Workbench).openKubeLab();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await runCommand(page, 'KubeLab: Open Lesson Folder (Katacoda)…');
    // VS Code's own folder dialog in the browser: type the path, go into it, accept it.
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 30_000 });
    await input.fill(`${dir}/`);
    await page.keyboard.press('Enter'); // into the folder, or (the dialog's own choice) straight to accepting it
    const check = lessonPage(page).getByRole('link', { name: '✔ Check' });
    const dialogOpen = () => page.locator('.quick-input-widget').isVisible();
    // Inside it (a folder with no folders lists only ".."), not where a slow completion left the input;
    // unless the Enter took the folder already and the lesson is open.
    const entered = async () =>
      (await input.inputValue()) === `${dir}/` && (await page.locator('.quick-input-list .monaco-list-row', { hasText: /^\.\.$/ }).isVisible());
    const opened = async () => !(await dialogOpen()) && (await check.isVisible());
    for (let i = 0; i < 120 && !(await entered()) && !(await opened()); i++) await page.waitForTimeout(250);
    assert.ok((await entered()) || (await opened()), `the dialog is in ${dir}/, or it took the folder`);
    // The accept button can be redrawn under the click while the dialog settles: click until the dialog closes.
    for (let i = 0; i < 20 && (await dialogOpen()); i++) {
      await page
        .locator('.quick-input-widget')
        .getByRole('button', { name: 'Open Lesson' })
        .click({ timeout: 2_000 })
        .catch(() => undefined);
      await page.waitForTimeout(500);
    }
    assert.equal(await dialogOpen(), false, 'the folder dialog took the folder');
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
