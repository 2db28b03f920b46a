// `npm test`: installs what this machine lacks (scripts/setup, cached), builds,
// then runs lint, typecheck and the test layers: unit (mocha under Node), lab
// (against the real lab), vscode (inside a real VS Code extension host) and ui
// (Playwright on the real workbench). One lab serves every layer. Ends with
// one line of totals: `N passed, N failed, N skipped`. Exit code 1 on any failure.
// `node scripts/test.mjs unit vscode` runs only the named layers.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { ensureNodeModules } from './setup/npm.mjs';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
ensureNodeModules(root);
const require = createRequire(import.meta.url);
const all = ['lint', 'format', 'typecheck', 'unit', 'lab', 'vscode', 'ui'];
const asked = process.argv.slice(2).filter((a) => all.includes(a));
const layers = asked.length ? asked : all;
const needsLab = layers.some((l) => ['lab', 'vscode', 'ui'].includes(l));
const needsVscode = layers.some((l) => ['vscode', 'ui'].includes(l));
const results = mkdirSync('test-results', { recursive: true }) ?? 'test-results';
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status === 0;
}
/** Async, so the lab's supervisor in this process keeps running (and restarting) while tests run. */
function run(cmd, args, opts = {}) {
  return new Promise((res) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...opts });
    child.once('exit', (code) => res(code === 0));
    child.once('error', () => res(false));
  });
}
function step(name, fn) {
  console.log(`\n== ${name}`);
  return fn();
}
function gate(name, ok) {
  if (ok) totals.passed++;
  else {
    totals.failed++;
    failures.push(name);
  }
}
function addReport(layer, file) {
  if (!existsSync(file)) {
    gate(`${layer}: no report (the layer crashed before reporting)`, false);
    return;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += r.passed;
  totals.failed += r.failed;
  totals.skipped += r.skipped;
  for (const t of r.tests.filter((x) => x.state === 'failed')) failures.push(`${layer}: ${t.title}\n    ${t.error?.split('\n')[0] ?? ''}`);
  if (r.passed + r.failed + r.skipped === 0) gate(`${layer}: ran no test`, false);
}
async function mocha(layer, extraEnv = {}) {
  const file = join(results, `${layer}.json`);
  rmSync(file, { force: true });
  await step(`${layer} tests`, () =>
    run(
      process.execPath,
      [
        join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'),
        '--exit',
        '--reporter',
        'scripts/mocha-reporter.cjs',
        '--timeout',
        '60000',
        `out/test/${layer}/**/*.test.js`,
      ],
      {
        env: { ...process.env, ...extraEnv, KUBELAB_REPORT: resolve(file) },
      },
    ),
  );
  addReport(layer, file);
}

let setupOk = step('setup (installs only what is missing)', () => {
  let ok = sh('bash', ['scripts/setup/system.sh']);
  if (ok && needsVscode) ok = sh('bash', ['scripts/setup/vscode.sh'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (ok && needsLab) ok = sh('bash', ['scripts/lab/build.sh'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return ok;
});
gate('setup', setupOk);
const built = step('build', () => sh(process.execPath, ['scripts/build.mjs']));
gate('build', built);

if (setupOk && built) {
  if (layers.includes('lint'))
    gate(
      'lint (eslint)',
      step('lint', () => sh(process.execPath, [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.'])),
    );
  if (layers.includes('format'))
    gate(
      'format (prettier --check; npm run format fixes it)',
      step('format', () =>
        sh(process.execPath, [
          join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'),
          '--check',
          '--log-level',
          'warn',
          'src/**/*.ts',
          'test/**/*.ts',
          'tools/**/*.ts',
          'scripts/**/*.{mjs,cjs}',
          '*.mjs',
        ]),
      ),
    );
  if (layers.includes('typecheck'))
    gate(
      'typecheck (tsc --noEmit)',
      step('typecheck', () => sh(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.'])),
    );
  if (layers.includes('unit')) await mocha('unit');

  let lab;
  if (needsLab) {
    try {
      lab = await step('starting the lab', async () => {
        const { startLab } = await import('./lab/lab.mjs');
        const l = await startLab({ dir: join(root, '.lab-test'), reset: true, encrypt: 'secretbox' });
        console.log(`lab up in ${(l.info.startedInMs / 1000).toFixed(1)} s: ${l.info.apiserver}`);
        return l;
      });
      gate('lab start', true);
    } catch (e) {
      console.error(`the lab did not start: ${e.message}`);
      gate(`lab start: ${e.message.split('\n')[0]}`, false);
    }
  }
  const labEnv = lab ? { KUBELAB_LAB_FILE: join(lab.info.dir, 'lab.json') } : {};
  try {
    if (lab && layers.includes('lab')) await mocha('lab', labEnv);
    if (lab && layers.includes('vscode')) {
      // The suite writes its report into the server's state folder; a stale one must not count.
      const report = join(results, 'vscode', 'report.json');
      rmSync(report, { force: true });
      await step('vscode tests (real extension host)', async () => {
        const { runExtensionTests } = require(join(root, 'out/test/support/extensionHostRun.js'));
        try {
          const report = await runExtensionTests({ stateDir: resolve(results, 'vscode'), env: labEnv });
          for (const t of report.tests)
            console.log(
              `  ${t.state === 'passed' ? '✔' : t.state === 'failed' ? '✘' : '-'} ${t.title}${t.error ? `\n      ${t.error.split('\n').slice(0, 6).join('\n      ')}` : ''}`,
            );
          console.log(`  ${report.passed} passing, ${report.failed} failing`);
        } catch (e) {
          console.error(`  ${e.message}`);
        }
      });
      addReport('vscode', report);
    }
    if (lab && layers.includes('ui')) await mocha('ui', labEnv);
  } finally {
    if (lab) {
      await lab.stop();
      const left = lab.info.pids.filter(({ pid }) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      });
      gate(`lab stop: ${left.map((p) => p.name).join(', ')} still running`, left.length === 0);
    }
  }
}

if (failures.length) {
  console.log('\nFailures:');
  for (const f of failures) console.log(`  - ${f}`);
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
