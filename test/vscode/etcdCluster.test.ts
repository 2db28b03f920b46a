import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ConsistencyReport } from '../../src/adapters/etcd/members';
import type { EtcdNode } from '../../src/adapters/etcd/tree';
import type { KubeLabApi } from '../../src/extension';
import { CommandId, EXTENSION_ID, SettingId } from '../../src/ids';
import { holdAndStop, release } from '../../src/infra/labControl';
import { labModule, sleep, until, type LabInfo } from '../support/lab';

// The etcd view on a cluster of three members (a lab of its own, npm run lab -- --etcd-members 3),
// connected by the user's settings: the Members list, Check Consistency, and a member that dies.
describe('the etcd view on three members', function () {
  this.timeout(300_000);
  let api: KubeLabApi;
  let dir: string;
  let lab: LabInfo;
  let stop: () => Promise<void>;
  const tree = () => api.etcd;
  const label = (n: EtcdNode) => String(tree().getTreeItem(n).label);
  const settings = () => vscode.workspace.getConfiguration(SettingId.section);
  const g = vscode.ConfigurationTarget.Global;

  before(async () => {
    api = (await vscode.extensions.getExtension<KubeLabApi>(EXTENSION_ID)?.activate()) as KubeLabApi;
    dir = mkdtempSync(join(tmpdir(), 'kubelab-vs-etcd3-'));
    const l = await (await labModule()).startLab({ dir, etcdMembers: 3, log: () => undefined });
    lab = l.info;
    stop = l.stop;
    await settings().update(SettingId.etcdEndpoints, lab.etcd.endpoints, g);
    await settings().update(SettingId.etcdCaFile, lab.etcd.caFile, g);
    await settings().update(SettingId.etcdCertFile, lab.etcd.certFile, g);
    await settings().update(SettingId.etcdKeyFile, lab.etcd.keyFile, g);
  });
  after(async () => {
    for (const k of [SettingId.etcdEndpoints, SettingId.etcdCaFile, SettingId.etcdCertFile, SettingId.etcdKeyFile]) await settings().update(k, undefined, g);
    await stop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const members = async () => {
    const top = await until('the Members entry', async () => {
      const t = await tree().getChildren();
      return t.find((n) => n.type === 'members') && t.some((n) => label(n) === '/') ? t : undefined;
    });
    const node = top.find((n) => n.type === 'members') as EtcdNode;
    return { node, rows: await tree().getChildren(node) };
  };

  it('lists the members first in the view: names, one leader with its term; the title names the member that answers', async () => {
    const { node, rows } = await members();
    assert.deepEqual(rows.map(label).sort(), ['controlplane', 'controlplane-2', 'controlplane-3']);
    const items = rows.map((r) => tree().getTreeItem(r));
    const leaders = items.filter((i) => /^leader · term \d+$/.test(String(i.description)));
    assert.equal(leaders.length, 1, items.map((i) => i.description).join(' | '));
    assert.ok(items.every((i) => /term \d+/.test(String(i.description))));
    assert.match(String(items[0]?.tooltip), /database: [\d.]+ kB in use of [\d.]+ kB allocated; quota 2\.1 GB/);
    assert.match(String(tree().getTreeItem(node).description), /^3 members · leader controlplane(-\d)? · term \d+$/);
    assert.match(tree().viewDescription() ?? '', /^etcd 3\.\d+\.\d+ · revision \d+ · member controlplane(-\d)? of 3 answers \(127\.0\.0\.1:\d+\)$/);
  });

  it('Check Consistency: the same hash on all three at one revision', async () => {
    const r = (await vscode.commands.executeCommand(CommandId.etcdCheckConsistency)) as ConsistencyReport;
    assert.equal(r.equal, true, r.text);
    assert.equal(r.answers.length, 3);
    assert.match(r.text, /^All 3 members hold the same keys and values up to revision \d+ \(hash \d+\)\.$/);
  });

  it('a member that dies does not show in the work: the listing goes on, no lost connection, the list shows it down; back, it is a member again', async () => {
    const { rows } = await members();
    const leader = rows.find((r) => /^leader/.test(String(tree().getTreeItem(r).description))) as Extract<EtcdNode, { type: 'member' }>;
    const process = lab.etcdMembers.find((m) => m.name === leader.row.name)?.process as string;
    assert.ok(holdAndStop(lab.dir, process).ok);
    try {
      // Listings go on while the others elect a leader; the view never says etcd is lost.
      const until$ = Date.now() + 8000;
      while (Date.now() < until$) {
        const top = await tree().getChildren();
        const slash = top.find((n) => label(n) === '/');
        assert.ok(slash, 'the top level lists');
        assert.ok((await tree().getChildren(slash)).some((n) => label(n) === 'registry/'));
        assert.ok(!tree().viewMessage(), `no lost connection shown: ${tree().viewMessage() ?? ''}`);
        await sleep(250);
      }
      const down = await until('the member shown down', async () => {
        const r = (await members()).rows.find((n) => label(n) === leader.row.name);
        return r && /^down: /.test(String(tree().getTreeItem(r).description)) ? r : undefined;
      });
      assert.equal((tree().getTreeItem(down).iconPath as vscode.ThemeIcon).id, 'error');
      const again = (await members()).rows.map((r) => String(tree().getTreeItem(r).description));
      assert.equal(again.filter((d) => /^leader/.test(d)).length, 1, `a new leader among the others: ${again.join(' | ')}`);
    } finally {
      release(lab.dir, process);
    }
    await until(
      'all three answering again',
      async () => ((await members()).rows.every((r) => /term \d+/.test(String(tree().getTreeItem(r).description))) ? true : undefined),
      60_000,
    );
  });
});
