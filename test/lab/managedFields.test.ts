import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { classifyValue } from '../../src/core/etcd/envelope';
import { renderValueDocument } from '../../src/core/etcd/valueDocument';
import { whoChanged, type FieldPath } from '../../src/core/kube/managedFields';
import { english } from '../../src/core/l10n';
import { EtcdReader } from '../../src/infra/etcd/client';
import { decodeText, releasesOf } from '../../src/infra/k8sproto';
import { kubectl, labInfo, type LabInfo } from '../support/lab';

const NAME = 'owners-demo';
type Obj = Record<string, unknown>;

/**
 * The API server's own answer to "who owns this field": a server-side apply (dry run) by a new
 * manager that sets the field to another value fails with a conflict naming every manager that
 * owns it (`conflict with "kwok" with subresource "status" using v1: .status.phase`).
 */
function conflictOwners(lab: LabInfo, live: Obj, path: FieldPath): string[] {
  // The field set to another value; a list element carries its merge keys (containers by name, conditions by type).
  const build = (value: unknown, i: number): unknown => {
    if (i === path.length) return typeof value === 'number' ? value + 1 : `${String(value)}-other`;
    const seg = path[i] as string | number;
    const next = (value as Record<string | number, unknown>)[seg];
    if (typeof seg === 'string') return { [seg]: build(next, i + 1) };
    const keys = Object.entries(next as Obj).filter(([k]) => ['name', 'type', 'containerPort', 'protocol'].includes(k));
    return [{ ...Object.fromEntries(keys), ...(build(next, i + 1) as Obj) }];
  };
  const fields = build(live, 0) as Obj;
  const patch = { apiVersion: 'v1', kind: 'Pod', ...fields, metadata: { ...(fields.metadata as Obj | undefined), name: NAME, namespace: 'default' } };
  const status = path[0] === 'status' ? ['--subresource=status'] : [];
  try {
    execFileSync(
      join(lab.bin, 'kubectl'),
      ['--kubeconfig', lab.kubeconfig, 'apply', '--server-side', '--dry-run=server', '--field-manager=kubelab-probe', ...status, '-f', '-'],
      { input: JSON.stringify(patch), encoding: 'utf8', stdio: 'pipe' },
    );
    return [];
  } catch (e) {
    const text = String((e as { stderr?: string }).stderr);
    if (!/conflict/.test(text)) return []; // refused for another reason (spec.nodeName is immutable): no owner to conflict with
    return [...text.matchAll(/conflicts? with "([^"]+)"(?: with subresource "([^"]+)")?/g)].map((m) => (m[2] ? `${m[1]}/${m[2]}` : (m[1] as string))).sort();
  }
}

// Who Changed This Field? on the decoded etcd document of a pod, against the API server's own
// ownership: the managers its server-side apply reports in a conflict.
describe('who changed a field: managedFields read from the etcd document, checked against server-side apply conflicts', function () {
  this.timeout(120_000);
  let lab: LabInfo;
  let doc: string;
  let live: Obj;

  before(async () => {
    lab = labInfo();
    const pod = JSON.parse(readFileSync(join(lab.workspace, 'hello-service.json'), 'utf8')) as { metadata: Obj };
    kubectl(lab, 'delete', 'pod', NAME, '--ignore-not-found', '--wait=true');
    execFileSync(join(lab.bin, 'kubectl'), ['--kubeconfig', lab.kubeconfig, 'create', '-f', '-'], {
      input: JSON.stringify({ ...pod, metadata: { ...pod.metadata, name: NAME } }),
    });
    kubectl(lab, 'wait', '--for=jsonpath={.status.phase}=Running', `pod/${NAME}`, '--timeout=60s');
    kubectl(lab, 'label', 'pod', NAME, 'tier=web');
    kubectl(lab, 'annotate', 'pod', NAME, 'kubelab/note=seen');
    // An apply of the same value makes a co-owner: tier has two managers.
    execFileSync(join(lab.bin, 'kubectl'), ['--kubeconfig', lab.kubeconfig, 'apply', '--server-side', '--field-manager=kubelab-co-owner', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: NAME, namespace: 'default', labels: { tier: 'web' } } }),
    });
    const reader = await EtcdReader.open({ ...lab.etcd, timeoutMs: 30_000 });
    assert.ok(reader.ok);
    const v = await reader.value.get(Buffer.from(`/registry/pods/default/${NAME}`));
    reader.value.close();
    assert.ok(v.ok && v.value);
    const stored = classifyValue(v.value.value);
    assert.equal(stored.format, 'protobuf');
    const decoded = stored.format === 'protobuf' ? decodeText(stored.apiVersion, stored.kind, stored.raw, 2) : undefined;
    doc = renderValueDocument(
      {
        key: `/registry/pods/default/${NAME}`,
        meta: v.value,
        bytes: v.value.value,
        stored,
        decoded,
        view: 'decoded',
        reveal: false,
        schema: decoded ? releasesOf(decoded.type) : '',
      },
      english,
    ).text;
    live = JSON.parse(kubectl(lab, 'get', 'pod', NAME, '-o', 'json', '--show-managed-fields')) as Obj;
  });
  after(() => kubectl(lab, 'delete', 'pod', NAME, '--ignore-not-found', '--wait=false'));

  const conditionIndex = (type: string) => ((live.status as Obj).conditions as Obj[]).findIndex((c) => c.type === type);
  const paths = (): FieldPath[] => [
    ['metadata', 'labels', 'app'],
    ['metadata', 'labels', 'tier'],
    ['metadata', 'annotations', 'kubelab/note'],
    ['spec', 'containers', 0, 'image'],
    ['spec', 'containers', 0, 'imagePullPolicy'],
    ['spec', 'restartPolicy'],
    ['spec', 'nodeName'],
    ['status', 'phase'],
    ['status', 'conditions', conditionIndex('Ready'), 'status'],
  ];

  it("names, for each field at the cursor, the managers the API server's apply conflicts with", () => {
    const tree = parseTree(doc);
    assert.ok(tree);
    let owned = 0;
    for (const path of paths()) {
      const node = findNodeAtLocation(tree, [...path]);
      assert.ok(node?.parent, `${path.join('.')} is in the document`);
      // The cursor on the line of the field: at its property name.
      const answer = whoChanged(doc, (node.parent.children?.[0]?.offset ?? node.offset) + 1);
      const ours =
        answer.kind === 'owners'
          ? answer.owners
              .filter((o) => o.scope === 'field')
              .map((o) => (o.subresource ? `${o.manager}/${o.subresource}` : o.manager))
              .sort()
          : [];
      const theirs = conflictOwners(lab, live, path);
      assert.deepEqual(ours, theirs, `${path.join('.')}: ${JSON.stringify(answer)}`);
      if (theirs.length) owned++;
    }
    assert.ok(owned >= 7, 'most fields have an owner: the comparison is not empty on both sides');
    const tier = findNodeAtLocation(tree, ['metadata', 'labels', 'tier']);
    const co = whoChanged(doc, (tier?.offset ?? 0) + 1);
    assert.deepEqual(co.kind === 'owners' ? co.owners.map((o) => `${o.manager} ${o.operation}`).sort() : co, [
      'kubectl-label Update',
      'kubelab-co-owner Apply',
    ]);
  });

  it('says when the API server sets a field itself, and when the cursor is on no field', () => {
    const tree = parseTree(doc);
    assert.ok(tree);
    const uid = findNodeAtLocation(tree, ['metadata', 'uid']);
    assert.ok(uid);
    assert.deepEqual(whoChanged(doc, uid.offset + 1), { kind: 'server', path: 'metadata.uid' });
    assert.deepEqual(whoChanged(doc, 3), { kind: 'nofield' }, 'in the commented header');
  });
});
