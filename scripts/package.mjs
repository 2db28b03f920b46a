// `npm run package`: a minified production bundle, then a VSIX made by
// @vscode/vsce. The bundle carries every dependency, so node_modules stays
// out (.vscodeignore). Prints the VSIX path; `--out DIR` picks the folder.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const outArg = process.argv.indexOf('--out');
const outDir = outArg >= 0 ? resolve(process.argv[outArg + 1]) : root;
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(outDir, `${name}-${version}.vsix`);
mkdirSync(outDir, { recursive: true });

const run = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(['scripts/build.mjs', '--production']);
run([
  require.resolve('@vscode/vsce/vsce'),
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--skip-license',
  '--no-rewrite-relative-links',
  '-o',
  vsix,
]);
console.log(`${vsix} (${(statSync(vsix).size / 1024).toFixed(1)} KiB)`);
