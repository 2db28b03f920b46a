import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labModule, type LabInfo } from '../support/lab';
import { LAB_SERVER_ARGS, markLabWorkspace, repoRoot } from '../../tools/vscodeServer';
import {
  closeEditors,
  etcdRow,
  openWorkbench,
  results,
  runCommand,
  screenshotWhenFailed,
  startWorkbench,
  type Workbench,
  togglePanes,
} from '../support/workbench';

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
    // As npm run lab -- --etcd-members 3 serves it (its own workspace: no trust prompt).
    wb = await startWorkbench('ui-etcd3-server', { KUBECONFIG: lab.kubeconfig, KUBELAB_LAB_FILE: join(lab.dir, 'lab.json') }, { args: LAB_SERVER_ARGS });
  });
  afterEach(screenshotWhenFailed(() => wb, 'ui-etcd3'));
  after(async () => {
    await wb?.stop();
    await stop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Stop Member on the leader offers Stop or Kill; killed, a new leader and term show by themselves; Start Member brings it back as a follower', async () => {
    const page = await (wb as Workbench).openKubeLab();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await togglePanes(page, /^Cluster/i);
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
    // Two ways down: SIGTERM as a kubelet stops a static pod, or SIGKILL as a crash (an election about a second later).
    assert.ok(await dialog.getByRole('button', { name: 'Stop Member', exact: true }).isVisible());
    await dialog.getByRole('button', { name: 'Kill Member (as a Crash)', exact: true }).click();
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

  it('the lesson "etcd as a cluster" from its own walkthrough: each step\'s button runs it in T1/T2 and the step is checked', async () => {
    // What npm run lab does: VS Code opens on the lab's workspace, marked for this start; a lab of three lands on this lesson.
    markLabWorkspace(lab.workspace, `ui-test-${Date.now()}`);
    const { server, browser } = wb as Workbench;
    const page = await openWorkbench(browser, server.url({ folder: lab.workspace, extensionDevelopmentPath: repoRoot }));
    await page.setViewportSize({ width: 1600, height: 1000 }); // the walkthrough's two columns
    await page.getByText('etcd as a cluster: members, a leader, an election').first().waitFor({ timeout: 60_000 });
    await page.locator('.getting-started-step.expanded', { hasText: 'Three members, one store' }).waitFor({ timeout: 30_000 });
    const steps = [
      'List the members',
      'Who leads: endpoint status',
      "Watch the cluster's writes",
      'Stop the leader: an election',
      'The cluster still serves',
      'Bring the member back',
      'Caught up: the same data on every member',
      'Clean up',
    ];
    for (const title of steps) {
      const step = page.locator('.getting-started-step', { hasText: title }).first();
      await step.click();
      await step.getByRole('button', { name: /^Run the step/ }).click();
      // Checked when its commands ended as the page expects and what it leaves behind holds (KubeLab asks the members).
      await step.locator('.codicon.complete').waitFor({ timeout: 90_000 });
      // Checked means: ./etcd-member stopped the leader and saw another elected (exit 0), etcdctl's status failed for
      // the stopped member only (exit 1, as the page expects), and two members answer with a leader of their own.
      if (title === 'Stop the leader: an election') await page.screenshot({ path: join(results, 'kubelab-lesson-etcd-cluster.png') });
    }
    // Closed, the palette opens it again, with its steps checked.
    await closeEditors(page);
    await runCommand(page, 'KubeLab: Open the Lesson "etcd as a Cluster"');
    await page.locator('.getting-started-step', { hasText: 'Clean up' }).locator('.codicon.complete').waitFor({ timeout: 30_000 });
  });
});
