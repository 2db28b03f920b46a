import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { kubectl, labInfo, recreateHelloDemo, type LabInfo } from '../support/lab';
import { editorShows, expandToPod, results, screenshotWhenFailed, startWorkbench, togglePanes, type Workbench } from '../support/workbench';

describe('the History view in the real workbench', function () {
  this.timeout(240_000);
  let lab: LabInfo;
  let wb: Workbench | undefined;

  before(async () => {
    lab = labInfo();
    recreateHelloDemo(lab, true);
    wb = await startWorkbench('ui-history-server', { KUBECONFIG: lab.kubeconfig, KUBELAB_LAB_FILE: join(lab.dir, 'lab.json') });
  });
  afterEach(screenshotWhenFailed(() => wb, 'kubelab-history'));
  after(async () => {
    await wb?.stop();
    kubectl(lab, 'delete', 'pod', 'hello-demo', '--ignore-not-found', '--wait=false');
  });

  it('from hello-demo in the Cluster view: Show History, open a version, Compare with Previous shows spec.nodeName added', async () => {
    const page = await (wb as Workbench).openKubeLab();
    await page.setViewportSize({ width: 1600, height: 1000 });
    const pod = await expandToPod(page, 'default', 'hello-demo');
    await pod.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Show History', exact: true }).hover();
    await page.keyboard.press('Enter');

    // Room for the History view: fold the Cluster and etcd views.
    await togglePanes(page, /^Cluster/i, /^etcd/i); // room for it
    // The row of the scheduler's binding: written through pods/binding, spec.nodeName set.
    const history = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^History/i }) });
    const bound = history.locator('.monaco-list-row', { hasText: /pods\/binding · spec\.nodeName: ∅ → "controlplane"/ }).first();
    await bound.waitFor({ timeout: 30_000 });
    const rev = (await bound.locator('.label-name').innerText()).replace(/^rev /, '').trim();
    assert.match(rev, /^\d+$/);
    await history
      .locator('.monaco-list-row', { hasText: /created/ })
      .first()
      .waitFor();
    await page.screenshot({ path: join(results, 'kubelab-history.png') });

    // A click opens the pod as it was at that revision.
    await bound.click();
    await editorShows(page, new RegExp(`mod_revision.${rev}\\b`));

    await bound.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Compare with Previous', exact: true }).hover();
    await page.keyboard.press('Enter');
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ timeout: 30_000 });
    await page.locator('.tab.active', { hasText: new RegExp(`hello-demo: rev \\d+ ↔ rev ${rev}`) }).waitFor({ timeout: 30_000 });
    // Step through the changes (Alt+F5: the header's counters come first) to the one that adds spec.nodeName.
    const added = diff.locator('.editor.modified .view-line', { hasText: /"nodeName":."controlplane"/ });
    await diff.locator('.editor.modified .view-lines').click();
    for (let i = 0; i < 6 && !(await added.count()); i++) {
      await page.keyboard.press('Alt+F5');
      await page.waitForTimeout(300);
    }
    await added.first().waitFor({ timeout: 10_000 });
    assert.equal(await diff.locator('.editor.original .view-line', { hasText: /"nodeName"/ }).count(), 0, 'the version before it has no nodeName');
    await page.screenshot({ path: join(results, 'kubelab-history-compare.png') });
  });
});
