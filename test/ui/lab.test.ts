import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_SERVER_ARGS, markLabWorkspace, repoRoot } from '../../tools/vscodeServer';
import { labInfo } from '../support/lab';
import { kubeLabViewsShown, openWorkbench, results, startWorkbench, type Workbench } from '../support/workbench';

// What `npm run lab` opens (scripts/lab.mjs): the VS Code server with the lab's
// arguments, on the lab's workspace, marked for this start of the lab.
describe('npm run lab: VS Code opens on the lesson', function () {
  this.timeout(240_000);
  const lab = labInfo();
  let wb: Workbench | undefined;

  before(async () => {
    markLabWorkspace(lab.workspace, `ui-test-${Date.now()}`);
    wb = await startWorkbench('ui-lab-server', undefined, { args: LAB_SERVER_ARGS });
  });
  after(async () => {
    rmSync(join(lab.workspace, '.vscode', 'kubelab-lab.json'), { force: true });
    await wb?.stop();
  });

  it('lands on the lesson: no trust prompt, no VS Code welcome, the KubeLab views shown and the walkthrough at its first step', async () => {
    const { server, browser } = wb as Workbench;
    const page = await openWorkbench(browser, server.url({ folder: lab.workspace, extensionDevelopmentPath: repoRoot }));
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.getByText('Inside Kubernetes: the API server and etcd').first().waitFor({ timeout: 60_000 });
    await page.locator('.getting-started-step.expanded', { hasText: 'Two terminals, one cluster' }).waitFor({ timeout: 30_000 });
    await kubeLabViewsShown(page);
    assert.equal(await page.getByText('Do you trust the authors', { exact: false }).count(), 0, 'no workspace-trust prompt');
    assert.equal(await page.locator('.tabs-container .tab').count(), 1, 'only the lesson is open, no VS Code welcome page');
    await page.screenshot({ path: join(results, 'kubelab-lab-start.png') });
  });
});
