import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyValue } from '../../src/core/etcd/envelope';
import { changedFields } from '../../src/core/etcd/diff';
import { generationsOf, writerOf, type KeyHistory } from '../../src/core/etcd/history';
import { EtcdReader } from '../../src/infra/etcd/client';
import { decodeRaw } from '../../src/infra/k8sproto/decode';
import { kubectl, labEnv, labInfo, sleep, until, type LabInfo } from '../support/lab';

const NAME = 'history-demo';
const KEY = `/registry/pods/default/${NAME}`;

/** etcd's own account of the key's writes from `rev` on: etcdctl's watch, as JSON lines, for a moment. */
async function etcdctlWatch(lab: LabInfo, rev: string): Promise<{ type: string; revision: string }[]> {
  const child = spawn(join(lab.bin, 'etcdctl'), ['watch', KEY, `--rev=${rev}`, '-w', 'json'], { env: labEnv(lab) });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  await sleep(3000);
  child.kill();
  return out
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .flatMap((l) => (JSON.parse(l) as { Events?: { type?: number; kv: { mod_revision: number } }[] }).Events ?? [])
    .map((e) => ({ type: e.type === 1 ? 'delete' : 'put', revision: String(e.kv.mod_revision) }));
}

// A pod's whole life from etcd's history: created, bound, Running, labelled three times,
// deleted, created again. Checked against etcd's own tools and the API server's own answers.
describe("a key's history, read from etcd in one watch", function () {
  this.timeout(180_000);
  let lab: LabInfo;
  let history: KeyHistory;
  let startedAt = 0n;

  before(async () => {
    lab = labInfo();
    const pod = JSON.parse(readFileSync(join(lab.workspace, 'hello-service.json'), 'utf8')) as { metadata: Record<string, unknown> };
    const create = () =>
      execFileSync(join(lab.bin, 'kubectl'), ['--kubeconfig', lab.kubeconfig, 'create', '-f', '-'], {
        input: JSON.stringify({ ...pod, metadata: { ...pod.metadata, name: NAME } }),
      });
    const running = () =>
      until(`${NAME} Running`, async () => (kubectl(lab, 'get', 'pod', NAME, '-o', 'jsonpath={.status.phase}') === 'Running' ? true : undefined));
    kubectl(lab, 'delete', 'pod', NAME, '--ignore-not-found', '--wait=true');
    // Earlier lives of the key (an earlier run on this lab) are history too: this test's start from here.
    const opened = await EtcdReader.open({ ...lab.etcd, timeoutMs: 30_000 });
    assert.ok(opened.ok);
    const before = await opened.value.status();
    assert.ok(before.ok);
    startedAt = BigInt(before.value.revision);
    create();
    await running();
    for (let i = 1; i <= 3; i++) kubectl(lab, 'label', 'pod', NAME, `step=${i}`, '--overwrite');
    kubectl(lab, 'delete', 'pod', NAME, '--wait=true');
    create();
    await running();
    const h = await opened.value.history(Buffer.from(KEY), 64 << 20);
    opened.value.close();
    assert.ok(h.ok, h.ok ? '' : h.error.message);
    history = { ...h.value, entries: h.value.entries.filter((e) => BigInt(e.revision) > startedAt) };
  });
  after(() => kubectl(lab, 'delete', 'pod', NAME, '--ignore-not-found', '--wait=false'));

  it("holds the same writes etcd's own watch reports, in revision order, in two generations", async () => {
    const first = history.entries[0];
    assert.ok(first);
    const etcd = await etcdctlWatch(lab, first.revision);
    assert.deepEqual(
      history.entries.map((e) => ({ type: e.type, revision: e.revision })),
      etcd,
    );
    const lives = generationsOf(history.entries);
    assert.equal(lives.length, 2, 'created, deleted, created again');
    assert.ok(lives[0]?.deletedAt, 'the first life ends with its delete');
    assert.equal(lives[1]?.deletedAt, undefined);
    assert.notEqual(lives[0]?.createRevision, lives[1]?.createRevision);
    // The first life: the create, the scheduler's binding, status updates, the three labels, deletionTimestamp, the delete.
    const labels = lives[0]?.entries.filter((e) => e.value && /step/.test(e.value.toString('latin1'))).length ?? 0;
    assert.ok(labels >= 3, `the three label writes are in the first life (${labels})`);
  });

  it('names who made each write of the first life: kubectl, the binding, kwok as the kubelet, the three labels, the graceful DELETE', () => {
    const [first] = generationsOf(history.entries);
    let before: unknown;
    const writers: string[] = [];
    for (const e of first?.entries ?? []) {
      if (e.type === 'delete') {
        writers.push('(etcd delete)');
        continue;
      }
      const v = classifyValue(e.value as Buffer);
      const d = v.format === 'protobuf' ? decodeRaw(v.apiVersion, v.kind, v.raw) : undefined;
      assert.ok(d?.ok);
      const changes = before ? changedFields(before, d.object) : [];
      const w = writerOf(before, d.object, changes);
      writers.push(w.kind === 'manager' ? `${w.manager}${w.subresource ? `/${w.subresource}` : ''}` : w.kind);
      before = d.object;
    }
    // The order the test made them in. The kubelet's status writes may be one or several; a DELETE
    // is kubectl's graceful one (deletionTimestamp), then the kubelet's with no grace once the
    // containers stopped (kwok does as the kubelet does), then etcd's delete.
    const squeezed = writers.filter((w, i) => !['kwok/status', 'delete'].includes(w) || writers[i - 1] !== w);
    assert.deepEqual(
      squeezed,
      ['kubectl-create', 'binding', 'kwok/status', 'kubectl-label', 'kubectl-label', 'kubectl-label', 'delete', '(etcd delete)'],
      writers.join(', '),
    );
  });

  it("each version is what etcd gives for that revision, and decodes to the API server's own object at that resourceVersion", async () => {
    for (const e of history.entries.filter((x) => x.type === 'put')) {
      const atRev = execFileSync(join(lab.bin, 'etcdctl'), ['get', KEY, `--rev=${e.revision}`, '--print-value-only'], { env: labEnv(lab) });
      assert.ok(e.value?.equals(atRev.subarray(0, atRev.length - 1)), `revision ${e.revision}: etcdctl's value`);
      const v = classifyValue(e.value as Buffer);
      assert.equal(v.format, 'protobuf');
      const decoded = v.format === 'protobuf' ? decodeRaw(v.apiVersion, v.kind, v.raw) : undefined;
      assert.ok(decoded?.ok);
      const list = JSON.parse(
        kubectl(
          lab,
          'get',
          '--raw',
          `/api/v1/namespaces/default/pods?resourceVersion=${e.revision}&resourceVersionMatch=Exact&fieldSelector=metadata.name%3D${NAME}`,
        ),
      ) as { items: Record<string, unknown>[] };
      const fromApi = list.items[0] as { metadata: Record<string, unknown> };
      assert.equal(fromApi.metadata.resourceVersion, e.revision);
      delete fromApi.metadata.resourceVersion;
      const ours = structuredClone(decoded.object) as Record<string, unknown>;
      delete ours.kind;
      delete ours.apiVersion; // a LIST's items carry neither
      assert.deepEqual(ours, fromApi, `revision ${e.revision}`);
    }
  });
});
