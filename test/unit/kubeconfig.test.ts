import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeconfig } from '../../src/infra/kube/kubeconfig';

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
  it('merges several files and lists every context with its server', () => {
    const r = loadKubeconfig([file('a', good('one', 'https://10.0.0.1:6443')), file('b', good('two', 'https://10.0.0.2:6443'))]);
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.contexts.map((c) => [c.name, c.server, c.namespace]),
      [
        ['one', 'https://10.0.0.1:6443', 'team'],
        ['two', 'https://10.0.0.2:6443', 'team'],
      ],
    );
    assert.equal(r.value.current, 'one');
  });

  it('says which file is missing, and which is malformed and why, without its secrets', () => {
    const missing = loadKubeconfig([join(dir, 'nope')]);
    assert.equal(missing.ok ? '' : missing.error.code, 'kubeconfig.missing');
    // A file a setting names is not "no kubeconfig yet": it is that file, not found.
    const named = loadKubeconfig([join(dir, 'nope')], 'setting');
    assert.equal(named.ok ? '' : named.error.code, 'kubeconfig.notFound');
    assert.equal(named.ok ? '' : named.error.where, join(dir, 'nope'));
    const bad = file('bad', 'apiVersion: v1\nclusters: [ {name: x, cluster: \n  token: secret-123');
    const r = loadKubeconfig([bad]);
    assert.equal(r.ok ? '' : r.error.code, 'kubeconfig.parse');
    assert.ok(!(r.ok ? '' : r.error.message).includes('secret-123'), "the reason never quotes the file's secrets");
    assert.equal(r.ok ? '' : r.error.where, bad);
    const empty = loadKubeconfig([file('empty', 'apiVersion: v1\nkind: Config\n')]);
    assert.equal(empty.ok ? '' : empty.error.code, 'kubeconfig.empty');
  });
});
