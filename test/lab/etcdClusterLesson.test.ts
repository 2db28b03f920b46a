import * as assert from 'node:assert/strict';
import { execFile, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { joinMembers } from '../../src/core/etcd/members';
import { membersMeet, type Condition } from '../../src/core/lesson/conditions';
import type { Lesson } from '../../src/core/lesson/lesson';
import { planAction, terminalEnv } from '../../src/core/lesson/run';
import { BUILTIN_LESSONS, type BuiltinLesson } from '../../src/ids';
import type { EtcdReader } from '../../src/infra/etcd/client';
import { loadLesson } from '../../src/infra/lesson/files';
import { repoRoot } from '../../tools/vscodeServer';
import { labInfo, startThreeMemberLab, until, type LabInfo } from '../support/lab';

/** A shell like the lesson's terminals: one bash per terminal, commands one after another, each with its exit code. */
class Shell {
  private readonly bash: ChildProcessWithoutNullStreams;
  output = '';
  private waiting: { marker: string; resolve: (code: number) => void } | undefined;

  constructor(cwd: string, env: NodeJS.ProcessEnv) {
    this.bash = spawn('bash', ['--norc', '--noprofile'], { cwd, env });
    const take = (d: Buffer) => {
      this.output += d.toString('latin1');
      const w = this.waiting;
      const m = w && new RegExp(`${w.marker} (\\d+)\\n`).exec(this.output);
      if (w && m) {
        this.waiting = undefined;
        w.resolve(Number(m[1]));
      }
    };
    this.bash.stdout.on('data', take);
    this.bash.stderr.on('data', take);
  }

  /** Runs a command line as a terminal would, and resolves its exit code. */
  run(command: string): Promise<number> {
    const marker = `__end_${Math.random().toString(36).slice(2)}`;
    return new Promise((resolve) => {
      this.waiting = { marker, resolve };
      this.bash.stdin.write(`${command}\necho "${marker} $?"\n`);
    });
  }

  stop(): void {
    this.bash.kill('SIGKILL');
  }
}

// The second lesson, "etcd as a cluster", end to end against a three-member lab of its own: every command
// of every page in its terminal, in order, with the exit code the page expects; every page's kubelab.doneWhen
// holds afterwards (the members as KubeLab's Members list joins them, the objects through the API server, the
// keys in etcd); T2's watch saw each write once, through the election.
describe('the lesson "etcd as a cluster" against a three-member lab', function () {
  this.timeout(600_000);
  const b = BUILTIN_LESSONS.find((x) => x.id === 'etcd-cluster') as BuiltinLesson;
  let dir: string;
  let lab: LabInfo;
  let stop: () => Promise<void>;
  let reader: EtcdReader;
  const shells = new Map<string, Shell>();

  before(async () => {
    ({ dir, lab, stop, reader } = await startThreeMemberLab('kubelab-lesson3-'));
  });
  after(async () => {
    for (const s of shells.values()) s.stop();
    reader?.close();
    await stop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What the extension gives T1 and T2 (core/lesson/run.ts terminalEnv), from the lab's settings. */
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    ...terminalEnv({ kubeconfig: lab.kubeconfig, etcd: lab.etcd, pathPrepend: [lab.bin], currentPath: process.env.PATH, etcdctlVersion: '3.7.3' }),
  });
  const shell = (name: string): Shell => {
    let s = shells.get(name);
    if (!s) shells.set(name, (s = new Shell(lab.workspace, env())));
    return s;
  };

  const holds = async (c: Condition): Promise<boolean> => {
    switch (c.kind) {
      case 'etcdMembers': {
        const m = await reader.members();
        return m.ok && membersMeet(c, joinMembers(m.value.list, m.value.answers, m.value.alarms));
      }
      case 'object': {
        const r = spawnSync(join(lab.bin, 'kubectl'), ['get', '--raw', c.path], { env: env(), encoding: 'utf8' });
        return c.exists ? r.status === 0 : /NotFound|not found/.test(r.stderr);
      }
      case 'etcdKey': {
        const v = await reader.get(Buffer.from(c.key));
        return v.ok && (v.value !== undefined) === c.exists;
      }
      case 'http':
        return (await fetch(c.url).then((r) => r.status)) === c.status;
    }
  };

  it('runs every page in T1/T2 with the exit codes the pages expect; each page ends with what it says it leaves behind', async () => {
    const l = loadLesson(b.id, join(repoRoot, b.folder), 'en');
    assert.ok(l.ok, l.ok ? '' : JSON.stringify(l.error));
    const lesson: Lesson = l.value;
    const leaderBefore = await until('a leader', async () => {
      const m = await reader.members();
      return m.ok ? joinMembers(m.value.list, m.value.answers, m.value.alarms).find((r) => r.role === 'leader') : undefined;
    });
    const ran: string[] = [];
    for (const page of lesson.pages) {
      for (const action of page.step.actions) {
        if (action.type !== 'execute') continue;
        const plan = planAction(action, () => true);
        assert.equal(plan.kind, 'execute');
        if (plan.kind !== 'execute') continue;
        const code = await shell(plan.terminal).run(plan.command);
        assert.equal(code, plan.expectExit, `${page.id}: ${plan.terminal}$ ${plan.command} ended with ${code}:\n${shell(plan.terminal).output.slice(-2000)}`);
        ran.push(`${page.id} ${plan.terminal}`);
        if (/&\s*$/.test(plan.command)) await new Promise((r) => setTimeout(r, 2000)); // as the runner gives a background command
      }
      for (const c of page.doneWhen ?? []) await until(`${page.id}: ${JSON.stringify(c)}`, async () => ((await holds(c)) ? true : undefined), 30_000);
    }
    assert.ok(ran.includes('watch T2') && ran.includes('clear T2'));

    const t1 = shells.get('T1')?.output ?? '';
    // The leader stopped was the leader; another led after it, in a higher term.
    const stopped = /stopped (\S+), the leader in term (\d+)/.exec(t1);
    const next = /(\S+) leads now, in term (\d+)/.exec(t1);
    assert.ok(stopped && next, t1.slice(-3000));
    assert.equal(stopped[1], leaderBefore.name);
    assert.notEqual(next[1], stopped[1]);
    assert.ok(Number(next[2]) > Number(stopped[2]));
    assert.match(t1, /Failed to get the status of endpoint/);
    // Every member, the one that was down among them, holds the key written while it was down.
    for (const m of lab.etcdMembers) assert.match(t1, new RegExp(`${m.clientUrl}:\\n/registry/configmaps/default/lesson-during\\n`));

    // T2's watch, started before the election and kept through it: each write once, in order.
    await until('the DELETEs in T2', async () =>
      /DELETE\n\/registry\/configmaps\/default\/lesson-during/.test(shells.get('T2')?.output ?? '') ? true : undefined,
    );
    const events = [...(shells.get('T2')?.output ?? '').matchAll(/^(PUT|DELETE)\n(\/registry\/configmaps\/default\/lesson-[a-z]+)$/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    assert.deepEqual(events, [
      'PUT /registry/configmaps/default/lesson-before',
      'PUT /registry/configmaps/default/lesson-during',
      'DELETE /registry/configmaps/default/lesson-before',
      'DELETE /registry/configmaps/default/lesson-during',
    ]);
  });

  it('./etcd-member refuses what would cost the quorum, and says what to do', async () => {
    // Not spawnSync: the lab's supervisor runs in this process and must see the member released.
    const member = (...args: string[]) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
        execFile(join(lab.workspace, 'etcd-member'), args, { env: env() }, (e, stdout, stderr) => resolve({ status: e ? Number(e.code) : 0, stdout, stderr })),
      );
    const first = await member('stop', 'leader');
    assert.equal(first.status, 0, first.stderr);
    const second = await member('stop', 'leader');
    assert.equal(second.status, 1);
    assert.match(second.stderr, /1 of 3 members stopped already; one more and etcd loses its quorum\. \.\/etcd-member start brings them back/);
    assert.match((await member('stop', 'nobody')).stderr, /the lab has no member nobody: controlplane, controlplane-2, controlplane-3/);
    const back = await member('start');
    assert.equal(back.status, 0, back.stderr);
    assert.match(back.stdout, /is back \(https:\/\/127\.0\.0\.1:\d+\): raft term \d+/);
    assert.equal((await member('start')).stdout.trim(), 'no member is stopped');
  });
});

describe('./etcd-member in a lab of one member', () => {
  it('refuses to stop the only member, and says how to start a lab of three', async () => {
    const lab = labInfo();
    const r = spawnSync(join(lab.workspace, 'etcd-member'), ['stop', 'leader'], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /this lab has 1 etcd member: stopping one stops the cluster\. Start a lab of three: npm run lab -- --etcd-members 3 --reset/);
    assert.equal(existsSync(join(lab.dir, 'held', 'etcd')), false, 'nothing was held');
  });
});
