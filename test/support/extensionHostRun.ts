/**
 * Runs the test/vscode suite inside a real VS Code extension host (the VS Code
 * server from code-server, driven by headless Chromium) and returns the
 * suite's report. Used by scripts/test.mjs; the report file is how results
 * leave the extension host.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LayerReport } from './report';
import { launchChromium, repoRoot, startVscodeServer } from '../../tools/vscodeServer';

export async function runExtensionTests(opts: { stateDir: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<LayerReport> {
  rmSync(opts.stateDir, { recursive: true, force: true });
  mkdirSync(opts.stateDir, { recursive: true });
  const reportFile = join(opts.stateDir, 'report.json');
  const server = await startVscodeServer({ stateDir: opts.stateDir, env: { ...opts.env, KUBELAB_REPORT: reportFile } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const url = server.url({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'out', 'test', 'vscode', 'index.js'),
    });
    await page.goto(url);
    const deadline = Date.now() + (opts.timeoutMs ?? 10 * 60_000);
    while (!existsSync(reportFile)) {
      const exit = /Extension Host Process exited with code: (\d+)/.exec(server.output());
      if (exit && !existsSync(reportFile)) {
        await new Promise((r) => setTimeout(r, 500));
        if (!existsSync(reportFile))
          throw new Error(`the extension host exited (${exit[1]}) before the suite reported. Server log: ${join(opts.stateDir, 'server.log')}`);
      }
      if (Date.now() > deadline) throw new Error(`the extension test suite did not finish in time. Server log: ${join(opts.stateDir, 'server.log')}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    return JSON.parse(readFileSync(reportFile, 'utf8')) as LayerReport;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}
