import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import * as vscode from 'vscode';
import { apiDocumentUri } from '../../src/adapters/cluster/documents';
import { etcdDocumentUri } from '../../src/adapters/etcd/documents';
import type { EtcdNode } from '../../src/adapters/etcd/tree';
import type { KubeLabApi } from '../../src/extension';
import { apiServerReady, killLabComponent, kubectl as labKubectl, labInfo, sleep, until } from '../support/lab';
import { CommandId, EXTENSION_ID, SettingId } from '../../src/ids';

// The etcd view in a real extension host, connected to the lab's etcd by
// itself (the lab's files arrive through $KUBELAB_LAB_FILE).
const lab = labInfo();
const kubectl = (...args: string[]) => labKubectl(lab, ...args);
/** Every file under a folder (VS Code's logs: KubeLab's own and the output channels'). */
const listFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const f = join(dir, n);
    return statSync(f).isDirectory() ? listFiles(f) : [f];
  });

describe('the etcd view against the lab', function () {
  this.timeout(120_000);
  let api: KubeLabApi;
  const tree = () => api.etcd;
  const label = (n: EtcdNode) => String(tree().getTreeItem(n).label);
  async function child(parent: EtcdNode | undefined, name: string, present = true): Promise<EtcdNode | undefined> {
    const end = Date.now() + 30_000;
    for (;;) {
      const found = (await tree().getChildren(parent)).find((n) => label(n) === name);
      if (present ? found : !found) return found;
      if (Date.now() > end) throw new Error(`"${name}" ${present ? 'never appeared' : 'never went'}`);
      await sleep(250);
    }
  }
  const path = async (...names: string[]) => {
    let node: EtcdNode | undefined;
    for (const n of names) node = await child(node, n);
    return node as EtcdNode;
  };

  before(async () => {
    api = (await vscode.extensions.getExtension<KubeLabApi>(EXTENSION_ID)?.activate()) as KubeLabApi;
    tree().refresh();
    // Open via API and Show in etcd need the Cluster view on the same cluster.
    await vscode.workspace.getConfiguration(SettingId.section).update(SettingId.kubeconfig, lab.kubeconfig, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await vscode.workspace.getConfiguration(SettingId.section).update(SettingId.kubeconfig, undefined, vscode.ConfigurationTarget.Global);
    try {
      kubectl('delete', 'pod', 'hello-demo', '--ignore-not-found', '--wait=false');
    } catch {
      // the lab may be gone
    }
  });

  it('browses from / to the node controlplane, with its revisions', async () => {
    const cp = await path('/', 'registry/', 'minions/', 'controlplane');
    const item = tree().getTreeItem(cp);
    assert.match(String(item.description), /^rev \d+$/);
    assert.match(String(item.tooltip), /\/registry\/minions\/controlplane\nversion \d+\ncreate_revision \d+\nmod_revision \d+/);
  });

  it('serves a second expansion from its watched cache, without asking etcd', async () => {
    const registry = await path('/', 'registry/');
    const first = (await tree().getChildren(registry)).map(label);
    const again = (await tree().getChildren(registry)).map(label);
    assert.equal(tree().lastRequests, 0);
    assert.deepEqual(again, first);
  });

  it('opens a value read-only: metadata, the node decoded as the API shows it, and its bytes on request', async () => {
    const cp = await path('/', 'registry/', 'minions/', 'controlplane');
    await vscode.commands.executeCommand(CommandId.etcdOpenValue, cp);
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc);
    assert.equal(doc.languageId, 'jsonc');
    const text = doc.getText();
    assert.match(text, /^\/\/ key: \/registry\/minions\/controlplane$/m);
    assert.match(text, /apiVersion v1, kind Node; decoded as k8s.io.api.core.v1.Node with the types of Kubernetes 1\.29–1\.\d+$/m);
    const modRevision = /mod_revision (\d+)/.exec(text)?.[1];
    assert.match(text, new RegExp(`metadata.resourceVersion: "${modRevision}"`));
    const node = JSON.parse(
      text
        .split('\n')
        .filter((l) => !l.startsWith('//'))
        .join('\n'),
    ) as { kind: string; metadata: { name: string }; status: { conditions: Array<{ type: string; status: string }> } };
    assert.equal(node.kind, 'Node');
    assert.equal(node.metadata.name, 'controlplane');
    assert.ok(node.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'));
    // The same number the API server reports as resourceVersion (unless the node changed in between).
    const rv = JSON.parse(kubectl('get', 'node', 'controlplane', '-o', 'json')).metadata.resourceVersion as string;
    assert.ok(Number(rv) >= Number(modRevision));
    await vscode.commands.executeCommand(CommandId.etcdToggleRaw);
    const raw = vscode.window.activeTextEditor?.document;
    assert.match(raw?.getText() ?? '', /^00000000 {2}6b 38 73 00 /m);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  // The test lab encrypts Secrets at rest (scripts/test.mjs: --encrypt secretbox); its EncryptionConfiguration is in lab.json.
  it("an encrypted Secret: its anatomy, Decrypt (masked), Reveal, the API server's own JSON; no key or plaintext in any log or the watch", async () => {
    const value = 'kubelab-s3cr3t-value';
    const b64 = Buffer.from(value).toString('base64');
    const uri = (o: { reveal?: boolean; decrypt?: boolean }) => etcdDocumentUri(Buffer.from('/registry/secrets/default/kubelab-test-secret'), o);
    assert.ok(lab.encryptionConfig, 'the test lab is started with --encrypt');
    const keys = [...readFileSync(lab.encryptionConfig, 'utf8').matchAll(/secret: (\S+)/g)].map((m) => m[1] as string);
    assert.ok(keys.length >= 1);
    kubectl('create', 'secret', 'generic', 'kubelab-test-secret', `--from-literal=password=${value}`);
    try {
      const secrets = await path('/', 'registry/', 'secrets/', 'default/');
      const s = await child(secrets, 'kubelab-test-secret');
      // Watch Prefix on the Secrets, then a write it sees.
      await vscode.commands.executeCommand(CommandId.etcdWatchPrefix, secrets);
      await sleep(500);
      kubectl('label', 'secret', 'kubelab-test-secret', 'kubelab-watched=yes');
      await vscode.commands.executeCommand(CommandId.etcdOpenValue, s);
      const sealed = vscode.window.activeTextEditor?.document.getText() ?? '';
      assert.match(sealed, /encrypted at rest by the secretbox provider with key key\d+: Decrypt/);
      assert.match(sealed, /^\/\/ After the prefix: nonce 24 B · Poly1305 tag 16 B · ciphertext \d+ B$/m);
      assert.ok(!sealed.includes(b64));

      await vscode.commands.executeCommand(CommandId.etcdDecrypt);
      const masked = vscode.window.activeTextEditor?.document;
      assert.equal(new URLSearchParams(masked?.uri.query).get('decrypt'), '1');
      assert.match(masked?.getText() ?? '', /Decrypted in memory with secretbox key key\d+ of .*encryption\/config\.yaml \(the lab's\)/);
      assert.match(masked?.getText() ?? '', /"password": "<hidden: 20 bytes>"/);
      assert.ok(!(masked?.getText() ?? '').includes(b64));

      // Reveal (the command keeps Decrypt): exactly what the API server serves, less the resourceVersion etcd's copy lacks.
      const revealed = (await vscode.workspace.openTextDocument(uri({ reveal: true, decrypt: true }))).getText();
      const shown = JSON.parse(revealed.replace(/^\/\/.*\n/gm, '')) as Record<string, unknown>;
      const served = JSON.parse(kubectl('get', 'secret', 'kubelab-test-secret', '-o', 'json', '--show-managed-fields')) as {
        metadata: Record<string, unknown>;
      };
      delete served.metadata.resourceVersion;
      assert.deepEqual(shown, served);

      await vscode.commands.executeCommand(CommandId.etcdOpenViaApi, s);
      const viaApi = vscode.window.activeTextEditor?.document;
      assert.equal(viaApi?.uri.scheme, 'kubelab-api');
      assert.match(viaApi?.uri.path ?? '', /\/api\/v1\/namespaces\/default\/secrets\/kubelab-test-secret\.json$/);
      // The same rule through the API: masked until revealed.
      const apiText = viaApi?.getText() ?? '';
      assert.match(apiText, /"password": "<hidden: 20 bytes>"/);
      assert.ok(!apiText.includes(b64), 'the API document does not show the data at once');
      const apiRevealed = await vscode.workspace.openTextDocument(
        apiDocumentUri('kubernetes-admin@kubelab', '/api/v1/namespaces/default/secrets/kubelab-test-secret', { reveal: true }),
      );
      assert.match(apiRevealed.getText(), new RegExp(`"password": "${b64}"`));

      // The watch printed the write as encrypted, and nothing anywhere in VS Code's logs holds a key or the value.
      const logs = join(api.paths.log, '..', '..');
      const files = () => listFiles(logs);
      const all = await until('the watch line of the encrypted Secret', async () => {
        const text = files()
          .map((f) => readFileSync(f, 'latin1'))
          .join('\n');
        return /kubelab-test-secret[^\n]*\n\s+encrypted at rest \(secretbox key key\d+\)/.test(text) ? text : undefined;
      });
      for (const k of keys) assert.ok(!all.includes(k) && !all.includes(Buffer.from(k, 'base64').toString('latin1')), 'no key of the config in a log');
      assert.ok(!all.includes(value) && !all.includes(b64), 'no plaintext in a log');
    } finally {
      await vscode.commands.executeCommand(CommandId.etcdStopWatch);
      kubectl('delete', 'secret', 'kubelab-test-secret', '--ignore-not-found');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('Decrypt says which key it needs and what the file has, and what is wrong with a bad file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-enc-'));
    const c = vscode.workspace.getConfiguration(SettingId.section);
    kubectl('create', 'secret', 'generic', 'kubelab-test-secret', '--from-literal=a=b');
    try {
      const key = Buffer.from('/registry/secrets/default/kubelab-test-secret');
      const other = join(dir, 'other.yaml');
      writeFileSync(
        other,
        'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - aescbc:\n          keys:\n            - name: elsewhere\n              secret: ' +
          Buffer.alloc(32, 1).toString('base64') +
          '\n      - identity: {}\n',
      );
      await c.update(SettingId.encryptionConfig, other, vscode.ConfigurationTarget.Global);
      // Decrypt again after the file changed: an open document is rendered anew.
      const decryptAgain = async (uri: vscode.Uri, want: RegExp) => {
        await vscode.commands.executeCommand(CommandId.etcdDecrypt, uri);
        return until(`Decrypt's words ${want}`, async () => {
          const text = vscode.window.activeTextEditor?.document.getText() ?? '';
          return want.test(text) ? text : undefined;
        });
      };
      const needs = await decryptAgain(etcdDocumentUri(key), /Cannot decrypt/);
      assert.match(
        needs,
        new RegExp(`Cannot decrypt with secretbox key key\\d+: the value needs secretbox key key\\d+; ${other.replace(/[.]/g, '\\.')} has: aescbc elsewhere`),
      );
      assert.doesNotMatch(needs, /^\{/m, 'no partial output');
      writeFileSync(other, 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources: [\n');
      const bad = await decryptAgain(etcdDocumentUri(key, { decrypt: true }), /not valid/);
      assert.match(bad, /The EncryptionConfiguration .*other\.yaml is not valid: not valid YAML \(line \d+, column \d+/);
    } finally {
      await c.update(SettingId.encryptionConfig, undefined, vscode.ConfigurationTarget.Global);
      kubectl('delete', 'secret', 'kubelab-test-secret', '--ignore-not-found');
      rmSync(dir, { recursive: true, force: true });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('goes from a pod in the Cluster view to its key in etcd (Show in etcd), decoded', async () => {
    kubectl('create', '-f', join(lab.workspace, 'hello-service.json'));
    try {
      await until('hello-demo in the Cluster view', async () =>
        (await vscode.commands.executeCommand(CommandId.clusterReveal, '/api/v1/namespaces/default/pods/hello-demo')) ? true : undefined,
      );
      const pod = api.cluster.selection()[0];
      await vscode.commands.executeCommand(CommandId.clusterShowInEtcd, pod);
      const doc = vscode.window.activeTextEditor?.document;
      assert.equal(doc?.uri.scheme, 'kubelab-etcd');
      assert.equal(doc?.uri.path, '/registry/pods/default/hello-demo');
      assert.match(doc?.getText() ?? '', /"name": "hello-demo"/);
      const selected = api.etcd.selection()[0];
      assert.equal(selected?.type === 'leaf' && selected.key.toString(), '/registry/pods/default/hello-demo');
    } finally {
      kubectl('delete', 'pod', 'hello-demo', '--ignore-not-found', '--wait=true');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it("shows a pod's key appear and go as the pod is created and deleted, from its watch", async () => {
    const registry = await path('/', 'registry/');
    await tree().getChildren(registry); // read (and watched) before the pod exists
    kubectl('create', '-f', join(lab.workspace, 'hello-service.json'));
    const pods = await child(registry, 'pods/');
    const ns = await child(pods, 'default/');
    await child(ns, 'hello-demo');
    kubectl('delete', 'pod', 'hello-demo', '--wait=true');
    await child(ns, 'hello-demo', false);
  });

  it("copies the key and the lesson's etcdctl command with the certificate flags", async () => {
    const cp = await path('/', 'registry/', 'minions/', 'controlplane');
    await vscode.commands.executeCommand(CommandId.etcdCopyKey, cp);
    assert.equal(await vscode.env.clipboard.readText(), '/registry/minions/controlplane');
    await vscode.commands.executeCommand(CommandId.etcdCopyEtcdctl, cp);
    const line = await vscode.env.clipboard.readText();
    assert.ok(line.startsWith('etcdctl get /registry/minions/controlplane --endpoints https://127.0.0.1:'), line);
    assert.ok(line.includes(`--cacert ${lab.etcd.caFile}`), line);
    const out = execFileSync('bash', ['-c', line.replace(/^etcdctl/, join(lab.bin, 'etcdctl')) + ' --print-value-only'], { timeout: 30_000 });
    assert.deepEqual([...out.subarray(0, 4)], [0x6b, 0x38, 0x73, 0x00]);
  });

  describe('keys the test writes itself (outside /registry)', () => {
    let client: Etcd3;
    const many = Array.from({ length: 620 }, (_, i) => `/kubelab-test/many/k${String(i).padStart(4, '0')}`);
    const odd = Buffer.concat([Buffer.from('/kubelab-test/odd/'), Buffer.from([0xff, 0xfe]), Buffer.from('/x')]);
    before(async () => {
      // The explorer never writes; the test does, with its own client.
      client = new Etcd3({
        hosts: lab.etcd.endpoints,
        credentials: { rootCertificate: readFileSync(lab.etcd.caFile), certChain: readFileSync(lab.etcd.certFile), privateKey: readFileSync(lab.etcd.keyFile) },
      });
      for (let i = 0; i < many.length; i += 100) await Promise.all(many.slice(i, i + 100).map((k) => client.put(k).value('v')));
      await client.put(odd).value('odd');
      tree().refresh();
    });
    after(async () => {
      await client.delete().prefix('/kubelab-test/');
      client.close();
    });

    it('Load more hangs the next page under its directory, repaints only that directory, and reveal reaches a key past the first page', async () => {
      const dir = await path('/', 'kubelab-test/', 'many/');
      const first = await tree().getChildren(dir);
      const more = first.find((n) => n.type === 'more');
      assert.ok(more, 'a level of 620 keys comes in pages');
      assert.equal(first.length - 1, 500);
      assert.equal(tree().getParent(more), dir);
      const fired: (EtcdNode | undefined)[] = [];
      const sub = tree().onDidChangeTreeData((e) => fired.push(e ?? undefined));
      try {
        await vscode.commands.executeCommand(CommandId.etcdLoadMore, more);
      } finally {
        sub.dispose();
      }
      assert.deepEqual(fired, [dir], 'only the directory repaints, not the whole tree');
      const all = await tree().getChildren(dir);
      assert.equal(all.length, 620);
      const late = all.find((n) => label(n) === 'k0610');
      assert.ok(late);
      assert.equal(tree().getParent(late), dir, 'a key of the second page has its directory as parent');
      tree().refresh();
      const revealed = await tree().reveal('/kubelab-test/many/k0615');
      assert.equal(revealed?.type === 'leaf' && revealed.key.toString(), '/kubelab-test/many/k0615');
      assert.equal(tree().getParent(revealed as EtcdNode)?.id, dir.id);
      tree().refresh(); // what a reconnect to etcd does, possibly while a reveal is under way
      const parent = tree().getParent(revealed as EtcdNode);
      assert.equal(parent?.id, dir.id, 'the revealed key keeps its directory through a refresh');
      assert.equal(parent && tree().getParent(parent)?.id, tree().getParent(dir)?.id);
    });

    it('copies an etcdctl command for a directory whose key is not UTF-8, and the copied line runs', async () => {
      const top = await path('/', 'kubelab-test/', 'odd/');
      const weird = (await tree().getChildren(top)).find((n) => n.type === 'dir');
      assert.ok(weird, 'the non-UTF-8 directory is listed');
      await vscode.commands.executeCommand(CommandId.etcdCopyEtcdctl, weird);
      const line = await vscode.env.clipboard.readText();
      assert.match(line, /^etcdctl get \$'\/kubelab-test\/odd\/\\xff\\xfe\/' --prefix --keys-only --endpoints /);
      const out = execFileSync('bash', ['-c', line.replace(/^etcdctl/, join(lab.bin, 'etcdctl'))], { timeout: 30_000 });
      assert.ok(out.includes(odd), `the copied line lists the key: ${out.toString('latin1')}`);
    });
  });

  it('shows a lost etcd in the view when it happens, without a click, and clears it when etcd is back', async () => {
    await path('/', 'registry/', 'minions/'); // levels read, so their watches run
    killLabComponent(lab, 'etcd');
    const shown = await until('the view to say etcd is lost', async () => tree().viewMessage(), 30_000);
    assert.match(shown, /Lost the connection to etcd/);
    // The lab restarts etcd, as the kubelet would.
    await until('the message to go when etcd is back', async () => (tree().viewMessage() === undefined ? true : undefined), 90_000);
    await path('/', 'registry/', 'minions/', 'controlplane');
    await apiServerReady(lab); // the tests after this one need it serving again too
  });
});
