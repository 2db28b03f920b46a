/**
 * Whether a tool works here, asked the way a lesson would use it: `docker`
 * must reach its daemon (`docker ps`), `crictl` its runtime (`crictl ps`);
 * other tools must be on PATH. Each probe has a deadline.
 */
import { execFile } from 'node:child_process';

const PROBES: Record<string, string[]> = {
  docker: ['ps', '-q'],
  crictl: ['ps', '-q'],
};

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: timeoutMs, windowsHide: true }, (err, stdout) => {
      if (!err) return resolve({ code: 0, stdout: String(stdout) });
      const e = err as NodeJS.ErrnoException & { code?: number | string };
      resolve({ code: typeof e.code === 'number' ? e.code : null, stdout: String(stdout ?? '') });
    });
  });
}

export async function toolUsable(tool: string, env: NodeJS.ProcessEnv, timeoutMs = 5000): Promise<boolean> {
  const probe = PROBES[tool] ?? ['--version'];
  return (await run(tool, probe, env, timeoutMs)).code === 0;
}

/** `etcdctl version`'s first version number, or undefined when there is no etcdctl. */
export async function etcdctlVersion(env: NodeJS.ProcessEnv, timeoutMs = 5000): Promise<string | undefined> {
  const r = await run('etcdctl', ['version'], { ...env, ETCDCTL_API: undefined }, timeoutMs);
  return /etcdctl version:\s*(\S+)/.exec(r.stdout)?.[1];
}
