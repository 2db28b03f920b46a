import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { objectMeets, objectWatch, parseConditions } from '../../src/core/lesson/conditions';
import { BUILTIN_LESSON, LESSON_FOLDER } from '../../src/ids';
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
    assert.match(parseConditions([{ http: 'x' }], 'w') as string, /expected "object", "etcdKey" or "http"/);
    assert.deepEqual(objectWatch('/apis/apps/v1/namespaces/ns/deployments/d'), { collection: '/apis/apps/v1/namespaces/ns/deployments', name: 'd' });
  });

  it('a pod that is Pending does not meet "Running"; a deleted one meets "gone"', () => {
    const running = { kind: 'object', path: '/api/v1/namespaces/default/pods/web', exists: true, phase: 'Running' } as const;
    assert.equal(objectMeets(running, { status: { phase: 'Pending' } }), false);
    assert.equal(objectMeets(running, { status: { phase: 'Running' } }), true);
    assert.equal(objectMeets(running, undefined), false);
    assert.equal(objectMeets({ ...running, exists: false, phase: undefined }, undefined), true);
  });

  it('the built-in lesson says what each step leaves behind, the same in English and Russian', () => {
    const pick = (language: string) => {
      const l = loadLesson(BUILTIN_LESSON, join(repoRoot, LESSON_FOLDER), language);
      assert.ok(l.ok);
      return l.value.pages.map((p) => [
        p.id,
        (p.doneWhen ?? []).map((c) =>
          c.kind === 'object'
            ? `${c.path} ${c.exists ? (c.phase ?? 'exists') : 'gone'}`
            : c.kind === 'etcdKey'
              ? `${c.key} ${c.exists}`
              : `${c.url} ${c.status}`,
        ),
      ]);
    };
    const en = pick('en');
    assert.deepEqual(pick('ru'), en);
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
  });
});
