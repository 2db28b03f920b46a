// Child-process supervision for the lab: every child is recorded in
// <dir>/pids.json, stopped in reverse order on exit or Ctrl+C, and a lab
// that was killed hard is cleaned up by the next start (no orphans).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** Kills what a previous lab in `dir` left running (only processes whose command line names `dir`). */
/**
 * The supervisor's hold protocol: a process with a file <dir>/held/<name> stays down once it exits,
 * and starts again when the file is gone (KubeLab's Stop Member writes the same file).
 */
export const isHeld = (dir, name) => existsSync(join(dir, 'held', name));
export function hold(dir, name) {
  mkdirSync(join(dir, 'held'), { recursive: true });
  writeFileSync(join(dir, 'held', name), `${new Date().toISOString()}\n`);
}
export const release = (dir, name) => rmSync(join(dir, 'held', name), { force: true });

export async function killStale(dir) {
  const file = join(dir, 'pids.json');
  if (!existsSync(file)) return [];
  const pids = JSON.parse(readFileSync(file, 'utf8'));
  const stale = pids.filter((p) => alive(p.pid) && cmdline(p.pid).includes(dir));
  for (const p of stale) process.kill(p.pid, 'SIGTERM');
  for (let i = 0; i < 50 && stale.some((p) => alive(p.pid)); i++) await sleep(100);
  for (const p of stale) if (alive(p.pid)) process.kill(p.pid, 'SIGKILL');
  writeFileSync(file, '[]');
  return stale.map((p) => p.name);
}

/**
 * Spawn arguments that make the child get SIGTERM when this process dies, even
 * by SIGKILL (prctl PR_SET_PDEATHSIG through util-linux's setpriv).
 */
export function orphanSafe(bin, args) {
  return existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', ['--pdeathsig', 'TERM', '--', bin, ...args]] : [bin, args];
}

export class Supervisor {
  constructor(dir) {
    this.dir = dir;
    this.children = [];
    this.stopping = false;
  }

  /**
   * Starts a child; one that exits on its own is started again after a second
   * (as the kubelet restarts a control plane's static pods), at most 5 times a minute.
   * A child held (a file <dir>/held/<name>: the lab's Stop Member) stays down after it exits,
   * and starts again once the file is gone.
   */
  start(name, bin, args, env = {}) {
    const entry = { name, child: undefined, exited: undefined, restarts: [] };
    const held = () => isHeld(this.dir, name);
    const launch = () => {
      const out = openSync(join(this.dir, 'logs', `${name}.log`), 'a');
      const child = spawn(...orphanSafe(bin, args), { stdio: ['ignore', out, out], env: { ...process.env, ...env } });
      closeSync(out);
      entry.child = child;
      entry.exited = new Promise((r) => child.once('exit', (code, sig) => r({ code, sig })));
      entry.exited.then(({ code, sig }) => {
        if (this.stopping || entry.child !== child) return;
        if (held()) {
          console.error(`kubelab: ${name} stopped (held: ${join(this.dir, 'held', name)}); it starts again when that file is removed`);
          this.save();
          const poll = setInterval(() => {
            if (this.stopping) clearInterval(poll);
            else if (!held()) {
              clearInterval(poll);
              console.error(`kubelab: ${name} released; starting it`);
              launch();
              this.save();
            }
          }, 250);
          return;
        }
        const now = Date.now();
        entry.restarts = entry.restarts.filter((t) => now - t < 60_000);
        const log = join(this.dir, 'logs', `${name}.log`);
        if (entry.restarts.length >= 5) {
          console.error(`kubelab: ${name} exited (${sig ?? code}) 5 times in a minute; not restarting it. See ${log}`);
          return;
        }
        entry.restarts.push(now);
        console.error(`kubelab: ${name} exited (${sig ?? code}); restarting it. See ${log}`);
        setTimeout(() => {
          if (!this.stopping) {
            launch();
            this.save();
          }
        }, 1000);
      });
    };
    launch();
    this.children.push(entry);
    this.save();
    return entry;
  }

  save() {
    const live = this.children.filter((c) => c.child.exitCode === null && c.child.signalCode === null).map((c) => ({ name: c.name, pid: c.child.pid }));
    writeFileSync(join(this.dir, 'pids.json'), JSON.stringify(live));
  }

  /** Fails fast if a child died while we wait for it to become ready. */
  assertRunning(name) {
    const c = this.children.find((x) => x.name === name);
    if (c && (c.child.exitCode !== null || c.child.signalCode !== null)) {
      const log = join(this.dir, 'logs', `${name}.log`);
      const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`${name} exited during start-up. Last lines of ${log}:\n${tail}`);
    }
  }

  async stop() {
    this.stopping = true;
    for (const c of [...this.children].reverse()) {
      if (c.child.exitCode !== null || c.child.signalCode !== null) continue;
      c.child.kill('SIGTERM');
      const t = setTimeout(() => c.child.kill('SIGKILL'), 10_000);
      await c.exited;
      clearTimeout(t);
    }
    this.children = [];
    this.save();
  }
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

export function portFree(port) {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

/** One HTTPS request with client-certificate auth; resolves {status, body}. Times out. */
export function httpsJson(url, { ca, cert, key, method = 'GET', body, timeoutMs = 5000 }) {
  return new Promise((res, rej) => {
    const req = request(
      url,
      {
        method,
        ca,
        cert,
        key,
        timeout: timeoutMs,
        headers: body ? { 'content-type': 'application/json' } : {},
      },
      (r) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (d) => (text += d));
        r.on('end', () => res({ status: r.statusCode ?? 0, body: text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${url}`)));
    req.on('error', rej);
    if (body) req.write(typeof body === 'string' ? body : JSON.stringify(body));
    req.end();
  });
}

/** Polls `probe` until it returns true; checks the named child is still alive between tries. */
export async function waitFor(what, probe, { sup, child, timeoutMs = 120_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    if (sup && child) sup.assertRunning(child);
    try {
      if (await probe()) return;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs / 1000} s${last ? `: ${last.message}` : ''}`);
    await sleep(300);
  }
}
