import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { openKubeLab, openWorkbench, runCommand, waitForPanelText } from '../support/workbench';
import { launchChromium, repoRoot, runServerCli, startVscodeServer, type VscodeServer } from '../../tools/vscodeServer';

// What a user installs: `npm run package` makes the VSIX, the test VS Code
// installs it like any extension, and KubeLab activates there.
describe('the packaged VSIX', function () {
  this.timeout(240_000);
  const stateDir = join(repoRoot, 'test-results', 'vsix-server');
  let server: VscodeServer;
  let browser: Browser;
  let vsix: string;

  before(async () => {
    rmSync(stateDir, { recursive: true, force: true });
    mkdirSync(stateDir, { recursive: true });
    const r = spawnSync(process.execPath, ['scripts/package.mjs', '--out', stateDir], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    vsix = join(stateDir, readdirSync(stateDir).find((f) => f.endsWith('.vsix')) ?? 'missing.vsix');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    // The production build replaced dist/ with a minified bundle; rebuild for the other layers.
    spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot });
  });

  it('installs into the test VS Code and activates there: its log says so', async () => {
    const out = await runServerCli(stateDir, ['--install-extension', vsix]);
    assert.match(out, /kubelab\.kubelab.*successfully installed|successfully installed/i);
    server = await startVscodeServer({ stateDir });
    browser = await launchChromium();
    const page = await openWorkbench(browser, server.url({}));
    await openKubeLab(page);
    await page.locator('#workbench\\.parts\\.sidebar').getByRole('button', { name: 'Connect to etcd…' }).waitFor({ timeout: 30_000 });
    await runCommand(page, 'KubeLab: Show Log');
    await waitForPanelText(page, /KubeLab activated in \d+(\.\d+)? ms/);
  });
});
