import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyValue } from '../../src/core/etcd/envelope';
import { labInfo, runIn, startLessonProxy, until, type LabInfo } from '../support/lab';

// The lesson's path through the lab, as a user would walk it: the API server
// through the proxy on 8080, the same objects in etcd with etcdctl.
describe('the lab: the lesson against a real control plane', function () {
  this.timeout(120_000);
  let lab: LabInfo;
  let proxy: Awaited<ReturnType<typeof startLessonProxy>>;
  const podPath = '/api/v1/namespaces/default/pods/hello-demo';
  const podKey = '/registry/pods/default/hello-demo';

  before(async () => {
    lab = labInfo();
    proxy = await startLessonProxy(lab);
  });
  after(async () => {
    await fetch(`${proxy.url}${podPath}`, { method: 'DELETE' }).catch(() => undefined);
    await proxy?.stop();
  });

  const etcdGet = (key: string) => runIn(lab, 'etcdctl', ['get', key, '--print-value-only']);

  it('serves node controlplane, Ready, through the proxy on localhost', async () => {
    const r = await fetch(`${proxy.url}/api/v1/nodes/controlplane`);
    assert.equal(r.status, 200);
    const node = (await r.json()) as { metadata: { name: string }; status: { conditions: { type: string; status: string }[] } };
    assert.equal(node.metadata.name, 'controlplane');
    assert.ok(node.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'));
  });

  it('stores node controlplane in etcd under /registry/minions/controlplane, read with the lab certificates', () => {
    const r = etcdGet('/registry/minions/controlplane');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes(Buffer.from('controlplane')));
  });

  it('creates hello-demo from hello-service.json by POST, and it reaches Running', async () => {
    const body = readFileSync(join(lab.workspace, 'hello-service.json'));
    const r = await fetch(`${proxy.url}/api/v1/namespaces/default/pods`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    assert.equal(r.status, 201, await r.text());
    const phase = await until('hello-demo Running', async () => {
      const g = (await (await fetch(`${proxy.url}${podPath}`)).json()) as { status?: { phase?: string }; spec: { nodeName?: string } };
      return g.status?.phase === 'Running' ? g : undefined;
    });
    assert.equal(phase.spec.nodeName, 'controlplane');
  });

  it('keeps the pod in etcd as protobuf behind the magic k8s\\0', () => {
    const r = etcdGet(podKey);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([...r.stdout.subarray(0, 4)], [...Buffer.from('k8s\0', 'latin1')]);
    assert.ok(r.stdout.includes(Buffer.from('hello-demo')));
    // etcdctl ends its output with a newline that is not part of the value.
    const stored = classifyValue(r.stdout.subarray(0, r.stdout.length - 1));
    assert.equal(stored.format, 'protobuf');
    assert.ok(stored.format === 'protobuf' && stored.apiVersion === 'v1' && stored.kind === 'Pod' && stored.raw.length > 100);
  });

  it('deletes the pod by DELETE: then GET answers 404 and the etcd key is gone', async () => {
    const d = await fetch(`${proxy.url}${podPath}`, { method: 'DELETE' });
    assert.equal(d.status, 200);
    await until('GET 404', async () => ((await fetch(`${proxy.url}${podPath}`)).status === 404 ? true : undefined));
    const r = etcdGet(podKey);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.length, 0);
  });

  it('has TLS really on: etcd refuses a client without a certificate', () => {
    const r = runIn(lab, 'etcdctl', ['get', '/registry/minions/controlplane', '--dial-timeout=3s', '--command-timeout=5s'], {
      ETCDCTL_CERT: '',
      ETCDCTL_KEY: '',
    });
    assert.notEqual(r.code, 0);
    assert.equal(r.stdout.length, 0);
    const plain = runIn(lab, 'curl', ['-sS', '--max-time', '5', '--cacert', lab.etcd.caFile, `${lab.etcd.endpoints[0]}/version`]);
    assert.notEqual(plain.code, 0, 'etcd answered a client without a certificate');
  });
});
