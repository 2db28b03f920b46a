import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isWrite, parseAuditLine, whoIs, type AuditRequest } from '../../src/core/audit/event';
import { EtcdReader } from '../../src/infra/etcd/client';
import { LogFollower } from '../../src/infra/audit/follow';
import { kubectl, labInfo, until, type LabInfo } from '../support/lab';

const NAME = 'audit-demo';

// The lesson's REST calls (POST a pod, DELETE it), made again by name, read back from the lab's
// audit log as the API server wrote it, and joined to etcd's own history of the key.
describe("the API server's audit log, joined to etcd", function () {
  this.timeout(120_000);
  let lab: LabInfo;
  let dir: string;
  let mine: AuditRequest[];
  let etcd: { revision: string; type: string }[];
  let skipped = 0;

  before(async () => {
    lab = labInfo();
    dir = mkdtempSync(join(tmpdir(), 'kubelab-audit-'));
    const lines: string[] = [];
    const follower = new LogFollower(lab.auditLog, (l) => lines.push(...l));
    await follower.poll(); // from the end: what comes next
    const pod = JSON.parse(readFileSync(join(lab.workspace, 'hello-service.json'), 'utf8')) as { metadata: Record<string, unknown> };
    const body = join(dir, 'pod.json');
    writeFileSync(body, JSON.stringify({ ...pod, metadata: { ...pod.metadata, name: NAME } }));
    kubectl(lab, 'create', '--raw', '/api/v1/namespaces/default/pods', '-f', body);
    kubectl(lab, 'wait', '--for=jsonpath={.status.phase}=Running', `pod/${NAME}`, '--timeout=60s');
    kubectl(lab, 'delete', '--raw', `/api/v1/namespaces/default/pods/${NAME}`);
    kubectl(lab, 'wait', '--for=delete', `pod/${NAME}`, '--timeout=60s');
    const requests = () => lines.map(parseAuditLine);
    // Ours and the kubelet's final one (kwok does as the kubelet does) are in the log once their responses are complete.
    await until('the final delete in the audit log', async () => {
      await follower.poll();
      return requests().some((r) => r?.verb === 'delete' && r.objectRef?.name === NAME && r.code === 200 && r.user.username.startsWith('system:node:'))
        ? true
        : undefined;
    });
    await follower.stop();
    skipped = requests().filter((r) => !r).length;
    mine = requests().filter((r): r is AuditRequest => !!r && r.objectRef?.resource === 'pods' && r.objectRef.name === NAME && isWrite(r));
    const reader = await EtcdReader.open({ ...lab.etcd, timeoutMs: 30_000 });
    assert.ok(reader.ok);
    const h = await reader.value.history(Buffer.from(`/registry/pods/default/${NAME}`), 0);
    reader.value.close();
    assert.ok(h.ok);
    const first = mine[0]?.resourceVersion ?? '0';
    etcd = h.value.entries.filter((e) => BigInt(e.revision) >= BigInt(first)).map((e) => ({ revision: e.revision, type: e.type }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has every line as an audit event', () => assert.equal(skipped, 0));

  it('records the lesson’s POST and DELETE once each, with who, verb, path and code', () => {
    const post = mine.filter((r) => r.verb === 'create' && !r.objectRef?.subresource);
    assert.equal(post.length, 1);
    assert.deepEqual([post[0]?.user.username, post[0]?.uri, post[0]?.code], ['kubernetes-admin', '/api/v1/namespaces/default/pods', 201]);
    const del = mine.filter((r) => r.verb === 'delete' && r.uri === `/api/v1/namespaces/default/pods/${NAME}`);
    assert.ok(del.length >= 1);
    assert.equal(del[0]?.code, 200);
    assert.ok(
      mine.some((r) => r.objectRef?.subresource === 'binding' && whoIs(r.user.username).kind === 'component'),
      'the scheduler’s binding',
    );
  });

  it("joins each write's resourceVersion to exactly one etcd event at that revision", () => {
    const revisions = etcd.map((e) => e.revision);
    const joined = mine.filter((x) => x.resourceVersion);
    assert.ok(joined.length >= 4, 'the create, a status update, our DELETE, the final delete');
    for (const r of joined)
      assert.equal(revisions.filter((v) => v === r.resourceVersion).length, 1, `${r.verb} ${r.uri} → ${r.resourceVersion} in ${revisions.join(',')}`);
    // The chain ends with etcd's delete of the key: the kubelet's final DELETE produced it.
    const last = etcd.at(-1);
    assert.equal(last?.type, 'delete');
    assert.equal(joined.at(-1)?.verb, 'delete');
    assert.deepEqual(whoIs(joined.at(-1)?.user.username ?? ''), { kind: 'node', node: 'controlplane' }, 'the kubelet (kwok, with the kubelet’s identity)');
    assert.equal(joined.at(-1)?.resourceVersion, last?.revision);
    // The write of the key that answers with no object (the binding, a Status) joins by revision to nothing: it is the one etcd put between the create and the first status update.
    assert.equal(mine.find((r) => r.objectRef?.subresource === 'binding')?.resourceVersion, undefined);
  });
});
