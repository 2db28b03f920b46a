import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { labInfo, type LabInfo } from '../support/lab';
import { repoRoot, type VscodeServer } from '../support/vscodeServer';
import { closeEditors, openKubeLab, openWorkbench, startWorkbench } from '../support/workbench';

const results = join(repoRoot, 'test-results');

/** A row of the Cluster tree by its label. */
const row = (page: Page, label: string) => page.locator('#workbench\\.parts\\.sidebar .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();

describe('Delete Pod via REST in the real workbench', function () {
  this.timeout(240_000);
  let lab: LabInfo;
  let server: VscodeServer;
  let browser: Browser;
  const kubectl = (...args: string[]) => execFileSync(join(lab.bin, 'kubectl'), ['--kubeconfig', lab.kubeconfig, ...args], { encoding: 'utf8', timeout: 120_000 });

  before(async () => {
    lab = labInfo();
    kubectl('delete', 'pod', 'hello-demo', '--ignore-not-found', '--wait=true');
    kubectl('create', '-f', join(lab.workspace, 'hello-service.json'));
    kubectl('wait', '--for=jsonpath={.status.phase}=Running', 'pod/hello-demo', '--timeout=60s');
    ({ server, browser } = await startWorkbench('ui-cluster-server', { KUBECONFIG: lab.kubeconfig }));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('expands to hello-demo Running, confirms the exact DELETE, and the pod disappears with a 404', async () => {
    const page = await openWorkbench(browser, server.url({ extensionDevelopmentPath: repoRoot }));
    await openKubeLab(page);
    await closeEditors(page);
    // Expand by the twistie: a click on an object's label opens its JSON instead.
    const expand = (label: string) => row(page, label).locator('.monaco-tl-twistie').click();
    await expand('Namespaces');
    await expand('default');
    await expand('pods');
    const pod = row(page, 'hello-demo');
    await pod.waitFor({ timeout: 30_000 });
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
    const uid = kubectl('get', 'pod', 'hello-demo', '-o', 'jsonpath={.metadata.uid}').trim();
    assert.ok(text.includes(uid), 'the body names the uid of the pod that was clicked');
    await page.screenshot({ path: join(results, 'kubelab-delete-confirm.png') });
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();

    await pod.waitFor({ state: 'detached', timeout: 90_000 });
    await page.locator('.notifications-toasts', { hasText: /hello-demo is gone: GET \/api\/v1\/namespaces\/default\/pods\/hello-demo now answers 404 Not Found/ }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(results, 'kubelab-deleted.png') });
    const after = execFileSync(join(lab.bin, 'kubectl'), ['--kubeconfig', lab.kubeconfig, 'get', 'pod', 'hello-demo', '--ignore-not-found', '-o', 'name'], { encoding: 'utf8' });
    assert.equal(after.trim(), '');
  });
});
