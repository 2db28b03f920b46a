import * as assert from 'node:assert/strict';
import { collectionPath, curlCommand, objectPath, parseResourceList, preferredGroupVersions, sortResources, CORE_PODS } from '../../src/core/kube/resources';

describe('resources: discovery and REST paths', () => {
  it('keeps listable kinds, drops subresources, and reads preferred group versions', () => {
    const rs = parseResourceList('', 'v1', {
      resources: [
        { name: 'pods', kind: 'Pod', namespaced: true, verbs: ['list', 'watch', 'delete'] },
        { name: 'pods/log', kind: 'Pod', namespaced: true, verbs: ['get'] },
        { name: 'bindings', kind: 'Binding', namespaced: true, verbs: ['create'] },
        { name: 'nodes', kind: 'Node', namespaced: false, verbs: ['list'] },
      ],
    });
    assert.deepEqual(
      rs.map((r) => r.name),
      ['pods', 'nodes'],
    );
    assert.deepEqual(
      preferredGroupVersions({
        groups: [
          { name: 'apps', preferredVersion: { version: 'v1' } },
          { name: 'x.io', versions: [{ version: 'v1beta1' }] },
        ],
      }),
      [
        { group: 'apps', version: 'v1' },
        { group: 'x.io', version: 'v1beta1' },
      ],
    );
    assert.deepEqual(parseResourceList('', 'v1', 'garbage'), []);
  });

  it("builds the lesson's paths and curl line", () => {
    assert.equal(objectPath(CORE_PODS, 'hello-demo', 'default'), '/api/v1/namespaces/default/pods/hello-demo');
    assert.equal(collectionPath({ group: 'apps', version: 'v1', name: 'deployments', namespaced: true }), '/apis/apps/v1/deployments');
    assert.equal(curlCommand('/api/v1/nodes/controlplane'), 'curl -s 127.0.0.1:8080/api/v1/nodes/controlplane | jq');
  });

  it('sorts core kinds first, then by group and name', () => {
    const r = (group: string, name: string) => ({ group, version: 'v1', name, kind: name, namespaced: true, verbs: ['list'] });
    assert.deepEqual(
      sortResources([r('apps', 'deployments'), r('', 'pods'), r('', 'configmaps')]).map((x) => x.name),
      ['configmaps', 'pods', 'deployments'],
    );
  });
});
