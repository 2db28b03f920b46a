import * as assert from 'node:assert/strict';
import * as protobuf from 'protobufjs/light';
import { changedFields, describeChanges } from '../../src/core/etcd/diff';
import { classifyValue } from '../../src/core/etcd/envelope';
import { maskSecret, renderValueDocument, type ValueDocInput } from '../../src/core/etcd/valueDocument';
import { english } from '../../src/core/l10n';
import { formatGoDuration, formatMicroTime, formatTime } from '../../src/core/kube/jsonTypes';
import { etcdKeyOf, isBuiltInGroup } from '../../src/core/kube/storageKeys';
import { decodeRaw } from '../../src/infra/k8sproto/decode';
import descriptor from '../../src/infra/k8sproto/descriptor.json';

// Values are built with the same descriptor (protobufjs encode) and wrapped in
// the storage envelope as the API server writes it: k8s\0 + runtime.Unknown.
const root = protobuf.Root.fromJSON((descriptor as { root: protobuf.INamespace }).root);
const encode = (type: string, obj: Record<string, unknown>) => {
  const t = root.lookupType(type);
  return Buffer.from(t.encode(t.fromObject(obj)).finish());
};
const envelope = (apiVersion: string, kind: string, raw: Buffer) =>
  Buffer.concat([Buffer.from('k8s\0', 'latin1'), encode('k8s.io.apimachinery.pkg.runtime.Unknown', { typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' })]);

const pod = () =>
  encode('k8s.io.api.core.v1.Pod', {
    metadata: { name: 'hello-demo', namespace: 'default', uid: 'u-1', creationTimestamp: { seconds: 1764072000 }, labels: { app: 'hello-demo' } },
    spec: {
      containers: [{ name: 'hello', image: 'nginxdemos/hello:plain-text', ports: [{ containerPort: 80 }], resources: { limits: { cpu: { string: '500m' }, memory: { string: '64Mi' } } }, livenessProbe: { handler: { httpGet: { path: '/', port: { type: 1, strVal: 'http' } } } } }],
      terminationGracePeriodSeconds: 30,
      volumes: [{ name: 'cfg', volumeSource: { configMap: { localObjectReference: { name: 'kube-root-ca.crt' } } } }],
    },
    status: { phase: 'Running', startTime: { seconds: 1764072001 } },
  });

describe('Kubernetes protobuf → the API\'s JSON', () => {
  it('decodes a pod with Time, Quantity, IntOrString, int64 and inline-embedded structs as the JSON API writes them', () => {
    const v = classifyValue(envelope('v1', 'Pod', pod()));
    assert.equal(v.format, 'protobuf');
    const d = v.format === 'protobuf' ? decodeRaw(v.apiVersion, v.kind, v.raw) : undefined;
    assert.ok(d?.ok);
    assert.deepEqual(d.object, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'hello-demo', namespace: 'default', uid: 'u-1', creationTimestamp: '2025-11-25T12:00:00Z', labels: { app: 'hello-demo' } },
      spec: {
        volumes: [{ name: 'cfg', configMap: { name: 'kube-root-ca.crt' } }],
        containers: [{ name: 'hello', image: 'nginxdemos/hello:plain-text', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '500m', memory: '64Mi' } }, livenessProbe: { httpGet: { path: '/', port: 'http' } } }],
        terminationGracePeriodSeconds: 30,
      },
      status: { phase: 'Running', startTime: '2025-11-25T12:00:01Z' },
    });
  });

  it('writes RawExtension and FieldsV1 as the JSON they hold, and a zero Time as null', () => {
    const raw = encode('k8s.io.api.apps.v1.ControllerRevision', {
      metadata: { name: 'r', managedFields: [{ manager: 'kubectl', fieldsType: 'FieldsV1', fieldsV1: { Raw: Buffer.from('{"f:spec":{}}') } }], deletionTimestamp: { seconds: 0 } },
      data: { raw: Buffer.from('{"spec":{"replicas":2}}') },
      revision: 3,
    });
    const d = decodeRaw('apps/v1', 'ControllerRevision', raw);
    assert.ok(d.ok);
    assert.deepEqual(d.object.data, { spec: { replicas: 2 } });
    assert.deepEqual((d.object.metadata as { managedFields: unknown[] }).managedFields, [{ manager: 'kubectl', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }]);
    assert.equal((d.object.metadata as Record<string, unknown>).deletionTimestamp, null);
    assert.equal(d.object.revision, 3);
  });

  it('writes JSONSchemaProps with the JSON API\'s names ($ref, x-kubernetes-…) and its Or-types', () => {
    const raw = encode('k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps', {
      type: 'object',
      ref: '#/definitions/x',
      xKubernetesPreserveUnknownFields: true,
      xKubernetesListMapKeys: ['name'],
      items: { schema: { type: 'string' } },
      additionalProperties: { allows: true },
      default: { raw: Buffer.from('{"a":1}') },
    });
    const d = decodeRaw('apiextensions.k8s.io/v1', 'JSONSchemaProps', raw);
    assert.ok(d.ok);
    assert.deepEqual(d.object, { apiVersion: 'apiextensions.k8s.io/v1', kind: 'JSONSchemaProps', $ref: '#/definitions/x', type: 'object', default: { a: 1 }, items: { type: 'string' }, additionalProperties: true, 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-list-map-keys': ['name'] });
  });

  it('formats Time, MicroTime and Duration as Go does', () => {
    assert.equal(formatTime(0), '1970-01-01T00:00:00Z');
    assert.equal(formatMicroTime(1764072000, 123456789), '2025-11-25T12:00:00.123456Z');
    assert.equal(formatGoDuration(3_723_500_000_000), '1h2m3.5s');
    assert.equal(formatGoDuration(150_000_000), '150ms');
    assert.equal(formatGoDuration(90e9), '1m30s');
    assert.equal(formatGoDuration(0), '0s');
  });

  it('says which kind it does not know, and shows what decoded of a truncated object and where it stopped', () => {
    const unknown = decodeRaw('example.com/v1', 'Gizmo', pod());
    assert.equal(unknown.ok, false);
    assert.match(!unknown.ok ? unknown.reason : '', /no protobuf type for example.com\/v1 Gizmo/);
    const whole = pod();
    const cut = whole.subarray(0, whole.length - 5); // inside status
    const d = decodeRaw('v1', 'Pod', cut);
    assert.equal(d.ok, false);
    if (d.ok) return;
    assert.equal((d.partial?.metadata as { name: string }).name, 'hello-demo', 'metadata decoded');
    assert.ok(d.partial?.spec, 'spec decoded');
    assert.equal(d.partial?.status, undefined, 'status is where it broke');
    assert.ok((d.offset ?? 0) > 0 && (d.offset ?? 0) < cut.length);
  });

  it('never throws on random bytes, wrapped or not (3,000 values)', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 3000; i++) {
      const b = Buffer.from(Array.from({ length: Math.floor(rnd() * 300) }, () => Math.floor(rnd() * 256)));
      const value = i % 2 ? envelope('v1', 'Pod', b) : b;
      const v = classifyValue(value);
      if (v.format === 'protobuf') decodeRaw(v.apiVersion, v.kind, v.raw);
      const doc = renderValueDocument({ key: '/registry/pods/x/y', meta: { createRevision: '1', modRevision: '2', version: '1', lease: '0' }, bytes: value, stored: v, decoded: v.format === 'protobuf' ? decodeRaw(v.apiVersion, v.kind, v.raw) : undefined, view: 'decoded', reveal: false, schema: 'v1.34.4' }, english);
      assert.ok(doc.text.startsWith('// key: /registry/pods/x/y'));
    }
  });
});

describe('the etcd value document', () => {
  const meta = { createRevision: '10', modRevision: '12', version: '2', lease: '0' };
  const input = (bytes: Buffer, key = '/registry/pods/default/hello-demo', o: Partial<ValueDocInput> = {}): ValueDocInput => {
    const stored = classifyValue(bytes);
    return { key, meta, bytes, stored, decoded: stored.format === 'protobuf' ? decodeRaw(stored.apiVersion, stored.kind, stored.raw) : undefined, view: 'decoded', reveal: false, schema: 'v1.34.4', ...o };
  };

  it('shows the header, the resourceVersion the API reports, and the decoded object; raw bytes on request', () => {
    const doc = renderValueDocument(input(envelope('v1', 'Pod', pod())), english);
    assert.equal(doc.language, 'jsonc');
    assert.match(doc.text, /^\/\/ create_revision 10 {2}mod_revision 12 {2}version 2 {2}lease -$/m);
    assert.match(doc.text, /apiVersion v1, kind Pod; decoded as k8s.io.api.core.v1.Pod with the Kubernetes v1.34.4 schema/);
    assert.match(doc.text, /metadata.resourceVersion: "12"/);
    assert.match(doc.text, /"phase": "Running"/);
    const raw = renderValueDocument(input(envelope('v1', 'Pod', pod()), undefined, { view: 'raw' }), english);
    assert.match(raw.text, /^00000000 {2}6b 38 73 00 /m);
  });

  it('masks a Secret\'s data, stringData and kubectl\'s last-applied copy until revealed, also in the raw view', () => {
    const secret = encode('k8s.io.api.core.v1.Secret', { metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"c2VjcmV0"}}' } }, data: { password: Buffer.from('secret') }, type: 'Opaque' });
    const bytes = envelope('v1', 'Secret', secret);
    const masked = renderValueDocument(input(bytes, '/registry/secrets/default/s'), english);
    assert.equal(masked.masked, true);
    assert.ok(!masked.text.includes('c2VjcmV0') && !masked.text.includes('secret"'), masked.text);
    assert.match(masked.text, /"password": "<hidden: 6 bytes>"/);
    assert.ok(!renderValueDocument(input(bytes, '/registry/secrets/default/s', { view: 'raw' }), english).text.includes('73 65 63 72 65 74'));
    const shown = renderValueDocument(input(bytes, '/registry/secrets/default/s', { reveal: true }), english);
    assert.match(shown.text, /"password": "c2VjcmV0"/);
    assert.deepEqual(maskSecret({ stringData: { a: 'b' } }, english), { stringData: { a: '<hidden>' } });
  });

  it('labels encrypted values, pretty-prints JSON, shows text, and hex for anything else', () => {
    assert.match(renderValueDocument(input(Buffer.from('k8s:enc:aescbc:v1:key1:\x01\x02\x03', 'latin1')), english).text, /encrypted at rest by the aescbc provider with key key1/);
    assert.match(renderValueDocument(input(Buffer.from('{"kind":"Widget","apiVersion":"kubelab.dev/v1","metadata":{"name":"w"}}')), english).text, /\{\n {2}"kind": "Widget"/);
    assert.match(renderValueDocument(input(Buffer.from('hello etcd')), english).text, /\nhello etcd\n/);
    const wrongMagic = Buffer.concat([Buffer.from('k9s\0', 'latin1'), envelope('v1', 'Pod', pod()).subarray(4)]);
    const doc = renderValueDocument(input(wrongMagic), english);
    assert.match(doc.text, /bytes: binary data, not a Kubernetes value/);
    assert.match(doc.text, /^00000000 {2}6b 39 73 00 /m);
    const bad = Buffer.concat([Buffer.from('k8s\0', 'latin1'), Buffer.from([0x0a, 0x05, 0x0a])]);
    assert.match(renderValueDocument(input(bad), english).text, /breaks at byte/);
  });

  it('decodes a 1.5 MB ConfigMap', () => {
    const big = encode('k8s.io.api.core.v1.ConfigMap', { metadata: { name: 'big' }, data: { blob: 'x'.repeat(1_500_000) } });
    const doc = renderValueDocument(input(envelope('v1', 'ConfigMap', big), '/registry/configmaps/default/big'), english);
    assert.ok(doc.text.length > 1_500_000);
    assert.match(doc.text, /"name": "big"/);
  });
});

describe('storage keys', () => {
  it('knows the API server\'s layout: renamed core resources, group-prefixed aggregator/apiextensions/custom resources', () => {
    const key = (group: string, resource: string, name: string, namespace?: string) => etcdKeyOf({ group, resource, name, namespace }, isBuiltInGroup);
    assert.equal(key('', 'nodes', 'controlplane'), '/registry/minions/controlplane');
    assert.equal(key('', 'pods', 'hello-demo', 'default'), '/registry/pods/default/hello-demo');
    assert.equal(key('', 'services', 'kubernetes', 'default'), '/registry/services/specs/default/kubernetes');
    assert.equal(key('apps', 'deployments', 'd', 'ns'), '/registry/deployments/ns/d');
    assert.equal(key('networking.k8s.io', 'ingresses', 'i', 'ns'), '/registry/ingress/ns/i');
    assert.equal(key('apiregistration.k8s.io', 'apiservices', 'v1.apps'), '/registry/apiregistration.k8s.io/apiservices/v1.apps');
    assert.equal(key('kubelab.dev', 'widgets', 'w1', 'default'), '/registry/kubelab.dev/widgets/default/w1');
  });
});

describe('what a watch event changed', () => {
  it('lists the leaf fields that differ, managedFields as one entry, values hidden for Secrets', () => {
    const before = { metadata: { name: 'p', managedFields: [{ time: 'a' }] }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] } };
    const after = { metadata: { name: 'p', managedFields: [{ time: 'b' }] }, spec: { nodeName: 'controlplane', containers: [{ name: 'c' }] }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } };
    const changes = changedFields(before, after);
    assert.deepEqual(changes.map((c) => c.path), ['metadata.managedFields', 'spec.nodeName', 'status.phase', 'status.conditions[0].status']);
    assert.deepEqual(describeChanges(changes, false).slice(1), ['spec.nodeName: ∅ → "controlplane"', 'status.phase: "Pending" → "Running"', 'status.conditions[0].status: "False" → "True"']);
    assert.deepEqual(describeChanges(changedFields({ data: { a: 'x' } }, { data: { a: 'y' } }), true), ['data.a']);
    assert.deepEqual(changedFields(after, after), []);
  });
});
