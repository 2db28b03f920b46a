import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { labInfo, type LabInfo } from '../support/lab';
import { repoRoot, type VscodeServer } from '../support/vscodeServer';
import { closeEditors, openKubeLab, openWorkbench, startWorkbench } from '../support/workbench';

const results = join(repoRoot, 'test-results');
const etcdRow = (page: Page, label: string) =>
  page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^etcd/i }) }).locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[/.]/g, '\\$&')}$`) }) }).first();

describe('the etcd view in the real workbench', function () {
  this.timeout(240_000);
  let lab: LabInfo;
  let server: VscodeServer;
  let browser: Browser;

  before(async () => {
    lab = labInfo();
    const kubectl = (...args: string[]) => execFileSync(join(lab.bin, 'kubectl'), ['--kubeconfig', lab.kubeconfig, ...args], { encoding: 'utf8', timeout: 120_000 });
    kubectl('delete', 'pod', 'hello-demo', '--ignore-not-found', '--wait=true');
    kubectl('create', '-f', join(lab.workspace, 'hello-service.json'));
    ({ server, browser } = await startWorkbench('ui-etcd-server', { KUBECONFIG: lab.kubeconfig, KUBELAB_LAB_FILE: join(lab.dir, 'lab.json') }));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('connects to the lab etcd by itself and expands /registry/pods/default to hello-demo', async () => {
    const page = await openWorkbench(browser, server.url({ extensionDevelopmentPath: repoRoot }));
    await openKubeLab(page);
    await closeEditors(page);
    // Give the etcd view the room: collapse the Cluster view.
    await page.locator('.pane-header', { hasText: /^Cluster/i }).first().click();
    for (const segment of ['/', 'registry/', 'pods/', 'default/']) await etcdRow(page, segment).click();
    await etcdRow(page, 'hello-demo').waitFor({ timeout: 30_000 });
    await etcdRow(page, 'hello-demo').click();
    await page.locator('.monaco-editor .view-lines', { hasText: /key:.\/registry\/pods\/default\/hello-demo/ }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(results, 'kubelab-etcd.png') });
  });
});
