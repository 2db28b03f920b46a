import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathwayEntries, structureEntries } from '../../src/core/lesson/course';
import { listCourse } from '../../src/infra/lesson/files';

// Course folders written for the test in the two formats' shapes: Killercoda's
// structure.json and Katacoda's <name>-pathway.json with <name>/<course_id>/.
function scenario(dir: string, title: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ title, details: { steps: [{ text: 'step1.md' }] } }));
  writeFileSync(join(dir, 'step1.md'), '`ls`{{execute}}');
}

describe('courses: folders of scenarios', () => {
  it("lists Killercoda's structure.json in its order, only entries that are scenarios, never outside the folder", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-course-'));
    scenario(join(dir, 'pods'), 'Pods');
    scenario(join(dir, 'etcd-basics'), 'etcd');
    writeFileSync(
      join(dir, 'structure.json'),
      JSON.stringify({
        title: 'Kubernetes inside',
        items: [
          { path: 'pods', title: 'Pods, first' },
          { path: 'missing', title: 'Not there' },
          { path: '../outside', title: 'Outside' },
          { path: 'etcd-basics/', title: 'etcd', description: 'The store' },
        ],
      }),
    );
    assert.deepEqual(listCourse(dir), {
      title: 'Kubernetes inside',
      entries: [
        { path: 'pods', title: 'Pods, first', description: '' },
        { path: 'etcd-basics', title: 'etcd', description: 'The store' },
      ],
    });
    assert.equal(structureEntries('{"items": [{"path": "../x"}]}')?.entries.length, 0);
  });

  it("lists Katacoda's pathways (<name>/<course_id>), and else the scenario folders below, titled from their index.json", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-course-'));
    scenario(join(dir, 'intro', 'first-steps'), 'First steps');
    writeFileSync(
      join(dir, 'intro-pathway.json'),
      JSON.stringify({ title: 'Intro', courses: [{ course_id: 'first-steps', title: 'First steps', description: 'd' }] }),
    );
    assert.deepEqual(listCourse(dir)?.entries, [{ path: 'intro/first-steps', title: 'First steps', description: 'd' }]);
    assert.equal(pathwayEntries('notes.json', '{"courses": []}'), undefined);
    const plain = mkdtempSync(join(tmpdir(), 'kubelab-course-'));
    scenario(join(plain, 'b-lesson'), 'B');
    scenario(join(plain, 'group', 'a-lesson'), 'A');
    assert.deepEqual(
      listCourse(plain)?.entries.map((e) => [e.path, e.title]),
      [
        ['b-lesson', 'B'],
        ['group/a-lesson', 'A'],
      ],
    );
    assert.equal(listCourse(join(plain, 'nothing-here')), undefined);
  });
});
