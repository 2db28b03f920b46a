import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { assetFiles, assetTarget, copyAssets, loadLesson } from '../../src/infra/lesson/files';

describe('lesson assets as authors list them', () => {
  const folder = mkdtempSync(join(tmpdir(), 'kubelab-assets-'));
  for (const f of ['run.sh', 'pod.yaml', 'app1/a.json', 'app1/deep/b.json', 'app1/deep/c.txt', 'app2/d.json']) {
    mkdirSync(join(folder, 'assets', f, '..'), { recursive: true });
    writeFileSync(join(folder, 'assets', f), f);
  }

  it('expands globs (* within a folder, ** across folders), keeping what they matched below the target', () => {
    const names = (glob: string) => assetFiles(folder, glob).map((f) => [relative(join(folder, 'assets'), f.from), f.to]);
    assert.deepEqual(names('*'), [
      ['pod.yaml', 'pod.yaml'],
      ['run.sh', 'run.sh'],
    ]);
    assert.deepEqual(names('app1/**/*.json'), [
      ['app1/a.json', 'a.json'],
      ['app1/deep/b.json', 'deep/b.json'],
    ]);
    assert.deepEqual(
      names('**/*.json').map(([from]) => from),
      ['app1/a.json', 'app1/deep/b.json', 'app2/d.json'],
    );
    assert.deepEqual(
      names('app*/*.*').map(([from]) => from),
      ['app1/a.json', 'app2/d.json'],
    );
    assert.equal(names('**').length, 6);
    assert.deepEqual(names('pod.yaml'), [['pod.yaml', 'pod.yaml']]);
    assert.deepEqual(names('nope.yaml'), []);
  });

  it("puts targets in the learner's home (~, /root, /home/<user>) in the working folder, and nothing outside it", () => {
    assert.deepEqual(['~/', '~', '/root', '/root/tutorial', '/home/ubuntu/web', 'conf', '/usr/local/bin', '/etc'].map(assetTarget), [
      '',
      '',
      '',
      'tutorial',
      'web',
      'conf',
      undefined,
      undefined,
    ]);
    writeFileSync(
      join(folder, 'index.json'),
      JSON.stringify(
        {
          title: 'Assets',
          details: {
            steps: [{ text: 'step1.md' }],
            assets: {
              host01: [
                { file: '*', target: '/root/' },
                { file: 'app1/**/*.json', target: '/home/ubuntu/data' },
                { file: 'run.sh', target: '/usr/local/bin', chmod: '+x' },
                { file: 'missing.sh', target: '~/' },
              ],
            },
          },
        },
        null,
        2,
      ),
    );
    writeFileSync(join(folder, 'step1.md'), '`ls`{{execute}}');
    const r = loadLesson('t', folder);
    assert.ok(r.ok);
    // The missing asset, at the line of index.json that names it.
    assert.deepEqual(
      r.value.problems.map((e) => [e.file, e.message]),
      [[join(folder, 'index.json'), "assets/missing.sh: no such file in the lesson's assets folder"]],
    );
    const index = readFileSync(join(folder, 'index.json'), 'utf8').split('\n');
    assert.match(index[(r.value.problems[0]?.line ?? 0) - 1] ?? '', /"file": "missing\.sh"/);
    const work = mkdtempSync(join(tmpdir(), 'kubelab-work-'));
    const copied = copyAssets(r.value, work).map((f) => relative(work, f));
    assert.deepEqual(copied.sort(), ['data/a.json', 'data/deep/b.json', 'pod.yaml', 'run.sh']);
  });
});
