import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { LAB_SERVER_ARGS, launchChromium, markLabWorkspace, repoRoot, startVscodeServer, type VscodeServer } from '../../tools/vscodeServer';
import { labInfo } from '../support/lab';
import { openWorkbench, results } from '../support/workbench';

// What `npm run lab` opens (scripts/lab.mjs): the VS Code server with the lab's
// arguments, on the lab's workspace, marked for this start of the lab.
describe('npm run lab: VS Code opens on the lesson', function () {
  this.timeout(240_000);
  const lab = labInfo();
  const marker = join(lab.workspace, '.vscode', 'kubelab-lab.json');
  let server: VscodeServer | undefined;
  let browser: Browser | undefined;

  before(async () => {
    markLabWorkspace(lab.workspace, `ui-test-${Date.now()}`);
    const stateDir = join(results, 'ui-lab-server');
    rmSync(stateDir, { recursive: true, force: true });
    mkdirSync(join(stateDir, 'user-data', 'User'), { recursive: true });
    writeFileSync(join(stateDir, 'user-data', 'User', 'settings.json'), JSON.stringify({ 'terminal.integrated.gpuAcceleration': 'off' }));
    server = await startVscodeServer({ stateDir, args: LAB_SERVER_ARGS });
    browser = await launchChromium();
  });
  after(async () => {
    rmSync(marker, { force: true });
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });

  it('lands on the lesson: no trust prompt, no VS Code welcome, the KubeLab views shown and the walkthrough at its first step', async () => {
    const page = await openWorkbench(browser as Browser, (server as VscodeServer).url({ folder: lab.workspace, extensionDevelopmentPath: repoRoot }));
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.getByText('Inside Kubernetes: the API server and etcd').first().waitFor({ timeout: 60_000 });
    const first = page.locator('.getting-started-step.expanded', { hasText: 'Two terminals, one cluster' });
    await first.waitFor({ timeout: 30_000 });
    const sidebar = page.locator('#workbench\\.parts\\.sidebar');
    await sidebar.getByRole('button', { name: /^Cluster/ }).first().waitFor({ timeout: 30_000 });
    await sidebar.getByRole('button', { name: /^etcd/ }).first().waitFor({ timeout: 30_000 });
    assert.equal(await page.getByText('Do you trust the authors', { exact: false }).count(), 0, 'no workspace-trust prompt');
    assert.equal(await page.locator('.tabs-container .tab').count(), 1, 'only the lesson is open, no VS Code welcome page');
    await page.screenshot({ path: join(results, 'kubelab-lab-start.png') });
  });
});
