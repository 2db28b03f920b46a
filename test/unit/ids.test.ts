import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CommandId, ViewId, SettingId, WalkthroughId } from '../../src/ids';
import { LAB_MARKER } from '../../src/infra/labFile';

// The manifest and the code must agree on ids, and every user-facing string
// must exist in English and Russian: these tests read the shipped files.
const root = join(__dirname, '..', '..', '..');
const read = (p: string) => JSON.parse(readFileSync(join(root, p), 'utf8'));
const pkg = read('package.json');
const nls = read('package.nls.json') as Record<string, string>;
const nlsRu = read('package.nls.ru.json') as Record<string, string>;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('package.json and src/ids.ts', () => {
  it('contributes exactly the commands that ids.ts names, each in category KubeLab', () => {
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, Object.values(CommandId).sort());
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'KubeLab', c.command);
  });

  it('contributes the KubeLab container with the Cluster, etcd, History and Requests views, each with welcome content', () => {
    assert.equal(pkg.contributes.viewsContainers.activitybar[0].id, ViewId.container);
    const views = pkg.contributes.views[ViewId.container].map((v: { id: string }) => v.id);
    assert.deepEqual(views, [ViewId.cluster, ViewId.etcd, ViewId.history, ViewId.requests]);
    const welcomed = pkg.contributes.viewsWelcome.map((w: { view: string }) => w.view);
    assert.deepEqual(welcomed.sort(), [ViewId.cluster, ViewId.etcd, ViewId.history, ViewId.requests].sort());
  });

  it('declares every setting ids.ts reads, and the walkthrough', () => {
    const props = Object.keys(pkg.contributes.configuration.properties);
    for (const [k, v] of Object.entries(SettingId)) {
      if (k !== 'section') assert.ok(props.includes(`${SettingId.section}.${v}`), v);
    }
    assert.equal(pkg.contributes.walkthroughs[0].id, WalkthroughId.lesson);
  });

  it('activates only on its own views, commands and walkthrough, and in the lab\'s workspace (no "*", not at startup)', () => {
    assert.deepEqual(pkg.activationEvents, [`workspaceContains:${LAB_MARKER}`]);
  });
});

describe('localization', () => {
  it('has every %key% of package.json in package.nls.json and package.nls.ru.json', () => {
    const keys = [...JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1] as string);
    assert.ok(keys.length > 10);
    for (const k of keys) {
      assert.ok(nls[k], `package.nls.json lacks ${k}`);
      assert.ok(nlsRu[k], `package.nls.ru.json lacks ${k}`);
    }
    assert.deepEqual(Object.keys(nlsRu).sort(), Object.keys(nls).sort());
  });

  it('has a Russian translation for every vscode.l10n.t (and core t) string in src/, and no stale ones', () => {
    const ru = read('l10n/bundle.l10n.ru.json') as Record<string, string>;
    const used = new Set<string>();
    for (const file of sources(join(root, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:l10n\.t|\bt)\(\s*(['"])((?:\\.|(?!\1).)*)\1/g)) {
        used.add((m[2] as string).replace(/\\n/g, '\n').replace(/\\(['"\\])/g, '$1'));
      }
    }
    assert.ok(used.size > 5);
    for (const s of used) assert.ok(ru[s], `l10n/bundle.l10n.ru.json lacks "${s}"`);
    for (const s of Object.keys(ru)) assert.ok(used.has(s), `l10n/bundle.l10n.ru.json has unused "${s}"`);
  });
});
