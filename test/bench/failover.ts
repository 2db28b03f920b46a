/**
 * Failover benchmark (run by scripts/bench.mjs against a fresh lab of three etcd members): the
 * leader is killed (SIGKILL: no leadership handed over, as when a machine dies) and held down; the
 * time from the kill to KubeLab's next successful read and to its watch's next event, against the
 * same for etcdctl with the same endpoints (a read is one `etcdctl get` run after another, as a
 * user's loop would; the watch one `etcdctl watch` running all along). Reads are linearizable
 * (they need a leader), so neither can be quicker than the election; etcd's election timeout
 * (1000 ms by default, as the lab runs it) is the floor. A writer puts a key every 20 ms throughout.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { noop } from 'cockatiel';
import { Etcd3 } from 'etcd3';
import { joinMembers } from '../../src/core/etcd/members';
import { EtcdReader } from '../../src/infra/etcd/client';
import { release } from '../../src/infra/labControl';
import { labEnv, sleep, type LabInfo } from '../support/lab';

export interface FailoverBench {
  kubelabReadMs: number[];
  kubelabWatchMs: number[];
  etcdctlReadMs: number[];
  etcdctlWatchMs: number[];
}

const PREFIX = '/kubelab-bench/failover/';

export async function benchFailover(lab: LabInfo, kills = 10): Promise<FailoverBench> {
  const out: FailoverBench = { kubelabReadMs: [], kubelabWatchMs: [], etcdctlReadMs: [], etcdctlWatchMs: [] };
  const tls = { rootCertificate: readFileSync(lab.etcd.caFile), certChain: readFileSync(lab.etcd.certFile), privateKey: readFileSync(lab.etcd.keyFile) };
  // The writer retries by itself every 20 ms on any member: etcd3's default policies would stop
  // writing for 5 s after a failure (its circuit breaker), and the watches would wait for the writer.
  const writer = new Etcd3({ hosts: lab.etcd.endpoints, credentials: tls, faultHandling: { host: () => noop, global: noop } });
  const opened = await EtcdReader.open({ ...lab.etcd, timeoutMs: 5000 });
  if (!opened.ok) throw new Error(opened.error.message);
  const reader = opened.value;
  const etcdctl = join(lab.bin, 'etcdctl');
  const env = labEnv(lab);
  let n = 0;
  let writing = true;
  // A put every 20 ms, not one after another: a put sent while there is no leader waits for etcd's
  // request timeout (7 s), and the ones after it must not wait behind it.
  const pending = new Set<Promise<unknown>>();
  const writes = (async () => {
    while (writing) {
      const p = writer
        .put(`${PREFIX}${n++}`)
        .value('x')
        .exec()
        .catch(() => undefined);
      pending.add(p);
      void p.then(() => pending.delete(p));
      await sleep(20);
    }
    await Promise.all(pending);
  })();
  try {
    for (let round = 0; round < kills; round++) {
      const m = await reader.members();
      if (!m.ok) throw new Error(m.error.message);
      const leader = joinMembers(m.value.list, m.value.answers, m.value.alarms).find((r) => r.role === 'leader');
      const process = lab.etcdMembers.find((x) => x.name === leader?.name)?.process;
      if (!process) throw new Error(`no leader among ${JSON.stringify(m.value.answers)}`);
      // Both watches run before the kill; an event after it is one the new leader committed.
      let kubelabWatch = 0;
      let killedAt = 0;
      const w = await reader.watch(Buffer.from(PREFIX), () => {
        if (killedAt && !kubelabWatch) kubelabWatch = performance.now() - killedAt;
      });
      if (!w.ok) throw new Error(w.error.message);
      let etcdctlWatch = 0;
      const ew: ChildProcess = spawn(etcdctl, ['watch', '--prefix', PREFIX], { env, stdio: ['ignore', 'pipe', 'ignore'] });
      ew.stdout?.on('data', () => {
        if (killedAt && !etcdctlWatch) etcdctlWatch = performance.now() - killedAt;
      });
      await sleep(1000);
      const pids = JSON.parse(readFileSync(join(lab.dir, 'pids.json'), 'utf8')) as { name: string; pid: number }[];
      const pid = pids.find((p) => p.name === process)?.pid as number;
      // Held (the lab's supervisor leaves it down), then killed.
      spawnSync('mkdir', ['-p', join(lab.dir, 'held')]);
      spawnSync('touch', [join(lab.dir, 'held', process)]);
      killedAt = performance.now();
      globalThis.process.kill(pid, 'SIGKILL');
      // KubeLab's reads and etcdctl's, side by side until each succeeds once.
      const kubelabRead = (async () => {
        for (;;) {
          const r = await reader.get(Buffer.from(`${PREFIX}0`));
          if (r.ok) return performance.now() - killedAt;
          await sleep(2);
        }
      })();
      const etcdctlRead = (async () => {
        for (;;) {
          const r = await new Promise<number>((res) => {
            const c = spawn(etcdctl, ['get', `${PREFIX}0`, '--command-timeout=2s'], { env, stdio: 'ignore' });
            c.once('exit', (code) => res(code ?? 1));
          });
          if (r === 0) return performance.now() - killedAt;
        }
      })();
      const [kr, er] = await Promise.all([kubelabRead, etcdctlRead]);
      const deadline = performance.now() + 15_000;
      while ((!kubelabWatch || !etcdctlWatch) && performance.now() < deadline) await sleep(10);
      out.kubelabReadMs.push(kr);
      out.etcdctlReadMs.push(er);
      out.kubelabWatchMs.push(kubelabWatch || NaN);
      out.etcdctlWatchMs.push(etcdctlWatch || NaN);
      w.value();
      ew.kill('SIGTERM');
      release(lab.dir, process);
      // Back, caught up and a leader again before the next round.
      for (let i = 0; i < 100; i++) {
        const again = await reader.members();
        if (again.ok && joinMembers(again.value.list, again.value.answers, again.value.alarms).every((r) => r.status)) break;
        await sleep(200);
      }
      await sleep(2000);
    }
  } finally {
    writing = false;
    await writes;
    writer.close();
    reader.close();
  }
  return out;
}
