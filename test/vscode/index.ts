/**
 * The extension-test entry (the @vscode/test-electron contract: a module that
 * exports `run()`), loaded by a real VS Code extension host: code-server's in
 * CI (scripts/test.mjs), desktop VS Code under `npm run test:electron`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import KubeLabReporter from '../support/report';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60_000,
    color: false,
    reporter: KubeLabReporter as unknown as string,
    reporterOptions: { output: process.env.KUBELAB_REPORT },
  });
  for (const f of readdirSync(__dirname)
    .filter((n) => n.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension test(s) failed`)) : resolve()));
  });
}
