import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labModule, type LabInfo } from '../support/lab';
import { etcdRow, results, screenshotWhenFailed, startWorkbench, type Workbench } from '../support/workbench';

// Watching an election in the real workbench: a lab of three etcd members (npm run lab -- --etcd-members 3),
// its leader stopped from the Members list, a new leader elected, the member started again.
describe('etcd members in the real workbench', function () {
  this.timeout(300_000);
  let dir: string;
  let lab: LabInfo;
  let stop: () => Promise<void>;
  let wb: Workbench | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubelab-ui-etcd3-'));
    const l = await (await labModule()).startLab({ dir, etcdMembers: 3, log: () => undefined });
    lab = l.info;
    stop = l.stop;
    wb = await startWorkbench('ui-etcd3-server', { KUBECONFIG: lab.kubeconfig, KUBELAB_LAB_FILE: join(lab.dir, 'lab.json') });
  });
  afterEach(screenshotWhenFailed(() => wb, 'ui-etcd3'));
  after(async () => {
    await wb?.stop();
    await stop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Stop Member on the leader: a new leader and term show by themselves; Start Member brings it back as a follower', async () => {
    const page = await (wb as Workbench).openKubeLab();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page
      .locator('.pane-header', { hasText: /^Cluster/i })
      .first()
      .click();
    await etcdRow(page, 'Members').click();
    const description = (name: string) => etcdRow(page, name).locator('.label-description');
    const leaderRow = page.locator('.pane .monaco-list-row', { has: page.locator('.label-description', { hasText: /^leader · term \d+/ }) }).first();
    await leaderRow.waitFor({ timeout: 30_000 });
    const leader = (await leaderRow.locator('.label-name').innerText()).trim();
    const term = Number(/term (\d+)/.exec(await leaderRow.locator('.label-description').innerText())?.[1]);
    await page.screenshot({ path: join(results, 'kubelab-members.png') });

    await etcdRow(page, leader).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Stop Member' }).hover();
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), new RegExp(`Stop the lab's etcd member ${leader}\\?`));
    await dialog.getByRole('button', { name: 'Stop Member', exact: true }).click();
    // No click needed: the open list asks the members again, and shows the stopped one and the new leader.
    await description(leader)
      .filter({ hasText: /^stopped \(Start Member starts it\)$/ })
      .waitFor({ timeout: 30_000 });
    const next = page.locator('.pane .monaco-list-row', { has: page.locator('.label-description', { hasText: /^leader · term \d+/ }) }).first();
    await next.waitFor({ timeout: 30_000 });
    assert.notEqual((await next.locator('.label-name').innerText()).trim(), leader);
    assert.ok(Number(/term (\d+)/.exec(await next.locator('.label-description').innerText())?.[1]) > term, 'a new term: an election');
    // The entry's line follows: the new leader, one member down.
    await etcdRow(page, 'Members')
      .locator('.label-description', { hasText: /^3 members · leader controlplane(-\d)? · term \d+ · 1 down$/ })
      .waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(results, 'kubelab-members-election.png') });

    await etcdRow(page, leader).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Start Member' }).hover();
    await page.keyboard.press('Enter');
    await description(leader)
      .filter({ hasText: /^follower · term \d+/ })
      .waitFor({ timeout: 60_000 });
  });
});
