// `npm run lab`, the main job: starts the lab (a real control plane on
// loopback) and VS Code (web) with KubeLab installed from a fresh VSIX and its
// settings pointed at the lab, then prints the address to open and what a
// terminal needs. Ctrl+C stops everything. `npm run lab -- --reset` starts
// from a clean store; `--port N` picks VS Code's port (default 8090 or free);
// `--etcd-compaction-interval 5m` compacts etcd as a real cluster does (the lab: 1h, so history stays);
// `--encrypt aescbc|aesgcm|secretbox` encrypts Secrets at rest (scripts/lab/encryption.mjs);
// `--etcd-members 3` runs etcd as a cluster of three members (1 by default).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { ensureNodeModules } from './setup/npm.mjs';
import { defaultLabDir, shellExports, startLab } from './lab/lab.mjs';
import { PROVIDERS } from './lab/encryption.mjs';
import { portFree, freePort } from './lab/proc.mjs';

const root = resolve(import.meta.dirname, '..');
ensureNodeModules(root);
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const say = (m) => console.error(`kubelab: ${m}`);
const encrypt = args.indexOf('--encrypt');
if (encrypt >= 0 && !PROVIDERS.includes(args[encrypt + 1])) {
  say(`--encrypt takes one of ${PROVIDERS.join(', ')}${args[encrypt + 1] ? `, not ${args[encrypt + 1]}` : ''}`);
  process.exit(2);
}
const membersArg = args.indexOf('--etcd-members');
const etcdMembers = membersArg >= 0 ? Number(args[membersArg + 1]) : 1;
if (!Number.isInteger(etcdMembers) || etcdMembers < 1 || etcdMembers > 7) {
  say(`--etcd-members takes a number of members from 1 to 7 (3 or 5 as in production)${membersArg >= 0 ? `, not ${args[membersArg + 1] ?? 'nothing'}` : ''}`);
  process.exit(2);
}
const must = (cmd, a, what) => {
  const r = spawnSync(cmd, a, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    say(`${what} failed (exit ${r.status}); see the messages above.`);
    process.exit(1);
  }
};

must('bash', ['scripts/setup/system.sh'], 'installing Debian packages');
must('bash', ['scripts/setup/vscode.sh'], 'installing the VS Code server');
must(process.execPath, ['scripts/build.mjs'], 'building the test helpers');

const labDir = defaultLabDir();
const vscodeState = join(labDir, 'vscode');
const vsixDir = join(labDir, 'vsix');
rmSync(vsixDir, { recursive: true, force: true });
mkdirSync(vsixDir, { recursive: true });
must(process.execPath, ['scripts/package.mjs', '--out', vsixDir], 'packaging KubeLab');
const vsix = join(
  vsixDir,
  readdirSync(vsixDir).find((f) => f.endsWith('.vsix')),
);

const { LAB_SERVER_ARGS, markLabWorkspace, runServerCli, startVscodeServer } = require(join(root, 'out/tools/vscodeServer.js'));
await runServerCli(vscodeState, ['--install-extension', vsix, '--force']);

say('starting the lab (a first start on a new machine builds Kubernetes from source first)');
const compaction = args.indexOf('--etcd-compaction-interval');
const lab = await startLab({
  dir: labDir,
  reset: args.includes('--reset'),
  ...(compaction >= 0 ? { compactionInterval: args[compaction + 1] } : {}),
  ...(encrypt >= 0 ? { encrypt: args[encrypt + 1] } : {}),
  etcdMembers,
});
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : (await portFree(8090)) ? 8090 : await freePort();
// A newcomer lands on the lesson: the lab's folder trusted, KubeLab shown, the walkthrough open.
markLabWorkspace(lab.info.workspace);
let server;
try {
  server = await startVscodeServer({
    stateDir: vscodeState,
    args: LAB_SERVER_ARGS,
    port,
    env: { ...lab.info.env, PATH: `${lab.info.bin}:${process.env.PATH}`, KUBELAB_LAB_FILE: join(labDir, 'lab.json') },
  });
} catch (e) {
  say(`VS Code did not start: ${e.message}`);
  await lab.stop();
  process.exit(1);
}

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  say('stopping VS Code and the lab…');
  await server.stop();
  await lab.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.process.once('exit', () => void stop());

console.log(`
KubeLab is ready (lab up in ${(lab.info.startedInMs / 1000).toFixed(1)} s).

  Open VS Code:  ${server.url({ folder: lab.info.workspace })}
  API server:    ${lab.info.apiserver}
  etcd:          ${lab.info.etcd.endpoints.join(' ')}${
    lab.info.etcd.endpoints.length > 1
      ? ` (${lab.info.etcd.endpoints.length} members; ${join(lab.info.workspace, 'etcd-member')} stops and starts them, the lesson "etcd as a cluster" shows how)`
      : ''
  }
  Lesson files:  ${lab.info.workspace}${
    lab.info.encryptionConfig
      ? `
  Encryption:    ${lab.info.encryptionConfig} (Secrets at rest; KubeLab's Decrypt reads it)`
      : ''
  }

For a terminal outside VS Code:
${shellExports(lab.info)}

Ctrl+C stops VS Code and the lab.`);
