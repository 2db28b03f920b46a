/**
 * A real VS Code for tests and for `npm run lab`: the VS Code server shipped
 * in the npm package code-server (installed by scripts/setup/vscode.sh), opened
 * in Debian's Chromium through playwright-core. A development extension and an
 * extension test module are passed in the `payload` query parameter, the way
 * VS Code's own web test runner does (see shared/VSCODE-TESTING.md).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';

export const repoRoot = resolve(__dirname, '..', '..'); // out/tools → the repository

export function pinnedVersion(name: string): string {
  const text = readFileSync(join(repoRoot, 'scripts', 'lab', 'versions.sh'), 'utf8');
  const m = new RegExp(`^${name}=(\\S+)`, 'm').exec(text);
  if (!m?.[1]) throw new Error(`scripts/lab/versions.sh has no ${name}`);
  return m[1];
}

export function cacheDir(): string {
  return process.env.KUBELAB_CACHE ?? join(homedir(), '.cache', 'kubelab');
}

export function vscodeServerDir(): string {
  const dir =
    process.env.KUBELAB_VSCODE_SERVER ??
    join(cacheDir(), `code-server-${pinnedVersion('CODE_SERVER_VERSION')}`, 'node_modules', 'code-server', 'lib', 'vscode');
  if (!existsSync(join(dir, 'out', 'server-main.js'))) {
    throw new Error(`No test VS Code at ${dir}: run "bash scripts/setup/vscode.sh" (npm test does it for you).`);
  }
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

export interface VscodeServer {
  readonly port: number;
  readonly process: ChildProcess;
  /** Lines the server printed so far (its log file has them all). */
  output(): string;
  url(opts: { folder?: string; extensionDevelopmentPath?: string; extensionTestsPath?: string }): string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Holds user-data, server-data and extensions dirs and the server log. */
  stateDir: string;
  env?: NodeJS.ProcessEnv;
  /** Extra server arguments, e.g. --install-extension. */
  args?: string[];
  port?: number;
  host?: string;
}

function dirs(stateDir: string) {
  return {
    userData: join(stateDir, 'user-data'),
    serverData: join(stateDir, 'server-data'),
    extensions: join(stateDir, 'extensions'),
  };
}

/** Runs the server's CLI once (e.g. --install-extension) and waits for it. */
export async function runServerCli(stateDir: string, args: string[]): Promise<string> {
  const d = dirs(stateDir);
  for (const p of Object.values(d)) mkdirSync(p, { recursive: true });
  const main = join(vscodeServerDir(), 'out', 'server-main.js');
  const child = spawn(process.execPath, [main, '--user-data-dir', d.userData, '--server-data-dir', d.serverData, '--extensions-dir', d.extensions, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const code = await new Promise<number | null>((res) => child.on('exit', res));
  if (code !== 0) throw new Error(`VS Code server ${args.join(' ')} exited with ${code}: ${out.slice(-1500)}`);
  return out;
}

export async function startVscodeServer(opts: ServerOptions): Promise<VscodeServer> {
  const d = dirs(opts.stateDir);
  for (const p of Object.values(d)) mkdirSync(p, { recursive: true });
  const port = opts.port ?? (await freePort());
  const host = opts.host ?? '127.0.0.1';
  const main = join(vscodeServerDir(), 'out', 'server-main.js');
  // setpriv --pdeathsig: the server goes when whoever started it goes, even on SIGKILL.
  const setpriv = existsSync('/usr/bin/setpriv') ? ['--pdeathsig', 'TERM', '--', process.execPath] : [];
  const child = spawn(
    setpriv.length ? '/usr/bin/setpriv' : process.execPath,
    [
      ...setpriv,
      main,
      '--host',
      host,
      '--port',
      String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--telemetry-level',
      'off',
      '--user-data-dir',
      d.userData,
      '--server-data-dir',
      d.serverData,
      '--extensions-dir',
      d.extensions,
      ...(opts.args ?? []),
    ],
    { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: false },
  );
  const log = createWriteStream(join(opts.stateDir, 'server.log'));
  let text = '';
  const collect = (b: Buffer) => {
    text += b.toString();
    if (text.length > 2_000_000) text = text.slice(-1_000_000);
    log.write(b);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((res) => child.once('exit', () => res()));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`VS Code server exited at start (${child.exitCode}): ${text.slice(-2000)}`);
    try {
      const r = await fetch(`http://${host}:${port}/version`, { signal: AbortSignal.timeout(2000) });
      if (r.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`VS Code server did not answer on port ${port} within 60 s: ${text.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    port,
    process: child,
    output: () => text,
    url: ({ folder, extensionDevelopmentPath, extensionTestsPath }) => {
      const remote = (p: string) => `vscode-remote://${host}:${port}${p}`;
      const payload: string[][] = [];
      if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
      if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
      const q = new URLSearchParams();
      if (folder) q.set('folder', folder);
      if (payload.length) q.set('payload', JSON.stringify(payload));
      return `http://${host}:${port}/?${q.toString()}`;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      log.end();
    },
  };
}

export const CHROMIUM = process.env.KUBELAB_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--disable-dev-shm-usage',
    ],
  });
}

/** How `npm run lab` serves VS Code: its folder is the lab's own workspace, so workspace trust is off. */
export const LAB_SERVER_ARGS = ['--disable-workspace-trust'];

/**
 * Marks the lab's workspace (src/infra/labFile.ts reads it) so that KubeLab
 * lands a newcomer on the lesson, once for this start of the lab.
 */
export function markLabWorkspace(workspace: string, startedAt = new Date().toISOString()): void {
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'kubelab-lab.json'), JSON.stringify({ openLesson: true, startedAt }, null, 2) + '\n');
}
