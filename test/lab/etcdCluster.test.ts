import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { compareHashes, joinMembers, type MemberRow } from '../../src/core/etcd/members';
import { EtcdReader, type WatchEvent } from '../../src/infra/etcd/client';
import { holdAndStop, isHeld, release } from '../../src/infra/labControl';
import { openClusterRoute } from '../../src/infra/etcd/throughCluster';
import { connect } from '../../src/infra/kube/api';
import { loadKubeconfig } from '../../src/infra/kube/kubeconfig';
import { labEnv, labModule, sleep, startThreeMemberLab, until, type LabInfo } from '../support/lab';

const pidsOf = (lab: LabInfo): string[] => (JSON.parse(readFileSync(join(lab.dir, 'pids.json'), 'utf8')) as { name: string }[]).map((p) => p.name);

/** etcdctl of the lab, with the lab's certificates and all members (the tests' reference for what etcd says). */
const etcdctl = (lab: LabInfo, ...args: string[]) => execFileSync(join(lab.bin, 'etcdctl'), args, { env: labEnv(lab), encoding: 'utf8', timeout: 30_000 });

// etcd as a cluster: a lab of three members (npm run lab -- --etcd-members 3), started by this test.
describe('etcd as a cluster: three members in the lab', function () {
  this.timeout(600_000);
  let dir: string;
  let lab: LabInfo;
  let stop: () => Promise<void>;
  let reader: EtcdReader;

  before(async () => {
    ({ dir, lab, stop, reader } = await startThreeMemberLab('kubelab-etcd3-'));
  });
  after(async () => {
    reader?.close();
    await stop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = async (): Promise<MemberRow[]> => {
    const m = await reader.members();
    assert.ok(m.ok, m.ok ? '' : m.error.message);
    return joinMembers(m.value.list, m.value.answers, m.value.alarms);
  };
  /** etcdctl's own view: endpoint status of every member, as JSON. */
  // (uint64 IDs as strings: a JavaScript number would round them.)
  const etcdctlStatus = () =>
    JSON.parse(etcdctl(lab, 'endpoint', 'status', '--cluster', '-w', 'json').replace(/"(leader|member_id|cluster_id)":(\d+)/g, '"$1":"$2"')) as {
      Endpoint: string;
      Status: { header: { member_id: string }; leader: string; raftTerm: number; dbSize: number; dbSizeQuota?: number };
    }[];

  it('has three members, one leader, as etcdctl says; the API server and a pod per member use them all', async () => {
    assert.equal(lab.etcd.endpoints.length, 3);
    assert.deepEqual(
      lab.etcdMembers.map((m) => [m.name, m.process, m.pod]),
      [
        ['controlplane', 'etcd', 'etcd-controlplane'],
        ['controlplane-2', 'etcd-2', 'etcd-controlplane-2'],
        ['controlplane-3', 'etcd-3', 'etcd-controlplane-3'],
      ],
    );
    const r = await rows();
    assert.deepEqual(r.map((x) => x.name).sort(), ['controlplane', 'controlplane-2', 'controlplane-3']);
    const leaders = r.filter((x) => x.role === 'leader');
    assert.equal(leaders.length, 1);
    // etcdctl prints IDs as numbers (JSON): the same leader, term and database size.
    const theirs = etcdctlStatus();
    assert.equal(leaders[0]?.id, theirs[0]?.Status.leader);
    assert.ok(r.every((x) => x.status?.raftTerm === String(theirs[0]?.Status.raftTerm)));
    const quota = theirs[0]?.Status.dbSizeQuota;
    if (quota) assert.equal(r[0]?.status?.dbSizeQuota, quota, 'the quota etcd 3.6+ reports (etcdctl shows it too)');
  });

  it('Check Consistency: every member holds the same hash at one revision, the hash etcdctl endpoint hashkv reports', async () => {
    const st = await reader.status();
    assert.ok(st.ok);
    const h = await reader.hashes(st.value.revision);
    assert.ok(h.ok);
    const c = compareHashes(h.value.map((a) => ({ name: a.endpoint, ...(a.hash ? { hash: a.hash } : { error: a.error }) })));
    assert.equal(c.equal, true, JSON.stringify(h.value));
    const theirs = JSON.parse(etcdctl(lab, 'endpoint', 'hashkv', '--cluster', '--rev', st.value.revision, '-w', 'json')) as { HashKV: { hash: number } }[];
    assert.deepEqual(new Set(theirs.map((t) => String(t.HashKV.hash))), new Set([c.groups[0]?.hash]));
  });

  it('the leader stopped mid-work: listings and reads go on, the watch gets every write exactly once, a new leader and term show; back, it catches up', async () => {
    const before = await rows();
    const leader = before.find((x) => x.role === 'leader') as MemberRow;
    const process = lab.etcdMembers.find((m) => m.name === leader.name)?.process as string;
    const prefix = Buffer.from('/kubelab-test/failover/');
    const seen: WatchEvent[] = [];
    const states: boolean[] = [];
    const start = await reader.status();
    assert.ok(start.ok);
    const w = await reader.watch(
      prefix,
      (e) => seen.push(e),
      (connected) => states.push(connected),
    );
    assert.ok(w.ok);
    // Reads all along, and writes (by etcdctl, to any member) before, during and after the outage.
    let reading = true;
    const failures: string[] = [];
    let reads = 0;
    const reads$ = (async () => {
      while (reading) {
        const r = await reader.range(Buffer.from('/'), Buffer.from('0'), 1000);
        if (r.ok) reads++;
        else failures.push(r.error.message);
        const v = await reader.get(Buffer.from('/kubelab-test/failover/0'));
        if (!v.ok) failures.push(v.error.message);
        await sleep(20);
      }
    })();
    const put = (i: number) => etcdctl(lab, 'put', `/kubelab-test/failover/${i}`, `v${i}`);
    for (let i = 0; i < 5; i++) put(i);
    const stopped = holdAndStop(lab.dir, process);
    assert.ok(stopped.ok);
    for (let i = 5; i < 25; i++) put(i);
    const during = await until('a new leader', async () => {
      const r = await rows();
      const l = r.find((x) => x.role === 'leader');
      return l && l.name !== leader.name ? r : undefined;
    });
    assert.ok(Number(during.find((x) => x.role === 'leader')?.status?.raftTerm) > Number(leader.status?.raftTerm), 'a new term');
    assert.match(during.find((x) => x.name === leader.name)?.down ?? '', /reach|refused|unavailable|answer/i);
    for (let i = 25; i < 30; i++) put(i);
    // Held, the lab's supervisor leaves the member down (its process gone from pids.json) until released.
    assert.ok(isHeld(lab.dir, process));
    await until('the member stopped', async () => (pidsOf(lab).includes(process) ? undefined : true), 30_000);
    await sleep(1500);
    assert.ok(!pidsOf(lab).includes(process), 'not started again while held');
    release(lab.dir, process);
    await until('the old leader back', async () => ((await rows()).every((x) => x.status) ? true : undefined), 60_000);
    for (let i = 30; i < 35; i++) put(i);
    await until('every write seen', async () => (seen.filter((e) => e.type === 'put').length >= 35 ? true : undefined), 30_000);
    reading = false;
    await reads$;
    w.value();
    // Exactly once each, at the revisions etcd's own history has them (each key was written once).
    const stored = JSON.parse(etcdctl(lab, 'get', '--prefix', '/kubelab-test/failover/', '-w', 'json')) as { kvs: { key: string; mod_revision: number }[] };
    const byRevision = [...stored.kvs].sort((x, y) => x.mod_revision - y.mod_revision);
    assert.deepEqual(
      seen.map((e) => [e.key.toString(), e.modRevision]),
      byRevision.map((kv) => [Buffer.from(kv.key, 'base64').toString(), String(kv.mod_revision)]),
    );
    assert.equal(seen.length, 35);
    assert.deepEqual(failures, [], 'no listing or read failed');
    assert.ok(reads > 10);
    // Caught up: the same hash on every member again.
    const st = await reader.status();
    assert.ok(st.ok);
    await until('the same hash everywhere', async () => {
      const h = await reader.hashes(st.value.revision);
      return h.ok && compareHashes(h.value.map((a) => ({ name: a.endpoint, ...(a.hash ? { hash: a.hash } : { error: a.error }) }))).equal ? true : undefined;
    });
  });

  it('through the cluster (a kubeconfig only): a forward per etcd pod, and each forward answers as its member', async () => {
    const k = loadKubeconfig([lab.kubeconfig], 'setting');
    assert.ok(k.ok);
    const api = await connect(k.value.kc, k.value.current ?? '');
    assert.ok(api.ok);
    const route = await openClusterRoute(api.value, k.value.current ?? '', { timeoutMs: 30_000 });
    assert.ok(route.ok, route.ok ? '' : route.error.message);
    const r = await EtcdReader.open(route.value.settings);
    assert.ok(r.ok);
    try {
      assert.deepEqual(route.value.pods.map((p) => p.name).sort(), ['etcd-controlplane', 'etcd-controlplane-2', 'etcd-controlplane-3']);
      const m = await r.value.members();
      assert.ok(m.ok);
      const joined = joinMembers(m.value.list, m.value.answers, m.value.alarms);
      // The endpoints are local ports: each member is known by the member ID its forward answered with.
      assert.equal(joined.filter((x) => x.status && x.endpoint && !x.clientUrls.includes(x.endpoint)).length, 3, JSON.stringify(joined));
      // Each pod's forward reaches its own member (its --listen-client-urls port), not always the first.
      const ids = new Set(m.value.answers.map((a) => ('status' in a ? a.status.memberId : a.error)));
      assert.equal(ids.size, 3);
    } finally {
      r.value.close();
      route.value.close();
    }
  });

  it('works on the members that exist when a configured endpoint never did, and names that one', async () => {
    const r = await EtcdReader.open({ ...lab.etcd, endpoints: [...lab.etcd.endpoints, 'https://127.0.0.1:9'], timeoutMs: 5_000 });
    assert.ok(r.ok);
    try {
      for (let i = 0; i < 10; i++) {
        const l = await r.value.range(Buffer.from('/'), Buffer.from('0'), 10);
        assert.ok(l.ok, l.ok ? '' : l.error.message);
      }
      const m = await r.value.members();
      assert.ok(m.ok);
      const stray = m.value.answers.find((a) => a.endpoint === 'https://127.0.0.1:9');
      assert.ok(stray && 'error' in stray && /Cannot reach etcd at https:\/\/127\.0\.0\.1:9/.test(stray.error), JSON.stringify(stray));
      assert.equal(joinMembers(m.value.list, m.value.answers, m.value.alarms).filter((x) => x.status).length, 3);
    } finally {
      r.value.close();
    }
  });

  it('keeps its number of members: started again with another number, the lab says what to do', async () => {
    await stop();
    const { startLab } = await labModule();
    await assert.rejects(
      startLab({ dir, etcdMembers: 1, log: () => undefined }),
      /this lab's etcd has 3 members; start it with --etcd-members 3, or add --reset to start afresh with 1/,
    );
    // Started again as it was, its three members come back with their data (a restart works as with one).
    const again = await startLab({ dir, etcdMembers: 3, log: () => undefined });
    stop = again.stop;
    const r = await EtcdReader.open({ ...again.info.etcd, timeoutMs: 10_000 });
    assert.ok(r.ok);
    try {
      const m = await r.value.members();
      assert.ok(m.ok);
      assert.equal(joinMembers(m.value.list, m.value.answers, m.value.alarms).filter((x) => x.status).length, 3);
      const kept = await r.value.get(Buffer.from('/kubelab-test/failover/34'));
      assert.equal(kept.ok && kept.value?.value.toString(), 'v34', 'the data written before the restart');
    } finally {
      r.value.close();
    }
  });
});
