import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeconfigFiles, loadKubeconfig } from '../../src/infra/kube/kubeconfig';

const dir = mkdtempSync(join(tmpdir(), 'kubelab-kc-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const good = (ctx: string, server: string) => `apiVersion: v1
kind: Config
clusters: [{name: c-${ctx}, cluster: {server: "${server}"}}]
users: [{name: u-${ctx}, user: {token: secret-${ctx}}}]
contexts: [{name: ${ctx}, context: {cluster: c-${ctx}, user: u-${ctx}, namespace: team}}]
current-context: ${ctx}
`;

describe('kubeconfig: finding and reading it', () => {
  it('takes the setting first, then $KUBECONFIG (several files), then ~/.kube/config', () => {
    assert.deepEqual(kubeconfigFiles('/x/config', { KUBECONFIG: '/a:/b' }, '/home/u'), ['/x/config']);
    assert.deepEqual(kubeconfigFiles('~/k.yaml', {}, '/home/u'), ['/home/u/k.yaml']);
    assert.deepEqual(kubeconfigFiles('', { KUBECONFIG: '/a:/b' }, '/home/u'), ['/a', '/b']);
    assert.deepEqual(kubeconfigFiles(undefined, {}, '/home/u'), ['/home/u/.kube/config']);
  });

  it('merges several files and lists every context with its server', () => {
    const r = loadKubeconfig([file('a', good('one', 'https://10.0.0.1:6443')), file('b', good('two', 'https://10.0.0.2:6443'))]);
    assert.ok(r.ok);
    assert.deepEqual(r.value.contexts.map((c) => [c.name, c.server, c.namespace]), [
      ['one', 'https://10.0.0.1:6443', 'team'],
      ['two', 'https://10.0.0.2:6443', 'team'],
    ]);
    assert.equal(r.value.current, 'one');
  });

  it('says which file is missing, and which is malformed and why, without its secrets', () => {
    const missing = loadKubeconfig([join(dir, 'nope')]);
    assert.equal(missing.ok ? '' : missing.error.code, 'kubeconfig.missing');
    const bad = file('bad', 'apiVersion: v1\nclusters: [ {name: x, cluster: \n  token: secret-123');
    const r = loadKubeconfig([bad]);
    assert.equal(r.ok ? '' : r.error.code, 'kubeconfig.parse');
    assert.match(r.ok ? '' : r.error.message, new RegExp(`^${bad} is not a valid kubeconfig`));
    assert.equal(r.ok ? '' : r.error.where, bad);
    const empty = loadKubeconfig([file('empty', 'apiVersion: v1\nkind: Config\n')]);
    assert.equal(empty.ok ? '' : empty.error.code, 'kubeconfig.empty');
  });
});
