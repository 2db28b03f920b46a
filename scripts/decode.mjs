// `npm run decode -- [--out DIR] FILE…` (or `-` for standard input): etcd values
// to the JSON the API server serves, with the code the etcd view uses
// (src/infra/k8sproto/cli.ts). Builds first when the build is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { ensureNodeModules } from './setup/npm.mjs';

const root = resolve(import.meta.dirname, '..');
ensureNodeModules(root);
const cli = join(root, 'out', 'src', 'infra', 'k8sproto', 'cli.js');
if (!existsSync(cli)) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
process.exitCode = createRequire(import.meta.url)(cli).main(process.argv.slice(2));
