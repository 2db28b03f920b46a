import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOutput, progressOf, verifyPassed } from '../../src/core/lesson/check';
import { parseScenario } from '../../src/core/lesson/scenario';
import { runScript } from '../../src/infra/lesson/scripts';

const scenario = (json: unknown) => {
  const r = parseScenario(JSON.stringify(json), 'index.json');
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.error));
  return r.value;
};

describe('steps that check themselves: which rule a scenario follows', () => {
  it('Katacoda (an index.json with "environment"): a verify script passes by printing done', () => {
    const s = scenario({ details: { steps: [{ text: 's.md', verify: 's-verify.sh', courseData: 'data.sh' }] }, environment: { uilayout: 'terminal' } });
    assert.equal(s.verifyPasses, 'prints-done');
    assert.deepEqual(s.pages[0]?.scripts, { verify: 's-verify.sh', other: ['data.sh'] });
  });

  it('a Katacoda challenge passes on exit code 0, and has a hint script per task', () => {
    const s = scenario({ type: 'challenge@0.8', details: { steps: [{ text: '1_task.md', verify: '1_verify.sh', hint: '1_hint.sh' }] }, environment: {} });
    assert.equal(s.verifyPasses, 'exit-0');
    assert.deepEqual(s.pages[0]?.scripts, { verify: '1_verify.sh', hint: '1_hint.sh', other: [] });
  });

  it('Killercoda (no "environment"): exit code 0, with background and foreground setup per page', () => {
    const s = scenario({
      details: {
        intro: { text: 'intro/text.md', background: 'intro/bg.sh', foreground: 'intro/fg.sh' },
        steps: [{ text: 'step1/text.md', verify: 'step1/verify.sh' }],
      },
      backend: { imageid: 'ubuntu' },
    });
    assert.equal(s.verifyPasses, 'exit-0');
    assert.deepEqual(
      s.pages.map((p) => p.scripts),
      [
        { background: 'intro/bg.sh', foreground: 'intro/fg.sh', other: [] },
        { verify: 'step1/verify.sh', other: [] },
      ],
    );
  });

  it('refuses a script outside the scenario folder', () => {
    const r = parseScenario(JSON.stringify({ details: { steps: [{ text: 's.md', verify: '../../etc/evil.sh' }] } }), 'index.json');
    assert.equal(r.ok, false);
    assert.match(
      !r.ok ? (r.error[0]?.message ?? '') : '',
      /details\.steps\[0\]\.verify: "\.\.\/\.\.\/etc\/evil\.sh" must be a file inside the scenario folder/,
    );
  });
});

describe('steps that check themselves: running a verify script', function () {
  this.timeout(20_000);
  let dir: string;
  const script = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const run = (file: string, timeoutMs = 5000) => runScript(file, [], { cwd: dir, env: process.env, timeoutMs });
  before(() => (dir = mkdtempSync(join(tmpdir(), 'kubelab-verify-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("Katacoda's way: passes once the script prints done, whatever the exit code of a failing test before it", async () => {
    // The shape Katacoda's documentation gives: a test, then `echo "done"`.
    const verify = script('katacoda-verify.sh', '#!/bin/bash\n[ -d ./repo/.git ] && echo "done"\n');
    const before = await run(verify);
    assert.deepEqual([before.exitCode, verifyPassed('prints-done', before)], [1, false]);
    // An `if` without `else` ends with 0 when it fails: only "done" may count.
    const iffy = await run(script('iffy.sh', 'if [ -d ./repo/.git ]; then echo done; fi\n'));
    assert.deepEqual([iffy.exitCode, verifyPassed('prints-done', iffy)], [0, false]);
    await run(script('init.sh', 'mkdir -p repo/.git'));
    assert.equal(verifyPassed('prints-done', await run(verify)), true);
    assert.equal(verifyPassed('prints-done', await run(script('iffy.sh', 'if [ -d ./repo/.git ]; then echo done; fi\n'))), true);
  });

  it("Killercoda's way: exit code 0, whatever it prints; the output of a failure is kept for the learner", async () => {
    const verify = script('killercoda-verify.sh', 'stat ./panda\n');
    const first = await run(verify);
    assert.equal(verifyPassed('exit-0', first), false);
    assert.match(checkOutput(first), /panda/);
    writeFileSync(join(dir, 'panda'), 'x');
    const second = await run(verify);
    assert.deepEqual([second.exitCode, verifyPassed('exit-0', second), verifyPassed('prints-done', second)], [0, true, false]);
  });

  it('stops a script at its deadline, and what it started with it; a stopped script never passes', async () => {
    const started = Date.now();
    const r = await run(script('slow.sh', `sleep 30 & echo $! > ${join(dir, 'child.pid')}; wait; echo done\n`), 500);
    assert.ok(Date.now() - started < 5000);
    assert.deepEqual([r.timedOut, r.exitCode, verifyPassed('exit-0', r), verifyPassed('prints-done', r)], [true, null, false, false]);
    const child = Number(readFileSync(join(dir, 'child.pid'), 'utf8'));
    // Gone, or a zombie waiting for whoever reaps orphans here: either way no longer running.
    const state = () => (existsSync(`/proc/${child}/stat`) ? (readFileSync(`/proc/${child}/stat`, 'utf8').split(') ')[1]?.[0] ?? '') : 'gone');
    assert.match(state(), /^(gone|Z|X)$/, 'the sleep the script started is stopped too');
  });
});

describe('steps that check themselves: progress', () => {
  it('counts the pages that can be done (a command to run or a verify script), not the intro and finish', () => {
    const exec = { type: 'execute' } as never;
    const pages = [
      { step: { actions: [] }, scripts: {} },
      { step: { actions: [exec] }, scripts: {} },
      { step: { actions: [] }, scripts: { verify: 'v.sh' } },
      { step: { actions: [] }, scripts: {} },
    ];
    assert.deepEqual(progressOf(pages, new Set()), { done: 0, total: 2 });
    assert.deepEqual(progressOf(pages, new Set([2, 3])), { done: 1, total: 2 });
  });
});
