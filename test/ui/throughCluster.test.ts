import { join } from 'node:path';
import { kubectl, labInfo, recreateHelloDemo, type LabInfo } from '../support/lab';
import { editorShows, etcdRow, results, startWorkbench, togglePanes, type Workbench } from '../support/workbench';

describe('Connect Through the Cluster in the real workbench', function () {
  this.timeout(240_000);
  let lab: LabInfo;
  let wb: Workbench | undefined;

  before(async () => {
    lab = labInfo();
    recreateHelloDemo(lab);
    // A fresh window with only a kubeconfig: no lab file, no etcd settings, no certificate files.
    wb = await startWorkbench('ui-through-server', { KUBECONFIG: lab.kubeconfig, KUBELAB_LAB_FILE: '' });
  });
  after(async () => {
    await wb?.stop();
    kubectl(lab, 'delete', 'pod', 'hello-demo', '--ignore-not-found', '--wait=false');
  });

  it("clicks the etcd view's Connect Through the Cluster, expands to the hello-demo key and opens it decoded", async () => {
    const page = await (wb as Workbench).openKubeLab();
    await page.setViewportSize({ width: 1600, height: 1000 });
    const sidebar = page.locator('#workbench\\.parts\\.sidebar');
    await sidebar.getByRole('button', { name: 'Connect Through the Cluster' }).click({ timeout: 30_000 });
    await sidebar.locator('.pane-header', { hasText: /through the cluster, pod etcd-controlplane/ }).waitFor({ timeout: 30_000 });
    await togglePanes(page, /^Cluster/i);
    for (const segment of ['/', 'registry/', 'pods/', 'default/']) await etcdRow(page, segment).click();
    await etcdRow(page, 'hello-demo').click();
    await editorShows(page, /key:.\/registry\/pods\/default\/hello-demo/);
    await editorShows(page, /"kind":."Pod"/);
    await page.screenshot({ path: join(results, 'kubelab-etcd-through-cluster.png') });
  });
});
