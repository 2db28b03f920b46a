// `npm run test:electron`: the test/vscode suite under @vscode/test-electron,
// in desktop VS Code, for a machine with internet (it downloads VS Code).
// CI runs the same suite in the VS Code server instead (scripts/test.mjs).
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ensureNodeModules } from './setup/npm.mjs';

const root = resolve(import.meta.dirname, '..');
ensureNodeModules(root);
const { runTests } = await import('@vscode/test-electron');
const { startLab } = await import('./lab/lab.mjs');

if (spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
const lab = await startLab({ dir: join(root, '.lab-test'), reset: true });
let code = 1;
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'vscode', 'index.js'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { KUBELAB_LAB_FILE: join(lab.info.dir, 'lab.json') },
  });
  code = 0;
} catch (e) {
  console.error(`extension tests failed: ${e.message}`);
} finally {
  await lab.stop();
}
process.exit(code);
