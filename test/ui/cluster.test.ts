import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { kubectl, labInfo, recreateHelloDemo, type LabInfo } from '../support/lab';
import { editorShows, expandToPod, results, screenshotWhenFailed, startWorkbench, togglePanes, type Workbench } from '../support/workbench';

describe('Delete Pod via REST in the real workbench', function () {
  this.timeout(240_000);
  let lab: LabInfo;
  let wb: Workbench | undefined;

  before(async () => {
    lab = labInfo();
    recreateHelloDemo(lab, true);
    wb = await startWorkbench('ui-cluster-server', { KUBECONFIG: lab.kubeconfig, KUBELAB_LAB_FILE: join(lab.dir, 'lab.json') });
  });
  afterEach(screenshotWhenFailed(() => wb, 'ui-cluster'));
  after(() => wb?.stop());

  it('expands to hello-demo Running, confirms the exact DELETE, and the pod disappears with a 404', async () => {
    const page = await (wb as Workbench).openKubeLab();
    const pod = await expandToPod(page, 'default', 'hello-demo');
    await pod.locator('.label-description', { hasText: /Running 1\/1/ }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(results, 'kubelab-cluster.png') });

    await pod.click({ button: 'right' });
    // VS Code's context menu acts on the focused item: select it, then Enter.
    await page.getByRole('menuitem', { name: 'Delete Pod via REST' }).hover();
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    const text = await dialog.innerText();
    assert.match(text, /DELETE \/api\/v1\/namespaces\/default\/pods\/hello-demo/);
    assert.match(text, /"preconditions"/);
    const uid = kubectl(lab, 'get', 'pod', 'hello-demo', '-o', 'jsonpath={.metadata.uid}').trim();
    assert.ok(text.includes(uid), 'the body names the uid of the pod that was clicked');
    await page.screenshot({ path: join(results, 'kubelab-delete-confirm.png') });
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();

    await pod.waitFor({ state: 'detached', timeout: 90_000 });
    await page
      .locator('.notifications-toasts', { hasText: /hello-demo is gone: GET \/api\/v1\/namespaces\/default\/pods\/hello-demo now answers 404 Not Found/ })
      .waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(results, 'kubelab-deleted.png') });
    const after = kubectl(lab, 'get', 'pod', 'hello-demo', '--ignore-not-found', '-o', 'name');
    assert.equal(after.trim(), '');

    // Then the Requests view shows the pod's requests from the audit log, newest first: this DELETE
    // (sent by KubeLab), above it the kubelet's final one (kwok); ours opens with the etcd revision it made.
    await togglePanes(page, /^Cluster/i, /^etcd/i); // room for it
    const requests = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^Requests/i }) });
    const row = (sent: string) =>
      requests.locator('.monaco-list-row', { hasText: new RegExp(`DELETE /api/v1/namespaces/default/pods/hello-demo.*200 · ${sent} · delete`) }).first();
    const final = row('the kubelet of controlplane · kwok');
    await final.waitFor({ timeout: 30_000 });
    const ours = row('you \\(kubernetes-admin\\) · kubelab');
    await ours.waitFor({ timeout: 30_000 });
    const index = async (l: typeof ours) => Number(await l.getAttribute('data-index'));
    assert.ok((await index(final)) < (await index(ours)), 'the final delete is newer: above ours');
    await page.screenshot({ path: join(results, 'kubelab-requests.png') });
    // The view redraws as the audit log grows (the lab keeps writing): a click on a row being redrawn
    // can miss, so click again until the request's document is open.
    const opened = () => editorShows(page, /DELETE.\/api\/v1\/namespaces\/default\/pods\/hello-demo/);
    for (let attempt = 1; ; attempt++) {
      await ours.click();
      const ok = await page
        .locator('.monaco-editor .view-lines', { hasText: /DELETE.\/api\/v1\/namespaces\/default\/pods\/hello-demo/ })
        .first()
        .waitFor({ timeout: 10_000 })
        .then(() => true)
        .catch(() => false);
      if (ok || attempt === 3) break;
    }
    await opened();
    await editorShows(page, /etcd.revision.\d+:/);
  });
});
