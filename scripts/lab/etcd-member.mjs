// The lab's etcd members from a shell, for the lesson "etcd as a cluster": the lab's workspace has
// `./etcd-member` (scripts/lab/lab.mjs writes it with this lab's folder):
//   ./etcd-member list             the lab's members, running or stopped
//   ./etcd-member stop leader      stops the member that leads now (or: stop <name>)
//   ./etcd-member start [<name>]   starts the stopped member(s) again and waits until they answer
// A stop kills the member's process (SIGKILL: a crash, as the lesson tells it) and holds it
// (<lab>/held/<process>, as KubeLab's Stop Member does): the lab's supervisor leaves it down until
// start removes that file. Never more than a quorum can lose.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hold, isHeld, release } from './proc.mjs';

const [dir, verb, arg] = process.argv.slice(2);
const fail = (message) => {
  console.error(`etcd-member: ${message}`);
  process.exit(1);
};
if (!dir || !existsSync(join(dir, 'lab.json'))) fail(`no lab at ${dir}: start it with npm run lab -- --etcd-members 3`);
const lab = JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8'));
const members = lab.etcdMembers ?? [];
const held = (m) => isHeld(dir, m.process);

/** etcdctl of the lab asking one member, with its certificates; the JSON of `-w json` with uint64 IDs kept as strings. */
function etcdctl(endpoint, args) {
  const out = execFileSync(join(lab.bin, 'etcdctl'), [...args, '--dial-timeout=2s', '--command-timeout=4s'], {
    // etcdctl 3.6+ refuses --endpoints beside ETCDCTL_ENDPOINTS: the variable names the one member.
    env: { ...process.env, ...lab.env, ETCDCTL_ENDPOINTS: endpoint },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out.toString().replace(/:\s*(\d{16,})/g, ':"$1"'));
}

/** The member that leads now, asked of every running member (a stopped one cannot answer). */
function leader() {
  for (const m of members.filter((x) => !held(x))) {
    try {
      const [s] = etcdctl(m.clientUrl, ['endpoint', 'status', '-w', 'json']);
      if (s?.Status?.leader && s.Status.leader === s.Status.header?.member_id) return { member: m, term: s.Status.raftTerm };
    } catch {
      // This one does not answer: ask the next.
    }
  }
  return undefined;
}

async function stop(which) {
  if (members.length < 3)
    fail(
      `this lab has ${members.length} etcd member${members.length === 1 ? '' : 's'}: stopping one stops the cluster. Start a lab of three: npm run lab -- --etcd-members 3 --reset`,
    );
  if (which !== 'leader' && !members.some((m) => m.name === which)) fail(`the lab has no member ${which}: ${members.map((x) => x.name).join(', ')}`);
  const running = members.filter((m) => !held(m));
  if (running.length - 1 <= members.length / 2)
    fail(
      `${members.length - running.length} of ${members.length} members stopped already; one more and etcd loses its quorum. ./etcd-member start brings them back`,
    );
  const found = which === 'leader' ? leader() : { member: members.find((m) => m.name === which) };
  if (!found) fail('no member answers as the leader now (an election may be under way): try again in a second');
  const m = found.member;
  if (held(m)) fail(`${m.name} is stopped already`);
  const pid = JSON.parse(readFileSync(join(dir, 'pids.json'), 'utf8')).find((p) => p.name === m.process)?.pid;
  if (!pid) fail(`${m.name} (${m.process}) is not running in the lab`);
  hold(dir, m.process);
  process.kill(pid, 'SIGKILL');
  const t0 = Date.now();
  const what = found.term ? `, the leader in term ${found.term}` : '';
  console.log(`stopped ${m.name}${what} (${m.clientUrl}, pid ${pid}); ./etcd-member start brings it back`);
  // The others elect a leader among themselves: wait for it, as a learner would watch for it.
  for (;;) {
    const next = leader();
    if (next) return console.log(`${next.member.name} leads now, in term ${next.term} (${((Date.now() - t0) / 1000).toFixed(1)} s after the stop)`);
    if (Date.now() - t0 > 15_000) fail('no member became the leader within 15 s: see the lab logs of the members');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function start(which) {
  const chosen = members.filter((m) => held(m) && (!which || m.name === which));
  if (which && !members.some((m) => m.name === which)) fail(`the lab has no member ${which}: ${members.map((x) => x.name).join(', ')}`);
  if (!chosen.length) return console.log(which ? `${which} is running` : 'no member is stopped');
  for (const m of chosen) release(dir, m.process);
  const deadline = Date.now() + 30_000;
  for (const m of chosen) {
    for (;;) {
      try {
        const [s] = etcdctl(m.clientUrl, ['endpoint', 'status', '-w', 'json']);
        console.log(`${m.name} is back (${m.clientUrl}): raft term ${s.Status.raftTerm}, revision ${s.Status.header.revision}`);
        break;
      } catch {
        if (Date.now() > deadline) fail(`${m.name} did not answer within 30 s: see ${join(dir, 'logs', `${m.process}.log`)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }
}

if (verb === 'list') for (const m of members) console.log(`${m.name}\t${m.clientUrl}\t${held(m) ? 'stopped' : 'running'}`);
else if (verb === 'stop' && arg) await stop(arg);
else if (verb === 'start') await start(arg);
else fail('usage: ./etcd-member list | stop leader | stop <name> | start [<name>]');
