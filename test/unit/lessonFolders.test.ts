import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario } from '../../src/core/lesson/scenario';
import { loadLesson } from '../../src/infra/lesson/files';

/** A scenario folder written for the test: index.json and its pages. */
function folder(index: unknown, pages: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-scenario-'));
  writeFileSync(join(dir, 'index.json'), JSON.stringify(index, null, 2));
  for (const [name, text] of Object.entries(pages)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('lesson folders as authors leave them', () => {
  it('loads a lesson with a bad page and a missing one: each shows its problem where it is, every other page works', () => {
    const dir = folder(
      { title: 'Pods', details: { intro: { text: 'intro.md' }, steps: [{ text: 'step1.md' }, { text: 'step2.md' }, { text: 'step3.md' }] } },
      { 'intro.md': 'Welcome.', 'step1.md': '`kubectl get pods`{{execute}}', 'step2.md': 'Fine: `ls`{{execute}}\nBroken: `ls`{{execute T0}}\n' },
    );
    const r = loadLesson('test', dir);
    assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.error));
    const lesson = r.value;
    assert.deepEqual(
      lesson.pages.map((p) => [p.file, p.step.actions.length, p.problems.map((e) => [e.file.slice(dir.length + 1), e.line])]),
      [
        ['intro.md', 0, []],
        ['step1.md', 1, []],
        ['step2.md', 1, [['step2.md', 2]]],
        // Reported at its entry in index.json (the line that names it).
        ['step3.md', 0, [['index.json', 15]]],
      ],
    );
    assert.match(lesson.pages[2]?.problems[0]?.message ?? '', /unknown or repeated word "T0"/);
    assert.match(lesson.pages[3]?.problems[0]?.message ?? '', /^step3\.md: the file does not exist/);
    // The broken annotation stays text: it never reaches a terminal.
    assert.match(lesson.pages[2]?.step.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('') ?? '', /Broken: `ls`\{\{execute T0\}\}/);
    assert.equal(lesson.problems.length, 2);
  });

  it('loads playgrounds: no steps, an intro only, or no pages at all; a page may be given as its file name', () => {
    assert.deepEqual(parseScenario('{"type": "jupyter@0.1", "backend": {"imageid": "python"}}', 'index.json'), {
      ok: true,
      value: { title: 'Lesson', description: '', verifyPasses: 'exit-0', pages: [], assets: [] },
    });
    const intro = loadLesson('test', folder({ title: 'Playground', details: { intro: 'intro.md' } }, { 'intro.md': 'Try `kubectl get nodes`{{execute}}' }));
    assert.ok(intro.ok);
    assert.deepEqual(
      intro.value.pages.map((p) => [p.id, p.step.actions.length]),
      [['intro', 1]],
    );
  });
});
