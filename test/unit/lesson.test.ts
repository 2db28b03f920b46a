import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { controlSequence, type Action } from '../../src/core/lesson/katacoda';
import { english } from '../../src/core/l10n';
import { commandUri, inlineCode, renderStep } from '../../src/core/lesson/render';
import { failureHint, needsEtcdctlApi, outcomeOf, planAction, stepDone, terminalEnv, toolsOf } from '../../src/core/lesson/run';
import { parseScenario } from '../../src/core/lesson/scenario';
import { checkContribution } from '../../src/core/lesson/walkthrough';
import { copyAssets, loadLesson } from '../../src/infra/lesson/files';
import { BUILTIN_LESSONS, type BuiltinLesson } from '../../src/ids';
import { executeOf, refused, stepOf } from '../support/lesson';

const root = join(__dirname, '..', '..', '..');
const ok = (text: string) => stepOf(text);
const errors = (text: string) => refused(text);
const exec = executeOf;

describe('Katacoda step parser', () => {
  it('reads every inline annotation form', () => {
    const s = ok(
      [
        '`ls`{{execute}}',
        '`ls -l`{{execute T2}}',
        'text `top`{{execute interrupt T1}} more',
        '`^C`{{execute ctrl-seq T2}}',
        '`echo hi`{{copy}}',
        '`hello-service.json`{{open}}',
        '`plain`{{}}',
        '`kubectl get po`{{exec}}',
        '`watch date`{{exec interrupt}}',
        '`uptime`{{execute HOST2}}',
      ].join('\n'),
    );
    assert.deepEqual(
      s.actions.map((a) =>
        a.type === 'execute'
          ? `${a.terminal}${a.interrupt ? '!' : ''} ${a.command}`
          : a.type === 'ctrl-seq'
            ? `${a.terminal} ${a.sequence}`
            : a.type === 'copy'
              ? `copy ${a.text}`
              : a.type === 'open'
                ? `open ${a.path}`
                : `write ${a.file}`,
      ),
      ['T1 ls', 'T2 ls -l', 'T1! top', 'T2 ^C', 'copy echo hi', 'open hello-service.json', 'T1 kubectl get po', 'T1! watch date', 'T2 uptime'],
    );
    // `plain`{{}} stays as code in the text; a code span in prose is inline, one alone on its line is a block.
    const parts = s.parts.filter((p) => p.kind === 'action');
    assert.equal(parts[0]?.kind === 'action' && parts[0].inline, false);
    assert.equal(parts[2]?.kind === 'action' && parts[2].inline, true);
    assert.ok(s.parts.some((p) => p.kind === 'text' && p.text.includes('`plain`')));
  });

  it('reads annotations on closing fences, keeping the language and multi-line commands', () => {
    const s = ok(
      ['Run:', '```bash', 'kubectl get nodes', 'kubectl get pods', '```{{execute T2}}', '', '```', 'not annotated', '```', '~~~', 'cat x', '~~~{{copy}}'].join(
        '\n',
      ),
    );
    const a = exec(s.actions[0]);
    assert.equal(a.command, 'kubectl get nodes\nkubectl get pods');
    assert.equal(a.terminal, 'T2');
    assert.deepEqual(s.actions[1], { type: 'copy', text: 'cat x' });
    assert.equal(s.actions.length, 2);
    const part = s.parts.find((p) => p.kind === 'action');
    assert.equal(part?.kind === 'action' && part.lang, 'bash');
  });

  it('reads the seed lesson line with two commands for two terminals, in Russian text', () => {
    const s = ok('Очистим терминалы.\n\n`clear`{{execute T1}} `clear`{{execute T2}}Конфигурация и состояние кластера');
    assert.deepEqual(
      s.actions.map((a) => exec(a).terminal),
      ['T1', 'T2'],
    );
    assert.ok(s.parts.some((p) => p.kind === 'text' && p.text.includes('Конфигурация')));
  });

  it('attaches KubeLab alternatives and expected exit codes to the command before them', () => {
    const s = ok(
      [
        '`docker ps | grep hello`{{execute T2}}',
        '<!-- kubelab without docker: crictl ps | grep hello -->',
        '<!-- kubelab without crictl: kubectl get pods | grep hello -->',
        '<!-- kubelab expect-exit 1 -->',
      ].join('\n'),
    );
    const a = exec(s.actions[0]);
    assert.deepEqual(a.alternatives, [
      { without: 'docker', command: 'crictl ps | grep hello' },
      { without: 'crictl', command: 'kubectl get pods | grep hello' },
    ]);
    assert.equal(a.expectExit, 1);
    assert.ok(!s.parts.some((p) => p.kind === 'text' && p.text.includes('kubelab')), 'directives are not shown as text');
  });

  it('refuses malformed annotations with the line and why', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['ok\n`ls`{{execute T0}}', 2, /unknown or repeated word "T0"/],
      ['`ls`{{exceute}}', 1, /unknown annotation \{\{exceute\}\}/],
      ['`ls`{{execute T1 T2}}', 1, /repeated word "T2"/],
      ['`ls`{{copy T1}}', 1, /takes no words/],
      ['`C`{{execute ctrl-seq}}', 1, /needs a control sequence such as \^C/],
      ['`^C`{{execute ctrl-seq interrupt}}', 1, /do not go together/],
      ['run it {{execute T1}}', 1, /must follow `code`/],
      ['`ls`{{execute T1', 1, /not closed/],
      ['text\n<!-- kubelab without docker: ls -->', 2, /must come right after a command/],
      ['`ls`{{execute}}\nprose between\n<!-- kubelab expect-exit 1 -->', 3, /must come right after a command/],
      ['`ls`{{execute}}\n<!-- kubelab run-as root -->', 2, /unknown KubeLab directive/],
    ];
    for (const [text, line, why] of cases) {
      const e = errors(text);
      assert.equal(e[0]?.line, line, text);
      assert.match(e[0]?.message ?? '', why, text);
      assert.equal(e[0]?.file, 'step.md');
    }
  });

  it('maps control sequences to control characters', () => {
    assert.equal(controlSequence('^C'), '\x03');
    assert.equal(controlSequence('^d'), '\x04');
    assert.equal(controlSequence('^['), '\x1b');
    assert.equal(controlSequence('C'), undefined);
    assert.equal(controlSequence('^CC'), undefined);
  });
});

describe('lesson routing (pure)', () => {
  const step = ok(
    [
      '`export ID=$(docker ps -q)`{{execute T1}}',
      '<!-- kubelab without docker: export ID=$(crictl ps -q) -->',
      '<!-- kubelab without crictl: pgrep -a etcd -->',
      '`^C`{{execute ctrl-seq T2}}',
      '`x`{{copy}}',
      '`ps | grep x`{{execute T2}}',
      '<!-- kubelab expect-exit 1 -->',
    ].join('\n'),
  );

  it('runs the original while its tool works, else the first alternative whose tool works, down the chain', () => {
    const a = step.actions[0] as Action;
    assert.deepEqual(
      planAction(a, () => true),
      { kind: 'execute', terminal: 'T1', interrupt: false, command: 'export ID=$(docker ps -q)', expectExit: 0 },
    );
    const noDocker = planAction(a, (t) => t !== 'docker');
    assert.equal(noDocker.kind === 'execute' && noDocker.command, 'export ID=$(crictl ps -q)');
    assert.deepEqual(noDocker.kind === 'execute' && noDocker.instead, { tool: 'docker', original: 'export ID=$(docker ps -q)' });
    const neither = planAction(a, () => false);
    assert.equal(neither.kind === 'execute' && neither.command, 'pgrep -a etcd');
    assert.deepEqual(toolsOf(step.actions), ['docker', 'crictl']);
  });

  it('routes control sequences, copies and commands to the terminal the lesson names', () => {
    assert.deepEqual(
      planAction(step.actions[1] as Action, () => true),
      { kind: 'send', terminal: 'T2', text: '\x03' },
    );
    assert.deepEqual(
      planAction(step.actions[2] as Action, () => true),
      { kind: 'copy', text: 'x' },
    );
    const grep = planAction(step.actions[3] as Action, () => true);
    assert.equal(grep.kind === 'execute' && grep.terminal, 'T2');
  });

  it('counts a step done when each command met its expected exit code at least once', () => {
    assert.equal(outcomeOf(0, 0), 'ok');
    assert.equal(outcomeOf(1, 1), 'ok');
    assert.equal(outcomeOf(0, 1), 'failed');
    assert.equal(outcomeOf(undefined, 0), 'unknown');
    assert.equal(stepDone(step, new Set([0])), false);
    assert.equal(stepDone(step, new Set([0, 3])), true, 'copy and ctrl-seq are not commands to wait for');
    assert.equal(stepDone(ok('no commands here'), new Set()), false);
  });

  it('says what a failure likely means', () => {
    assert.match(failureHint('curl -s 127.0.0.1:8080/api | jq', 7, english) ?? '', /proxy from the first step/);
    assert.match(failureHint('etcdctl get /x', 1, english) ?? '', /ETCDCTL_/);
    assert.match(failureHint('nosuchtool', 127, english) ?? '', /did not find the program/);
    assert.equal(failureHint('false', 1, english), undefined);
  });

  it('gives the terminals KUBECONFIG and ETCDCTL_* from the settings, and ETCDCTL_API only for etcdctl before 3.6', () => {
    const env = terminalEnv({
      kubeconfig: '/k',
      etcd: { endpoints: ['https://a:2379', 'https://b:2379'], caFile: '/ca', certFile: '/c', keyFile: '/k.key' },
      pathPrepend: ['/lab/bin'],
      currentPath: '/usr/bin',
      etcdctlVersion: '3.5.21',
    });
    assert.deepEqual(env, {
      KUBECONFIG: '/k',
      ETCDCTL_ENDPOINTS: 'https://a:2379,https://b:2379',
      ETCDCTL_CACERT: '/ca',
      ETCDCTL_CERT: '/c',
      ETCDCTL_KEY: '/k.key',
      ETCDCTL_API: '3',
      PATH: '/lab/bin:/usr/bin',
    });
    assert.equal(terminalEnv({ etcdctlVersion: '3.6.4' }).ETCDCTL_API, undefined);
    assert.equal(needsEtcdctlApi('3.3.10'), true);
    assert.equal(needsEtcdctlApi(undefined), true);
    assert.equal(needsEtcdctlApi('3.6.0'), false);
  });
});

describe('lesson rendering', () => {
  it('turns each action into a command link with its lesson, page and index', () => {
    const s = ok(
      'Do it:\n\n`ls -l`{{execute T2}}\n<!-- kubelab without docker: ls -->\n\nand `date`{{execute}} inline.\n\n[the node](kubelab:cluster/api/v1/nodes/cp)',
    );
    const { markdown, errors: errs } = renderStep(s.parts, { lesson: 'builtin', page: 3 }, english);
    assert.deepEqual(errs, []);
    assert.ok(markdown.includes('```bash\nls -l\n```'));
    assert.ok(markdown.includes(`[▶ Run in T2](${commandUri('kubelab.lessonRun', ['builtin', 3, 0])})`));
    assert.ok(markdown.includes('`date` [▶ Run in T1]'));
    assert.ok(markdown.includes('Where `docker` cannot be used, KubeLab runs instead: `ls`'));
    assert.ok(markdown.includes(`[the node](${commandUri('kubelab.clusterReveal', ['/api/v1/nodes/cp'])})`));
    assert.deepEqual(JSON.parse(decodeURIComponent(commandUri('x', ['/a (b)', 1]).split('?')[1] as string)), ['/a (b)', 1]);
    assert.ok(!commandUri('x', ['(']).includes('('), 'parentheses would end a markdown link');
  });

  it('refuses an unknown kubelab: link', () => {
    const s = ok('a\n[x](kubelab:nodes/cp)');
    assert.match(renderStep(s.parts, { lesson: 'l', page: 0 }, english, 'f.md').errors[0]?.message ?? '', /unknown link kubelab:nodes\/cp/);
  });

  it('quotes code that holds backticks', () => {
    assert.equal(inlineCode('a`b'), '``a`b``');
    assert.equal(inlineCode('`x'), '`` `x ``');
  });
});

describe('scenario index.json', () => {
  it("reads intro, steps, finish, assets and the pages' scripts", () => {
    const r = parseScenario(
      JSON.stringify({
        title: 'T',
        details: {
          intro: { text: 'intro.md' },
          steps: [{ title: 'One', text: 'step1.md', verify: 'verify.sh' }],
          finish: { text: 'finish.md' },
          assets: { host01: [{ file: 'a.json', target: '~/' }] },
        },
      }),
      'index.json',
    );
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.pages.map((p) => `${p.id}:${p.file}`),
      ['intro:intro.md', 'step1:step1.md', 'finish:finish.md'],
    );
    assert.deepEqual(r.value.pages[1]?.scripts, { verify: 'verify.sh', other: [] });
    assert.deepEqual(r.value.assets, [{ file: 'a.json', target: '~/', line: 1 }]); // one line of JSON
  });

  it('refuses broken index.json files with what is wrong', () => {
    const bad: Array<[string, RegExp]> = [
      ['{"title": "x",', /not valid JSON/],
      ['[]', /must hold an object/],
      ['{"details": {"steps": "step1.md"}}', /must be a list of steps/],
      ['{"details": {"steps": [{"title": "x"}]}}', /has no "text"/],
      ['{"details": {"steps": [{"text": "../../etc/passwd"}]}}', /inside the scenario folder/],
      ['{"details": {"steps": [{"text": "a.md", "id": "x"}, {"text": "b.md", "id": "x"}]}}', /two pages have the id "x"/],
    ];
    for (const [text, why] of bad) {
      const r = parseScenario(text, 'index.json');
      assert.equal(r.ok, false, text);
      if (!r.ok) assert.match(r.error[0]?.message ?? '', why, text);
    }
  });
});

/** package.json and its strings in English and Russian, as the build's walkthrough check reads them. */
const manifest = () => ({
  pkg: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')),
  nls: {
    en: JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')),
    ru: JSON.parse(readFileSync(join(root, 'package.nls.ru.json'), 'utf8')),
  },
});

describe('the built-in lesson', () => {
  const folder = join(root, 'walkthroughs', 'lesson');
  const en = loadLesson('builtin', folder, 'en');
  const ru = loadLesson('builtin', folder, 'ru');

  it('parses in English and Russian, with the same commands for the same terminals on every page', () => {
    assert.ok(en.ok && ru.ok, JSON.stringify([!en.ok && en.error, !ru.ok && ru.error]));
    assert.equal(ru.value.language, 'ru');
    assert.deepEqual(
      en.value.pages.map((p) => p.id),
      ['intro', 'proxy', 'etcd', 'create', 'object', 'get', 'record', 'delete', 'gone', 'history', 'clear'],
    );
    assert.match(
      en.value.pages[9]?.markdown ?? '',
      /\]\(kubelab:history\/registry\/pods\/default\/hello-demo\)/,
      "the history page links to the pod key's history",
    );
    for (const [i, p] of en.value.pages.entries()) assert.deepEqual(ru.value.pages[i]?.step.actions, p.step.actions, p.id);
    assert.match(ru.value.pages[1]?.markdown ?? '', /Спроксируем/);
  });

  it('carries the seed lesson commands, with equivalents where Docker is missing', () => {
    assert.ok(en.ok);
    const commands = en.value.pages.flatMap((p) => p.step.actions.map((a) => (a.type === 'execute' ? a.command : '')));
    for (const c of [
      './proxy_api_server_to_localhost_8080.sh &',
      'cat ./hello-service.json | jq',
      'curl -s 127.0.0.1:8080/api/v1/namespaces/default/pods/hello-demo | jq',
      'docker exec -it $ETCD_DOCKER_ID etcdctl get /registry/pods/default/hello-demo --cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/peer.crt --key /etc/kubernetes/pki/etcd/peer.key',
      'curl -X DELETE 127.0.0.1:8080/api/v1/namespaces/default/pods/hello-demo',
      'curl 127.0.0.1:8080/api/v1/namespaces/default/pods/hello-demo | jq',
      'docker ps | grep -v pause | grep hello',
      'clear',
    ]) {
      assert.ok(commands.includes(c), c);
    }
    for (const p of en.value.pages) {
      for (const a of p.step.actions)
        if (a.type === 'execute' && /\bdocker\b/.test(a.command))
          assert.ok(
            a.alternatives.some((x) => x.without === 'docker'),
            `${p.id}: ${a.command}`,
          );
    }
  });

  it('agrees with package.json and package.nls.*.json, and the check catches a drift', () => {
    assert.ok(en.ok && ru.ok);
    const { pkg, nls } = manifest();
    const b = BUILTIN_LESSONS[0] as BuiltinLesson;
    assert.deepEqual(checkContribution(b, pkg, nls, [en.value, ru.value]), []);
    const drifted = structuredClone(pkg);
    drifted.contributes.walkthroughs[0].steps[2].completionEvents = [];
    assert.match(
      checkContribution(b, drifted, nls, [en.value, ru.value]).join('\n'),
      /walkthrough "kubelab.lesson" step "etcd": completionEvents must be \["onContext:kubelab.lesson.etcd.done"\]/,
    );
    const nlsDrift = { ...nls, ru: { ...nls.ru, 'walkthrough.get.description': 'GET' } };
    assert.match(checkContribution(b, pkg, nlsDrift, [en.value, ru.value]).join('\n'), /package.nls.ru.json: walkthrough.get.description needs the button/);
  });
});

describe('the built-in lesson "etcd as a cluster"', () => {
  const b = BUILTIN_LESSONS[1] as BuiltinLesson;
  const en = loadLesson(b.id, join(root, b.folder), 'en');
  const ru = loadLesson(b.id, join(root, b.folder), 'ru');

  it('parses in English and Russian with the same commands, and has the commands the issue names', () => {
    assert.ok(en.ok && ru.ok, JSON.stringify([!en.ok && en.error, !ru.ok && ru.error]));
    assert.deepEqual(en.value.problems, []);
    for (const [i, p] of en.value.pages.entries()) assert.deepEqual(ru.value.pages[i]?.step.actions, p.step.actions, p.id);
    const commands = en.value.pages.flatMap((p) => p.step.actions.flatMap((a) => (a.type === 'execute' ? [`${a.terminal}$ ${a.command}`] : [])));
    for (const c of [
      'T1$ etcdctl member list -w table',
      'T1$ etcdctl endpoint status --cluster -w table',
      'T1$ ./etcd-member stop leader',
      'T1$ ./etcd-member start',
    ])
      assert.ok(commands.includes(c), c);
    assert.ok(commands.some((c) => c.startsWith('T2$ etcdctl watch --prefix /registry/configmaps/default/')));
    // The status with a member down ends with 1, and the page says so.
    const leader = en.value.pages.find((p) => p.id === 'leader');
    const status = leader?.step.actions.find((a) => a.type === 'execute' && a.command.startsWith('etcdctl endpoint status'));
    assert.equal(executeOf(status).expectExit, 1);
  });

  it('agrees with its own walkthrough in package.json and package.nls.*.json (its buttons name the lesson)', () => {
    assert.ok(en.ok && ru.ok);
    const { pkg, nls } = manifest();
    assert.deepEqual(checkContribution(b, pkg, nls, [en.value, ru.value]), []);
    assert.match(nls.en['walkthrough.etcdCluster.leader.description'], /command:kubelab\.lessonRunStep\?\["etcd-cluster","leader"\]/);
    const noTitle = { ...nls, ru: { ...nls.ru, 'walkthrough.etcdCluster.title': '' } };
    assert.match(checkContribution(b, pkg, noTitle, [en.value, ru.value]).join('\n'), /package.nls.ru.json: walkthrough.etcdCluster.title is missing/);
    const withoutIt = structuredClone(pkg);
    withoutIt.contributes.walkthroughs = withoutIt.contributes.walkthroughs.filter((w: { id: string }) => w.id !== b.walkthrough);
    assert.deepEqual(checkContribution(b, withoutIt, nls, [en.value, ru.value]), ['package.json: no walkthrough "kubelab.etcdCluster"']);
  });
});

describe('lesson folders on disk', () => {
  const scenario = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-lesson-'));
    writeFileSync(
      join(dir, 'index.json'),
      JSON.stringify({
        title: 'L',
        details: {
          steps: [{ id: 'one', title: 'One', text: 'one.md' }],
          assets: {
            host01: [
              { file: 'run.sh', target: '~/', chmod: '+x' },
              { file: 'evil.txt', target: '../..' },
            ],
          },
        },
      }),
    );
    writeFileSync(join(dir, 'one.md'), '`./run.sh`{{execute}}\n');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'run.sh'), 'echo original\n');
    writeFileSync(join(dir, 'assets', 'evil.txt'), 'x');
    return dir;
  };

  it('copies assets into the working folder, executable when asked, never over a file the user edited, never outside', () => {
    const dir = scenario();
    const l = loadLesson('x', dir, 'en');
    assert.ok(l.ok);
    const work = join(dir, 'work');
    assert.deepEqual(copyAssets(l.value, work), [join(work, 'run.sh')]);
    assert.equal(statSync(join(work, 'run.sh')).mode & 0o111, 0o111);
    writeFileSync(join(work, 'run.sh'), 'echo edited\n');
    assert.deepEqual(copyAssets(l.value, work), []);
    assert.equal(readFileSync(join(work, 'run.sh'), 'utf8'), 'echo edited\n');
  });

  it('takes the translation in the display language, and refuses one whose pages differ', () => {
    const dir = scenario();
    mkdirSync(join(dir, 'ru'));
    writeFileSync(join(dir, 'ru', 'index.json'), JSON.stringify({ title: 'Урок', details: { steps: [{ id: 'one', title: 'Один', text: 'one.md' }] } }));
    writeFileSync(join(dir, 'ru', 'one.md'), 'Запустим: `./run.sh`{{execute}}\n');
    const ru = loadLesson('x', dir, 'ru-RU');
    assert.ok(ru.ok);
    assert.equal(ru.value.title, 'Урок');
    const de = loadLesson('x', dir, 'de');
    assert.equal(de.ok && de.value.title, 'L', 'no German: English');
    writeFileSync(join(dir, 'ru', 'index.json'), JSON.stringify({ details: { steps: [{ id: 'two', text: 'one.md' }] } }));
    const bad = loadLesson('x', dir, 'ru');
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? (bad.error[0]?.message ?? '') : '', /translation's pages \(two\) differ from index.json's \(one\)/);
    assert.match(JSON.stringify(loadLesson('x', join(dir, 'nope'))), /a lesson folder holds a Katacoda index.json/);
  });
});
