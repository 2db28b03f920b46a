import * as assert from 'node:assert/strict';
import { etcdKeyOf, isBuiltInGroup } from '../../src/core/kube/storageKeys';

describe('storage keys', () => {
  it("knows the API server's layout: renamed core resources, group-prefixed aggregator/apiextensions/custom resources", () => {
    const key = (group: string, resource: string, name: string, namespace?: string) => etcdKeyOf({ group, resource, name, namespace }, isBuiltInGroup);
    assert.equal(key('', 'nodes', 'controlplane'), '/registry/minions/controlplane');
    assert.equal(key('', 'pods', 'hello-demo', 'default'), '/registry/pods/default/hello-demo');
    assert.equal(key('', 'services', 'kubernetes', 'default'), '/registry/services/specs/default/kubernetes');
    assert.equal(key('apps', 'deployments', 'd', 'ns'), '/registry/deployments/ns/d');
    assert.equal(key('networking.k8s.io', 'ingresses', 'i', 'ns'), '/registry/ingress/ns/i');
    assert.equal(key('apiregistration.k8s.io', 'apiservices', 'v1.apps'), '/registry/apiregistration.k8s.io/apiservices/v1.apps');
    assert.equal(key('kubelab.dev', 'widgets', 'w1', 'default'), '/registry/kubelab.dev/widgets/default/w1');
  });
});
