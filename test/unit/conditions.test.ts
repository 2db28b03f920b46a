import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { joinMembers } from '../../src/core/etcd/members';
import { conditionText, membersMeet, objectMeets, objectWatch, parseConditions } from '../../src/core/lesson/conditions';
import { english } from '../../src/core/l10n';
import { BUILTIN_LESSONS } from '../../src/ids';
import { loadLesson } from '../../src/infra/lesson/files';
import { repoRoot } from '../../tools/vscodeServer';

describe('lessons: what a step leaves behind in the cluster (kubelab.doneWhen)', () => {
  it('reads objects in a phase or gone, etcd keys there or gone, and a URL that answers', () => {
    assert.deepEqual(
      parseConditions(
        [
          { object: '/api/v1/namespaces/default/pods/web', phase: 'Running' },
          { object: '/apis/apps/v1/namespaces/ns/deployments/d', exists: false },
          { object: '/api/v1/nodes/cp' },
          { etcdKey: '/registry/pods/default/web', exists: false },
          { http: 'http://127.0.0.1:8080/api', status: 200 },
        ],
        'w',
      ),
      [
        { kind: 'object', path: '/api/v1/namespaces/default/pods/web', exists: true, phase: 'Running' },
        { kind: 'object', path: '/apis/apps/v1/namespaces/ns/deployments/d', exists: false },
        { kind: 'object', path: '/api/v1/nodes/cp', exists: true },
        { kind: 'etcdKey', key: '/registry/pods/default/web', exists: false },
        { kind: 'http', url: 'http://127.0.0.1:8080/api', status: 200 },
      ],
    );
    assert.match(parseConditions([{ object: '/api/v1/namespaces/default/pods' }], 'w') as string, /not the REST path of one object/);
    assert.match(parseConditions([{ object: '/api/v1/nodes/x', exists: false, phase: 'Running' }], 'w') as string, /phase needs an object that exists/);
    assert.match(parseConditions([{ http: 'x' }], 'w') as string, /expected "object", "etcdKey", "http" with "status", or "etcdMembers"/);
    assert.deepEqual(parseConditions([{ etcdMembers: 2 }], 'w'), [{ kind: 'etcdMembers', answering: 2 }]);
    assert.match(parseConditions([{ etcdMembers: 0 }], 'w') as string, /w\[0\]\.etcdMembers must be how many members answer/);
    assert.match(parseConditions([{ etcdMembers: '3' }], 'w') as string, /etcdMembers must be how many members answer/);
    assert.deepEqual(objectWatch('/apis/apps/v1/namespaces/ns/deployments/d'), { collection: '/apis/apps/v1/namespaces/ns/deployments', name: 'd' });
  });

  it('a pod that is Pending does not meet "Running"; a deleted one meets "gone"', () => {
    const running = { kind: 'object', path: '/api/v1/namespaces/default/pods/web', exists: true, phase: 'Running' } as const;
    assert.equal(objectMeets(running, { status: { phase: 'Pending' } }), false);
    assert.equal(objectMeets(running, { status: { phase: 'Running' } }), true);
    assert.equal(objectMeets(running, undefined), false);
    assert.equal(objectMeets({ ...running, exists: false, phase: undefined }, undefined), true);
  });

  it('"etcdMembers": so many members answer and one of them leads (rows as the Members list joins them)', () => {
    const list = ['a', 'b', 'c'].map((name, i) => ({ id: String(i + 1), name, clientUrls: [`https://h:${i}`], peerUrls: [], isLearner: false }));
    const status = (id: string, leader: string) => ({
      memberId: id,
      version: '3.7.3',
      leader,
      raftTerm: '3',
      raftIndex: '9',
      raftAppliedIndex: '9',
      dbSize: 1,
      dbSizeInUse: 1,
      revision: '5',
      errors: [],
    });
    const two = { kind: 'etcdMembers', answering: 2 } as const;
    // The leader (1) killed; during the election the two left answer with no leader, then 2 wins.
    const down = { endpoint: 'https://h:0', error: 'connection refused' };
    const electing = joinMembers(
      list,
      [down, { endpoint: 'https://h:1', status: status('2', '0') }, { endpoint: 'https://h:2', status: status('3', '0') }],
      [],
    );
    assert.equal(membersMeet(two, electing), false, 'no leader yet');
    const elected = joinMembers(list, [down, { endpoint: 'https://h:1', status: status('2', '2') }, { endpoint: 'https://h:2', status: status('3', '2') }], []);
    assert.equal(membersMeet(two, elected), true);
    assert.equal(membersMeet({ kind: 'etcdMembers', answering: 3 }, elected), false, 'one is down');
    assert.equal(conditionText(two, english), '2 etcd members answer and one of them is the leader');
  });

  it('each built-in lesson says what each step leaves behind, the same in English and Russian', () => {
    const pick = (folder: string, language: string) => {
      const l = loadLesson('x', join(repoRoot, folder), language);
      assert.ok(l.ok);
      return l.value.pages.map((p) => [
        p.id,
        (p.doneWhen ?? []).map((c) =>
          c.kind === 'object'
            ? `${c.path} ${c.exists ? (c.phase ?? 'exists') : 'gone'}`
            : c.kind === 'etcdKey'
              ? `${c.key} ${c.exists}`
              : c.kind === 'http'
                ? `${c.url} ${c.status}`
                : `${c.answering} members`,
        ),
      ]);
    };
    const [first, cluster] = BUILTIN_LESSONS.map((b) => b.folder) as [string, string];
    const en = pick(first, 'en');
    assert.deepEqual(pick(first, 'ru'), en);
    assert.deepEqual(
      en.filter(([, c]) => (c as string[]).length),
      [
        ['proxy', ['http://127.0.0.1:8080/api/v1/nodes/controlplane 200']],
        ['create', ['/api/v1/namespaces/default/pods/hello-demo exists']],
        ['get', ['/api/v1/namespaces/default/pods/hello-demo Running']],
        ['record', ['/registry/pods/default/hello-demo true']],
        ['delete', ['/api/v1/namespaces/default/pods/hello-demo gone']],
        ['gone', ['/registry/pods/default/hello-demo false']],
      ],
    );
    // etcd as a cluster: three answer; the leader stopped, two answer with a leader of their own; back, three again.
    const c = pick(cluster, 'en');
    assert.deepEqual(pick(cluster, 'ru'), c);
    assert.deepEqual(
      c.filter(([, x]) => (x as string[]).length),
      [
        ['members', ['3 members']],
        ['watch', ['/api/v1/namespaces/default/configmaps/lesson-before exists']],
        ['leader', ['2 members']],
        ['serving', ['/api/v1/namespaces/default/configmaps/lesson-during exists', '/registry/configmaps/default/lesson-during true']],
        ['back', ['3 members']],
        ['clear', ['/api/v1/namespaces/default/configmaps/lesson-during gone']],
      ],
    );
  });
});
