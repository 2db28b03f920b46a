import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { connect, type KubeApi } from '../../src/infra/kube/api';
import { ListWatch, type ListWatchStatus } from '../../src/infra/kube/listWatch';

// ListWatch against a real local HTTP server that speaks the API server's
// list and watch protocol (a watch is a stream of JSON lines). The real API
// server sends ERROR events other than 410 rarely (an etcd failure, a
// conversion error); here the server sends one on purpose.
const pod = (name: string, rv: string) => ({ metadata: { name, namespace: 'default', resourceVersion: rv } });

describe('ListWatch: a watch ERROR other than 410 Gone', () => {
  let server: Server;
  let api: KubeApi;
  const requests: string[] = [];
  let watches = 0;

  before(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (!req.url?.includes('watch=1')) {
        const items = watches === 0 ? [pod('a', '10')] : [pod('a', '10'), pod('b', '12')];
        res.end(JSON.stringify({ kind: 'PodList', metadata: { resourceVersion: watches === 0 ? '10' : '12' }, items }));
        return;
      }
      watches++;
      if (watches === 1) {
        // The Status an API server sends when it cannot go on (here: etcd failed), then it ends the watch.
        res.write(
          `${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', code: 500, reason: 'InternalError', message: 'etcdserver: request timed out' } })}\n`,
        );
        res.end();
        return;
      }
      res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '12' } } })}\n`);
      // keep this one open until the test ends
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const r = await connect(kc, 'x');
    assert.ok(r.ok);
    api = r.value;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it("reaches the listener as a failure that names the watch and the server's message, then lists again and goes live", async () => {
    const statuses: ListWatchStatus[] = [];
    let names: string[] = [];
    const lw = new ListWatch(
      api,
      '/api/v1/namespaces/default/pods',
      { pageSize: 50, timeoutMs: 5000, watchTimeoutSeconds: 300, backoffMs: () => 50 },
      {
        onChange: (s) => (names = s.items.map((o) => o.metadata.name)),
        onStatus: (s) => statuses.push(s),
      },
    );
    try {
      assert.ok((await lw.start()).ok);
      const deadline = Date.now() + 10_000;
      while (!names.includes('b') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const reported = statuses.find((s) => s.kind === 'reconnecting');
      assert.ok(reported && reported.kind === 'reconnecting', 'the error was reported');
      assert.equal(reported.failure.code, 'kube.watchError');
      assert.equal(reported.failure.where, '/api/v1/namespaces/default/pods');
      assert.match(reported.failure.message, /500.*etcdserver: request timed out/);
      assert.deepEqual(names, ['a', 'b'], 'it listed again and shows what changed meanwhile');
      assert.equal(statuses[statuses.length - 1]?.kind, 'live');
      assert.equal(requests.filter((u) => !u.includes('watch=1')).length, 2);
    } finally {
      lw.dispose();
    }
  });
});
