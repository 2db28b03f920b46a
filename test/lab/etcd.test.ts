import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { listLevel, levelRange, type Ranger } from '../../src/core/etcd/level';
import { EtcdReader } from '../../src/infra/etcd/client';
import { labInfo, sleep, until, type LabInfo } from '../support/lab';
import { freePort } from '../../tools/vscodeServer';

// The etcd explorer's reads against a real etcd with TLS: a private etcd
// (the lab's binary and certificates) so the test may seed keys, count
// revisions and stop it without disturbing the shared lab.
describe('etcd explorer reads against a real etcd (TLS)', function () {
  this.timeout(120_000);
  let lab: LabInfo;
  let dir: string;
  let etcd: ChildProcess | undefined;
  let endpoint: string;
  let peer: string;
  let writer: Etcd3;
  let reader: EtcdReader;
  const tls = () => ({ caFile: lab.etcd.caFile, certFile: lab.etcd.certFile, keyFile: lab.etcd.keyFile });

  const startEtcd = async () => {
    const pki = join(lab.pki, 'etcd');
    etcd = spawn(
      join(lab.bin, 'etcd'),
      [
        '--name=t',
        `--data-dir=${join(dir, 'data')}`,
        `--listen-client-urls=${endpoint}`,
        `--advertise-client-urls=${endpoint}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=t=${peer}`,
        `--cert-file=${join(pki, 'server.crt')}`,
        `--key-file=${join(pki, 'server.key')}`,
        '--client-cert-auth',
        `--trusted-ca-file=${join(pki, 'ca.crt')}`,
        '--log-level=error',
      ],
      { stdio: 'ignore' },
    );
    await until('etcd up', async () => ((await reader.status()).ok ? true : undefined), 30_000);
  };
  const stopEtcd = async () => {
    if (!etcd || etcd.exitCode !== null) return;
    const exited = new Promise((r) => etcd?.once('exit', r));
    etcd.kill('SIGKILL');
    await exited;
  };
  const ranger =
    (stats: { requests: number; bytes: number }): Ranger =>
    async (lo, hi, limit) => {
      const r = await reader.range(lo, hi, limit);
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      stats.requests++;
      stats.bytes += r.value.bytes;
      return r.value;
    };

  before(async () => {
    lab = labInfo();
    dir = mkdtempSync(join(tmpdir(), 'kubelab-etcd-'));
    endpoint = `https://127.0.0.1:${await freePort()}`;
    peer = `http://127.0.0.1:${await freePort()}`; // peers are not what this tests
    const opened = await EtcdReader.open({ endpoints: [endpoint], ...tls(), timeoutMs: 5000 });
    assert.ok(opened.ok);
    reader = opened.value;
    await startEtcd();
    const { readFileSync } = await import('node:fs');
    writer = new Etcd3({
      hosts: endpoint,
      credentials: { rootCertificate: readFileSync(lab.etcd.caFile), certChain: readFileSync(lab.etcd.certFile), privateKey: readFileSync(lab.etcd.keyFile) },
    });
    // A keyspace shaped like /registry: 20 kinds × 10 namespaces, one kind much bigger.
    const puts: Promise<unknown>[] = [];
    for (let k = 0; k < 20; k++)
      for (let n = 0; n < 10; n++)
        for (let i = 0; i < (k === 3 ? 300 : 10); i++) {
          puts.push(
            writer
              .put(`/registry/kind${String(k).padStart(2, '0')}/ns${n}/obj${String(i).padStart(4, '0')}`)
              .value('x'.repeat(100))
              .exec(),
          );
          if (puts.length >= 200) await Promise.all(puts.splice(0));
        }
    for (let i = 0; i < 1200; i++)
      puts.push(
        writer
          .put(`/registry/pods/big/p${String(i).padStart(5, '0')}`)
          .value('v')
          .exec(),
      );
    puts.push(
      writer
        .put(Buffer.concat([Buffer.from('/registry/odd/'), Buffer.from([0xff, 0xfe, 0x00])]))
        .value('binary')
        .exec(),
    );
    puts.push(writer.put('compact_rev_key').value('1').exec());
    await Promise.all(puts);
  });
  after(async () => {
    writer?.close();
    reader?.close();
    await stopEtcd();
    rmSync(dir, { recursive: true, force: true });
  });

  it('expands /registry/ lazily: bytes bounded by the children shown, not by the 6,000 keys below', async () => {
    const lazy = { requests: 0, bytes: 0 };
    const level = await listLevel(Buffer.from('/registry/'), ranger(lazy));
    const names = level.children.map((c) => c.name.toString('latin1'));
    const kinds = Array.from({ length: 20 }, (_, k) => `kind${String(k).padStart(2, '0')}/`);
    assert.deepEqual(names, [...kinds, 'odd/', 'pods/']);
    const scan = { requests: 0, bytes: 0 };
    const { lo, hi } = levelRange(Buffer.from('/registry/'));
    const all = await ranger(scan)(lo, hi, 0);
    assert.ok(all.kvs.length > 6000);
    console.log(`      /registry/: ${lazy.requests} requests, ${lazy.bytes} bytes; keys-only scan: ${scan.bytes} bytes`);
    assert.ok(lazy.bytes * 10 < scan.bytes, `lazy ${lazy.bytes} B vs scan ${scan.bytes} B`);
  });

  it('pages a level of 1,200 keys, and shows keys outside /registry and keys that are not UTF-8', async () => {
    const s = { requests: 0, bytes: 0 };
    const p1 = await listLevel(Buffer.from('/registry/pods/big/'), ranger(s));
    assert.equal(p1.children.length, 500);
    const p2 = await listLevel(Buffer.from('/registry/pods/big/'), ranger(s), undefined, p1.next);
    const p3 = await listLevel(Buffer.from('/registry/pods/big/'), ranger(s), undefined, p2.next);
    assert.equal(p1.children.length + p2.children.length + p3.children.length, 1200);
    assert.equal(p3.next, undefined);
    const root = await listLevel(Buffer.alloc(0), ranger(s));
    assert.deepEqual(
      root.children.map((c) => c.name.toString()),
      ['/', 'compact_rev_key'],
    );
    const odd = await listLevel(Buffer.from('/registry/odd/'), ranger(s));
    assert.deepEqual(
      odd.children.map((c) => c.name.toString('hex')),
      ['fffe00'],
    );
    const v = await reader.get(Buffer.concat([Buffer.from('/registry/odd/'), Buffer.from([0xff, 0xfe, 0x00])]));
    assert.equal(v.ok && v.value?.value.toString(), 'binary');
    assert.deepEqual((await listLevel(Buffer.from('/nothing/'), ranger(s))).children, []);
  });

  it('changes nothing: the revision is the same after a whole browsing session', async () => {
    const before = await reader.status();
    assert.ok(before.ok);
    const s = { requests: 0, bytes: 0 };
    for (const p of ['', '/', '/registry/', '/registry/kind03/', '/registry/kind03/ns1/', '/registry/pods/big/']) await listLevel(Buffer.from(p), ranger(s));
    await reader.get(Buffer.from('/registry/kind03/ns1/obj0001'));
    const stop = await reader.watch(Buffer.from('/registry/'), () => undefined);
    assert.ok(stop.ok);
    stop.value();
    const after = await reader.status();
    assert.ok(after.ok);
    assert.equal(after.value.revision, before.value.revision);
  });

  it('says etcd is gone when it stops, and reads again when it is back, with no unhandled rejection', async () => {
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      await stopEtcd();
      const down = await reader.range(Buffer.from('/registry/'), Buffer.from('/registry0'), 1);
      assert.equal(down.ok, false);
      assert.match(down.ok ? '' : down.error.message, /Cannot reach etcd|did not answer/);
      await startEtcd();
      const up = await until('reads again', async () => {
        const r = await reader.range(Buffer.from('/registry/'), Buffer.from('/registry0'), 1);
        return r.ok ? r : undefined;
      });
      assert.equal(up.ok && up.value.kvs.length, 1);
      await sleep(200);
      assert.deepEqual(rejections, []);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it("a closed reader's watch says nothing more (etcd3's own failed reconnects are not a lost etcd)", async () => {
    const opened = await EtcdReader.open({ endpoints: [endpoint], ...tls(), timeoutMs: 5000 });
    assert.ok(opened.ok);
    const heard: string[] = [];
    const w = await opened.value.watch(
      Buffer.from('/closing/'),
      (e) => heard.push(`${e.type} ${e.key.toString()}`),
      (connected, f) => heard.push(connected ? 'up' : `down: ${f?.message}`),
    );
    assert.ok(w.ok);
    await writer.put('/closing/a').value('1');
    await until('the watch to hear the first put', async () => (heard.includes('put /closing/a') ? true : undefined), 10_000);
    const seen = heard.length;
    opened.value.close();
    await writer.put('/closing/b').value('2');
    await sleep(3000);
    assert.deepEqual(heard.slice(seen), [], 'nothing after close: no event, no "lost"');
  });

  it("reads a key's history in one watch; after a compaction at R, from R on, and says so", async () => {
    const key = Buffer.from('/history/k');
    const revs: string[] = [];
    for (let i = 1; i <= 5; i++) revs.push(String((await writer.put(key).value(`v${i}`).exec()).header.revision));
    await writer.delete().key(key).exec();
    const whole = await reader.history(key, 1 << 20);
    assert.ok(whole.ok, whole.ok ? '' : whole.error.message);
    assert.deepEqual(
      whole.value.entries.map((e) => [e.type, e.value?.toString() ?? '-']),
      [
        ['put', 'v1'],
        ['put', 'v2'],
        ['put', 'v3'],
        ['put', 'v4'],
        ['put', 'v5'],
        ['delete', '-'],
      ],
    );
    const r = revs[2] as string;
    await writer.kv.compact({ revision: r, physical: true });
    const after = await reader.history(key, 1 << 20);
    assert.ok(after.ok, after.ok ? '' : after.error.message);
    assert.equal(after.value.compactedBefore, r, 'the boundary: revisions before R were compacted');
    assert.deepEqual(
      after.value.entries.map((e) => [e.revision, e.value?.toString() ?? '-']),
      [
        [revs[2], 'v3'],
        [revs[3], 'v4'],
        [revs[4], 'v5'],
        [whole.value.entries[5]?.revision, '-'],
      ],
    );
    // A budget of 4 bytes keeps the first two values; the others are read again when opened.
    const lean = await reader.history(key, 4);
    assert.ok(lean.ok, lean.ok ? '' : lean.error.message);
    assert.deepEqual(
      lean.value.entries.map((e) => e.value?.toString() ?? null),
      ['v3', 'v4', null, null],
    );
    const again = await reader.getAt(key, revs[4] as string);
    assert.equal(again.ok && again.value?.value.toString(), 'v5');
  });

  it('reads the history of a key with 200 versions of a 1.5 MB value within its memory budget', async () => {
    const key = Buffer.from('/history/big');
    const value = (i: number) => Buffer.alloc(1_500_000, 65 + (i % 26));
    for (let i = 0; i < 200; i++) await writer.put(key).value(value(i)).exec();
    const budget = 32 << 20;
    const before = process.memoryUsage();
    // etcd sends the replay as one 300 MB response unless the watch asks for fragments; gRPC refuses anything over 4 MiB.
    const h = await reader.history(key, budget);
    const after = process.memoryUsage();
    assert.ok(h.ok, h.ok ? '' : h.error.message);
    assert.equal(h.value.entries.length, 200);
    assert.ok(h.value.entries.every((e) => e.size === 1_500_000));
    const kept = h.value.entries.filter((e) => e.value);
    assert.equal(kept.length, Math.floor(budget / 1_500_000), 'values up to the budget, no more');
    assert.ok(kept.every((e, i) => e.value?.equals(value(i))));
    const grown = after.heapUsed + after.external - (before.heapUsed + before.external);
    assert.ok(grown < 3 * budget, `memory grew by ${grown >> 20} MiB reading 286 MiB of versions`);
    // A version beyond the budget is read when opened: a Range at its revision.
    const last = h.value.entries[199];
    const again = await reader.getAt(key, last?.revision as string);
    assert.ok(again.ok && again.value?.value.equals(value(199)));
  });

  it('refuses to connect without the client certificate (TLS is really on)', async () => {
    const bare = await EtcdReader.open({ endpoints: [endpoint], caFile: lab.etcd.caFile, timeoutMs: 3000 });
    assert.ok(bare.ok);
    const r = await bare.value.status();
    bare.value.close();
    assert.equal(r.ok, false);
  });
});
