import * as assert from 'node:assert/strict';
import { controlSequence, parseStep, readStep, type Action } from '../../src/core/lesson/katacoda';
import { planAction } from '../../src/core/lesson/run';
import { executeOf, stepOf } from '../support/lesson';

// Step texts written for these tests in the forms the Katacoda and Killercoda
// documentation describe and that public scenarios use (no scenario's text).
const parsed = (text: string) => stepOf(text, 'steps/step1.md');
const execute = executeOf;

describe('Katacoda steps as authors write them', () => {
  it('reads a code span that runs over several lines as one action, newlines kept, templates inside it as code', () => {
    const s = parsed(
      [
        'Make a folder and pull an image:',
        '`mkdir demo',
        'cd demo',
        "kubectl get pods -o go-template='{{range .items}}{{.metadata.name}}{{end}}'`{{execute T2}}",
        'then go on.',
      ].join('\n'),
    );
    assert.equal(s.actions.length, 1);
    const a = execute(s.actions[0]);
    assert.equal(a.terminal, 'T2');
    assert.equal(a.command, "mkdir demo\ncd demo\nkubectl get pods -o go-template='{{range .items}}{{.metadata.name}}{{end}}'");
    const part = s.parts.find((p) => p.kind === 'action');
    assert.equal(part?.kind === 'action' && part.line, 2);
    // A span closed on its own line, the annotation right after it.
    assert.equal(execute(parsed('`export KUBECONFIG=/etc/demo/admin.conf\n`{{execute}}').actions[0]).command, 'export KUBECONFIG=/etc/demo/admin.conf');
    // A plain span over two lines stays text, and so does the prose after a blank line.
    assert.deepEqual(
      parsed('a `two\nlines` span\n\n`ls`{{execute}}').actions.map((x) => execute(x).command),
      ['ls'],
    );
  });

  it('takes fences with info strings: the first word is the language, and the fences still pair', () => {
    const s = parsed(
      [
        '```yaml{2,3}',
        'kind: Pod',
        'metadata: {}',
        '```',
        '',
        '```bash title="setup.sh"',
        'kubectl apply -f pod.yaml',
        '```{{execute}}',
        '',
        '```',
        'plain',
        '```',
      ].join('\n'),
    );
    assert.deepEqual(
      s.actions.map((a) => execute(a).command),
      ['kubectl apply -f pod.yaml'],
    );
    const action = s.parts.find((p) => p.kind === 'action');
    assert.equal(action?.kind === 'action' && action.lang, 'bash');
    assert.equal(action?.kind === 'action' && action.line, 8);
    assert.match(s.parts.map((p) => (p.kind === 'text' ? p.text : '')).join(''), /```yaml\{2,3\}\nkind: Pod/);
  });

  it('reports an annotation after a closing fence whose opening one is missing as an error on its line, never a command', () => {
    const r = parseStep('Run this:\n\nkubectl get pods\n```{{execute}}\n', 'steps/step1.md');
    assert.equal(r.ok, false);
    assert.deepEqual(r.ok ? [] : r.error.map((e) => [e.line, /opening fence is missing/.test(e.message)]), [[4, true]]);
  });

  it('types {{execute no-newline}} without running it, reads HOST2 as T2, ignores test ids, and knows ^ESC', () => {
    const s = parsed(['`git commit -m "`{{execute no-newline}}', '`uptime`{{execute HOST2 test-uptime-1}}', '`^ESC`{{execute ctrl-seq}}'].join('\n'));
    const typed = execute(s.actions[0]);
    assert.equal(typed.enter, false);
    assert.deepEqual(
      planAction(typed, () => true),
      { kind: 'send', terminal: 'T1', text: 'git commit -m "' },
    );
    assert.deepEqual([execute(s.actions[1]).terminal, execute(s.actions[1]).enter, execute(s.actions[1]).command], ['T2', true, 'uptime']);
    assert.deepEqual(
      planAction(s.actions[2] as Action, () => true),
      { kind: 'send', terminal: 'T1', text: '\x1b' },
    );
    assert.equal(controlSequence('^esc'), '\x1b');
  });

  it('reads blocks closed by the fence at the end of their last line, code right after the opening backticks, leaves <pre> examples as text, and writes copy-to-editor blocks', () => {
    const s = parsed(
      [
        '```',
        'mkdir -p /opt/demo',
        'cp a.yaml /opt/demo/```{{execute}}',
        '',
        '```def square(n: Int): Int = {',
        '  n * n',
        '}```{{execute T2}}',
        '',
        '```show.schema()',
        'show.rows()```{{execute}}',
        '',
        'On the platform this is written as:',
        '<pre>`echo "shown, not run"`{{execute}}</pre>',
        '<pre class="file" data-filename="app.yaml">',
        '`kubectl apply -f app.yaml`{{execute}}',
        '</pre>',
      ].join('\n'),
    );
    assert.deepEqual(
      s.actions.map((a) => (a.type === 'write' ? ['write', a.file, a.content] : [execute(a).terminal, execute(a).command])),
      [
        ['T1', 'mkdir -p /opt/demo\ncp a.yaml /opt/demo/'],
        ['T2', 'def square(n: Int): Int = {\n  n * n\n}'],
        ['T1', 'show.schema()\nshow.rows()'],
        // A copy-to-editor block is the file to write, annotations in it included: nothing in it runs.
        ['write', 'app.yaml', '`kubectl apply -f app.yaml`{{execute}}\n'],
      ],
    );
    assert.match(s.parts.map((p) => (p.kind === 'text' ? p.text : '')).join(''), /<pre>`echo "shown, not run"`\{\{execute\}\}<\/pre>/);
  });

  it("makes the platform's addresses of the scenario machine this machine's, says so, and runs nothing with a placeholder left", () => {
    const text = [
      'Open [the app](https://[[HOST_SUBDOMAIN]]-8080-[[KATACODA_HOST]].environments.katacoda.com/ui) or [this]({{TRAFFIC_HOST1_80}}).',
      '`curl {{TRAFFIC_HOST1_80}}/healthz`{{exec}}',
      '`ping -c1 [[HOST_IP]]`{{execute}}',
      '`ssh [[HOST2_USER]]@node`{{execute}}',
      '`echo after`{{execute}}',
    ].join('\n');
    const r = parseStep(text, 'steps/step1.md');
    assert.equal(r.ok, false);
    assert.deepEqual(r.ok ? [] : r.error.map((e) => [e.line, e.message]), [
      [4, '[[HOST2_USER]] is an address of the scenario platform that no machine here has: the command does not run'],
    ]);
    const { step } = readStep(text, 'steps/step1.md');
    assert.deepEqual(
      step.actions.map((a) => execute(a).command),
      ['curl http://localhost:80/healthz', 'ping -c1 127.0.0.1', 'echo after'],
    );
    // Buttons keep pointing at their own action.
    assert.deepEqual(
      step.parts.flatMap((p) => (p.kind === 'action' ? [p.index] : [])),
      [0, 1, 2],
    );
    const shown = step.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
    assert.match(shown, /^> The scenario machine is this one/);
    assert.match(shown, /\(http:\/\/localhost:8080\/ui\) or \[this\]\(http:\/\/localhost:80\)/);
    assert.match(shown, /```\nssh \[\[HOST2_USER\]\]@node\n```/);
  });

  it('closes a fence left open at the end of the page, with a warning on the page and in the result', () => {
    const s = parsed(['Some text `ls`{{execute}}', '', '```', 'echo never closed', 'more code'].join('\n'));
    assert.deepEqual(s.warnings, [{ file: 'steps/step1.md', line: 3, message: 'the code fence opened here is never closed: it runs to the end of the page' }]);
    const text = s.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
    assert.match(text, /> ⚠ step1\.md:3: the code fence opened here is never closed/);
    assert.match(text, /```\necho never closed\nmore code\n```\n$/);
    assert.equal(s.actions.length, 1);
  });
});
