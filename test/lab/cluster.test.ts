import * as assert from 'node:assert/strict';
import { deletePodRequest } from '../../src/core/kube/deletePod';
import type { ListState, Repaint } from '../../src/core/kube/listState';
import type { KubeObject } from '../../src/core/kube/objects';
import { CORE_PODS, collectionPath, type ApiResource } from '../../src/core/kube/resources';
import { connect, type KubeApi } from '../../src/infra/kube/api';
import { discover } from '../../src/infra/kube/discovery';
import { KindCounts } from '../../src/infra/kube/kindCounts';
import { loadKubeconfig } from '../../src/infra/kube/kubeconfig';
import { ListWatch, type ListWatchStatus } from '../../src/infra/kube/listWatch';
import { killLabComponent, labInfo, sleep, until, type LabInfo } from '../support/lab';

// The Cluster view's infra against the lab's real API server: discovery,
// paging, watches, delete with a uid precondition, and a server that dies.
describe('cluster infra against the real API server', function () {
  this.timeout(120_000);
  let lab: LabInfo;
  let api: KubeApi;
  const ns = `kubelab-test-${Date.now().toString(36)}`;
  const watches: ListWatch[] = [];

  const req = async (path: string, method = 'GET', body?: unknown) => {
    const r = await api.request(path, { method, body, timeoutMs: 15_000 });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    return r.value;
  };
  const podBody = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  const follow = (path: string, pageSize: number) => {
    const events: { state: ListState; repaint: Repaint }[] = [];
    const statuses: ListWatchStatus[] = [];
    const lw = new ListWatch(
      api,
      path,
      { pageSize, timeoutMs: 15_000, watchTimeoutSeconds: 300, backoffMs: () => 300 },
      {
        onChange: (state, repaint) => events.push({ state, repaint }),
        onStatus: (s) => statuses.push(s),
      },
    );
    watches.push(lw);
    return { lw, events, statuses };
  };

  before(async () => {
    lab = labInfo();
    const kc = loadKubeconfig([lab.kubeconfig]);
    assert.ok(kc.ok);
    const c = await connect(kc.value.kc, kc.value.current ?? '');
    assert.ok(c.ok);
    api = c.value;
    assert.equal((await req('/api/v1/namespaces', 'POST', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })).status, 201);
  });
  after(async () => {
    for (const w of watches) w.dispose();
    await api?.request(`/api/v1/namespaces/${ns}`, { method: 'DELETE', timeoutMs: 15_000 });
    await api?.request('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.kubelab.test', { method: 'DELETE', timeoutMs: 15_000 });
  });

  it('discovers the kinds the server serves, a CRD included, not a fixed list', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.kubelab.test' },
      spec: {
        group: 'kubelab.test',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    assert.equal((await req('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', 'POST', crd)).status, 201);
    const d = await until('the CRD in discovery', async () => {
      const r = await discover(api, 15_000);
      return r.ok && r.value.resources.some((x) => x.group === 'kubelab.test' && x.name === 'widgets') ? r.value : undefined;
    });
    const names = d.resources.map((r) => `${r.group}/${r.name}`);
    for (const want of ['/pods', '/nodes', '/namespaces', 'apps/deployments', 'coordination.k8s.io/leases', 'kubelab.test/widgets'])
      assert.ok(names.includes(want), want);
    assert.ok(!names.some((n) => n.includes('/log')));
    const widgets = d.resources.find((r) => r.name === 'widgets');
    assert.equal(widgets?.namespaced, true);
    assert.equal(
      (await req(`/apis/kubelab.test/v1/namespaces/${ns}/widgets`, 'POST', { apiVersion: 'kubelab.test/v1', kind: 'Widget', metadata: { name: 'w1' } })).status,
      201,
    );
    // The Cluster view counts a namespace's kinds with KindCounts: the custom resource is counted too.
    const counts = await KindCounts.start(
      api,
      [widgets as ApiResource],
      ns,
      { timeoutMs: 15_000, watchSeconds: 300 },
      { onCount: () => undefined, onStatus: () => undefined },
    );
    assert.ok(counts.ok);
    try {
      assert.deepEqual(
        counts.value.current().map((k) => [k.resource.name, k.count, k.exact]),
        [['widgets', 1, true]],
      );
    } finally {
      counts.value.dispose();
    }
  });

  it('reads a large list a page at a time: first page, count of all, then Load more', async () => {
    for (let i = 0; i < 25; i++) {
      await req(`/api/v1/namespaces/${ns}/configmaps`, 'POST', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${String(i).padStart(2, '0')}` } });
    }
    const { lw } = follow(`/api/v1/namespaces/${ns}/configmaps`, 10);
    const first = await lw.start();
    assert.ok(first.ok);
    // kube-root-ca.crt is there too: 26 in all.
    assert.equal(first.value.items.length, 10);
    assert.equal(first.value.total, 26);
    assert.ok(first.value.continueToken);
    const second = await lw.loadMore();
    assert.equal(second.ok && second.value.items.length, 20);
    const third = await lw.loadMore();
    assert.ok(third.ok);
    assert.equal(third.value.items.length, 26);
    assert.equal(third.value.continueToken, undefined);
    assert.equal(new Set(third.value.items.map((o) => o.metadata.name)).size, 26);
  });

  it('sees a pod created by REST through the watch, and repaints it when its status changes', async () => {
    const { lw, events } = follow(collectionPath(CORE_PODS, ns), 50);
    assert.ok((await lw.start()).ok);
    await req(`/api/v1/namespaces/${ns}/pods`, 'POST', podBody('watched'));
    await until('ADDED through the watch', async () =>
      events.some((e) => e.repaint.what === 'list' && e.state.items.some((o) => o.metadata.name === 'watched')) ? true : undefined,
    );
    const running = await until('a repaint of just that pod with phase Running', async () =>
      events.find(
        (e) =>
          e.repaint.what === 'item' &&
          e.repaint.key === `${ns}/watched` &&
          (e.state.items.find((o) => o.metadata.name === 'watched') as KubeObject | undefined)?.status?.phase === 'Running',
      ),
    );
    assert.ok(running);
  });

  it('deletes with the uid precondition; a newer pod with the same name is refused with 409', async () => {
    const first = (await req(`/api/v1/namespaces/${ns}/pods`, 'POST', podBody('reused'))).body as KubeObject;
    const oldUid = first.metadata.uid ?? '';
    const del = deletePodRequest(ns, 'reused', oldUid);
    assert.equal((await req(del.path, 'DELETE', del.body)).status, 200);
    await until('the first pod gone', async () => ((await req(del.path)).status === 404 ? true : undefined));
    const second = (await req(`/api/v1/namespaces/${ns}/pods`, 'POST', podBody('reused'))).body as KubeObject;
    assert.notEqual(second.metadata.uid, oldUid);
    const stale = await req(del.path, 'DELETE', del.body);
    assert.equal(stale.status, 409);
    assert.match((stale.body as { message: string }).message, /[Pp]recondition/);
    assert.equal((await req(del.path)).status, 200, 'the newer pod must still be there');
  });

  it('recovers when the API server is killed and restarted mid-watch, without duplicates or losses', async () => {
    const { lw, events, statuses } = follow(collectionPath(CORE_PODS, ns), 50);
    assert.ok((await lw.start()).ok);
    const before = lw.state?.items.map((o) => o.metadata.name).sort();
    killLabComponent(lab, 'kube-apiserver');
    await until('the watch to notice', async () => (statuses.some((s) => s.kind === 'reconnecting') ? true : undefined), 30_000);
    // The lab restarts its API server, as the kubelet would; wait until it serves again.
    await until(
      'the API server back',
      async () => {
        const r = await api.request('/readyz', { timeoutMs: 2000 });
        return r.ok && r.value.status === 200 ? true : undefined;
      },
      90_000,
    );
    await req(`/api/v1/namespaces/${ns}/pods`, 'POST', podBody('after-restart'));
    await req(`/api/v1/namespaces/${ns}/pods/watched`, 'DELETE');
    const final = await until(
      'the watch to show both changes',
      async () => {
        const names = lw.state?.items.map((o) => o.metadata.name) ?? [];
        return names.includes('after-restart') && !names.includes('watched') ? names : undefined;
      },
      60_000,
    );
    assert.ok(
      statuses.some((s) => s.kind === 'live'),
      'status returned to live',
    );
    assert.equal(new Set(final).size, final.length, `duplicates: ${final.join(',')}`);
    const expected = [...(before ?? []).filter((n) => n !== 'watched'), 'after-restart'].sort();
    assert.deepEqual([...final].sort(), expected);
    assert.ok(events.length > 0);
    await sleep(100);
  });
});
