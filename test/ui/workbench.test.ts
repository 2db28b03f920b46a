import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { kubeLabViewsShown, results, startWorkbench, type Workbench } from '../support/workbench';

describe('the KubeLab sidebar in a real VS Code workbench (Chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench | undefined;

  before(async () => {
    // No kubeconfig (a path that does not exist) and no lab (an empty $KUBELAB_LAB_FILE): the views show their welcome content.
    wb = await startWorkbench('ui-server', { KUBECONFIG: join(results, 'ui-server', 'no-kubeconfig'), KUBELAB_LAB_FILE: '' });
  });
  after(() => wb?.stop());

  it('opens the KubeLab container and shows the Cluster and etcd views with their welcome buttons', async () => {
    const page = await (wb as Workbench).openKubeLab();
    await kubeLabViewsShown(page);
    const sidebar = page.locator('#workbench\\.parts\\.sidebar');
    await sidebar.getByRole('button', { name: 'Choose kubeconfig…' }).waitFor({ timeout: 30_000 });
    await sidebar.getByRole('button', { name: 'Connect to etcd…' }).waitFor({ timeout: 30_000 });
    assert.ok(await sidebar.getByText('KubeLab shows the cluster as the API server serves it', { exact: false }).isVisible());
    await page.screenshot({ path: join(results, 'kubelab-sidebar.png') });
  });
});
