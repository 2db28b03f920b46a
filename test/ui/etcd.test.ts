import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { labInfo, recreateHelloDemo, type LabInfo } from '../support/lab';
import { results, startWorkbench, type Workbench } from '../support/workbench';
const etcdRow = (page: Page, label: string) =>
  page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^etcd/i }) }).locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[/.]/g, '\\$&')}$`) }) }).first();

describe('the etcd view in the real workbench', function () {
  this.timeout(240_000);
  let lab: LabInfo;
  let wb: Workbench | undefined;

  before(async () => {
    lab = labInfo();
    recreateHelloDemo(lab);
    wb = await startWorkbench('ui-etcd-server', { KUBECONFIG: lab.kubeconfig, KUBELAB_LAB_FILE: join(lab.dir, 'lab.json') });
  });
  after(() => wb?.stop());

  it('connects to the lab etcd by itself and expands /registry/pods/default to hello-demo', async () => {
    const page = await (wb as Workbench).openKubeLab();
    // Give the etcd view the room: collapse the Cluster view.
    await page.locator('.pane-header', { hasText: /^Cluster/i }).first().click();
    for (const segment of ['/', 'registry/', 'pods/', 'default/']) await etcdRow(page, segment).click();
    await etcdRow(page, 'hello-demo').waitFor({ timeout: 30_000 });
    await etcdRow(page, 'hello-demo').click();
    await page.locator('.monaco-editor .view-lines', { hasText: /key:.\/registry\/pods\/default\/hello-demo/ }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(results, 'kubelab-etcd.png') });
  });
});
