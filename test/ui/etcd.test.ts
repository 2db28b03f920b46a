import { join } from 'node:path';
import { kubectl, labInfo, recreateHelloDemo, type LabInfo } from '../support/lab';
import {
  closeEditors,
  editorShows,
  etcdRow,
  expandToPod,
  results,
  runCommand,
  screenshotWhenFailed,
  startWorkbench,
  waitForPanelText,
  type Workbench,
  togglePanes,
} from '../support/workbench';

describe('the etcd view in the real workbench', function () {
  this.timeout(240_000);
  let lab: LabInfo;
  let wb: Workbench | undefined;

  before(async () => {
    lab = labInfo();
    recreateHelloDemo(lab);
    wb = await startWorkbench('ui-etcd-server', { KUBECONFIG: lab.kubeconfig, KUBELAB_LAB_FILE: join(lab.dir, 'lab.json') });
  });
  afterEach(screenshotWhenFailed(() => wb, 'ui-etcd'));
  after(async () => {
    await wb?.stop();
    kubectl(lab, 'delete', 'pod', 'hello-demo', '--ignore-not-found', '--wait=false');
  });

  it('connects to the lab etcd by itself, opens /registry/pods/default/hello-demo decoded, and shows what a watch sees change', async () => {
    const page = await (wb as Workbench).openKubeLab();
    await page.setViewportSize({ width: 1600, height: 1000 });
    // Give the etcd view the room: collapse the Cluster view.
    await togglePanes(page, /^Cluster/i);
    for (const segment of ['/', 'registry/', 'pods/', 'default/']) await etcdRow(page, segment).click();
    await etcdRow(page, 'hello-demo').waitFor({ timeout: 30_000 });
    await etcdRow(page, 'hello-demo').click();
    await editorShows(page, /key:.\/registry\/pods\/default\/hello-demo/);
    await editorShows(page, /"kind":."Pod"/);
    await page.screenshot({ path: join(results, 'kubelab-etcd.png') });

    // Watch the namespace's pods, change the pod: the output names the field and both values.
    await etcdRow(page, 'default/').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Watch Prefix', exact: true }).hover();
    await page.keyboard.press('Enter');
    await waitForPanelText(page, /Watching \/registry\/pods\/default\//);
    kubectl(lab, 'label', 'pod', 'hello-demo', 'tier=web');
    await waitForPanelText(page, /metadata\.labels\.tier: ∅ → "web"/);
    await page.screenshot({ path: join(results, 'kubelab-etcd-watch.png') });
  });

  it('replays the store from an earlier revision: a past write shows again in the watch output, with what it changed', async () => {
    const page = await (wb as Workbench).openKubeLab();
    // The revision of the label written by the first test: replayed from there, etcd sends that write again.
    const rev = kubectl(lab, 'get', 'pod', 'hello-demo', '-o', 'jsonpath={.metadata.resourceVersion}').trim();
    await runCommand(page, 'KubeLab: Watch Prefix from Revision…');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 30_000 });
    await input.fill(rev);
    await page.keyboard.press('Enter');
    await waitForPanelText(page, new RegExp(`Replaying / from revision ${rev}`));
    // The replay starts with that write, and the whole store's events since follow it; the output
    // shows its last lines and Monaco renders only the lines in view: make the panel tall, go to
    // the top, and find the write right after the replay's first line (the live watch of the test
    // before printed the same write above it).
    await runCommand(page, 'View: Toggle Maximized Panel');
    await page.locator('.panel .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    await waitForPanelText(
      page,
      new RegExp(`Replaying / from revision ${rev}[\\s\\S]*rev ${rev} +PUT +/registry/pods/default/hello-demo[\\s\\S]*metadata\\.labels\\.tier: ∅ → "web"`),
    );
  });

  it('goes from the pod in the Cluster view to its etcd key with Show in etcd', async () => {
    const page = await (wb as Workbench).openKubeLab();
    const header = page.locator('.pane-header', { hasText: /^Cluster/i }).first();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click(); // the first test collapsed it
    const pod = await expandToPod(page, 'default', 'hello-demo');
    await pod.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Show in etcd' }).hover();
    await page.keyboard.press('Enter');
    await editorShows(page, /key:.\/registry\/pods\/default\/hello-demo/);
    await editorShows(page, /"tier":."web"/);
  });

  // The test lab encrypts Secrets at rest with secretbox (scripts/test.mjs), as `npm run lab -- --encrypt secretbox` does.
  it('shows a Secret encrypted at rest laid out, then Decrypt and Reveal in the title bar show its data', async () => {
    const page = await (wb as Workbench).openKubeLab();
    const value = 'ui-s3cr3t-at-rest';
    kubectl(lab, 'delete', 'secret', 'ui-encrypted', '--ignore-not-found');
    kubectl(lab, 'create', 'secret', 'generic', 'ui-encrypted', `--from-literal=password=${value}`);
    try {
      await closeEditors(page);
      // The etcd view with room (a new page restores the views' state: the Cluster view open, folders expanded).
      await page.setViewportSize({ width: 1600, height: 1000 });
      const cluster = page.locator('.pane-header', { hasText: /^Cluster/i }).first();
      if ((await cluster.getAttribute('aria-expanded')) === 'true') await cluster.click();
      const expanded = async (label: string) => (await etcdRow(page, label).getAttribute('aria-expanded', { timeout: 10_000 })) === 'true';
      for (const segment of ['/', 'registry/']) if (!(await expanded(segment))) await etcdRow(page, segment).click();
      // One default/ row in view: the pods' (opened by the first test) folded away.
      if ((await etcdRow(page, 'pods/').count()) > 0 && (await expanded('pods/'))) await etcdRow(page, 'pods/').click();
      for (const segment of ['secrets/', 'default/']) await etcdRow(page, segment).click();
      await etcdRow(page, 'ui-encrypted').click();
      await editorShows(page, /encrypted.at.rest.by.the.secretbox.provider.with.key.key\d+/);
      await editorShows(page, /After.the.prefix:.nonce.24.B.·.Poly1305.tag.16.B.·.ciphertext.\d+.B/);
      await page.screenshot({ path: join(results, 'kubelab-encrypted.png') });

      await page.getByRole('button', { name: 'Decrypt (Encryption at Rest)' }).click();
      await editorShows(page, /Decrypted.in.memory.with.secretbox.key.key\d+/);
      await editorShows(page, /"password":."<hidden:.17.bytes>"/);
      await page.getByRole('button', { name: 'Reveal Secret Data' }).click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 15_000 });
      await dialog.getByRole('button', { name: 'Show Secret Data' }).click();
      await editorShows(page, new RegExp(`"password":."${Buffer.from(value).toString('base64')}"`));
      await page.screenshot({ path: join(results, 'kubelab-decrypted.png') });
    } finally {
      kubectl(lab, 'delete', 'secret', 'ui-encrypted', '--ignore-not-found');
    }
  });
});
