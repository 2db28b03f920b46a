import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { closeEditors, openKubeLab, openWorkbench, startWorkbench } from '../support/workbench';
import { repoRoot, type VscodeServer } from '../support/vscodeServer';

const results = join(repoRoot, 'test-results');

describe('the KubeLab sidebar in a real VS Code workbench (Chromium)', function () {
  this.timeout(180_000);
  let server: VscodeServer;
  let browser: Browser;

  before(async () => {
    // No kubeconfig (a path that does not exist): the views show their welcome content.
    ({ server, browser } = await startWorkbench('ui-server', { KUBECONFIG: join(results, 'ui-server', 'no-kubeconfig') }));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the KubeLab container and shows the Cluster and etcd views with their welcome buttons', async () => {
    const page = await openWorkbench(browser, server.url({ extensionDevelopmentPath: repoRoot }));
    await openKubeLab(page);
    const sidebar = page.locator('#workbench\\.parts\\.sidebar');
    await sidebar.getByRole('button', { name: /^Cluster/ }).first().waitFor({ timeout: 30_000 });
    await sidebar.getByRole('button', { name: /^etcd/ }).first().waitFor({ timeout: 30_000 });
    await sidebar.getByRole('button', { name: 'Choose kubeconfig…' }).waitFor({ timeout: 30_000 });
    await sidebar.getByRole('button', { name: 'Connect to etcd…' }).waitFor({ timeout: 30_000 });
    assert.ok(await sidebar.getByText('KubeLab shows the cluster as the API server serves it', { exact: false }).isVisible());
    await closeEditors(page);
    await page.screenshot({ path: join(results, 'kubelab-sidebar.png') });
  });
});
