/**
 * Runs a lesson's script (verify, hint, background) with bash, as Katacoda and
 * Killercoda do, in the lesson's working folder and terminal environment: its
 * output captured (up to 256 KiB), a deadline after which the script and what
 * it started are killed, and cancellation.
 */
import { spawn } from 'node:child_process';
import type { ScriptRun } from '../../core/lesson/check';

const MAX_OUTPUT = 256 * 1024;

export function runScript(
  file: string,
  args: readonly string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; signal?: AbortSignal },
): Promise<ScriptRun> {
  return new Promise((resolve) => {
    // A group of its own, so that the deadline ends what the script started too.
    const child = spawn('bash', [file, ...args], { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const take = (to: 'out' | 'err') => (b: Buffer) => {
      if (to === 'out' && stdout.length < MAX_OUTPUT) stdout += b.toString('utf8');
      if (to === 'err' && stderr.length < MAX_OUTPUT) stderr += b.toString('utf8');
    };
    child.stdout.on('data', take('out'));
    child.stderr.on('data', take('err'));
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs);
    opts.signal?.addEventListener('abort', kill, { once: true });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ exitCode: null, stdout, stderr: `${stderr}${e.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', kill);
      resolve({ exitCode: code, stdout, stderr, timedOut });
    });
  });
}
