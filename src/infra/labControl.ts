/**
 * The lab's Stop Member / Start Member (scripts/lab/proc.mjs): a member held is a file
 * <lab>/held/<process>; the lab's supervisor leaves a held process down when it exits and starts it
 * again once the file is gone. Only the lab's own processes, named in its lab.json: never a user's.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, ok, type Result } from '../core/result';

export const isHeld = (labDir: string, process: string): boolean => existsSync(join(labDir, 'held', process));

/**
 * Holds the lab's process and stops it: SIGTERM as the kubelet stops a static pod (an etcd leader drains its
 * clients first, several seconds), SIGKILL as a crash; it stays down until released.
 */
export function holdAndStop(labDir: string, name: string, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Result<number> {
  let pids: { name: string; pid: number }[];
  try {
    pids = JSON.parse(readFileSync(join(labDir, 'pids.json'), 'utf8')) as { name: string; pid: number }[];
  } catch (e) {
    return fail('lab.control', `the lab's pids.json cannot be read: ${(e as Error).message}`, labDir);
  }
  const p = pids.find((x) => x.name === name);
  mkdirSync(join(labDir, 'held'), { recursive: true });
  writeFileSync(join(labDir, 'held', name), `${new Date().toISOString()}\n`);
  if (!p) return fail('lab.control', `${name} is not running in the lab`, labDir);
  try {
    process.kill(p.pid, signal);
  } catch (e) {
    return fail('lab.control', `${name} (pid ${p.pid}) could not be stopped: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, labDir);
  }
  return ok(p.pid);
}

/** Lets the lab's supervisor start the process again (within a quarter of a second). */
export function release(labDir: string, name: string): void {
  rmSync(join(labDir, 'held', name), { force: true });
}
