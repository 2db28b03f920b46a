import * as assert from 'node:assert/strict';
import { classifyValue } from '../../src/core/etcd/envelope';
import { renderValueDocument } from '../../src/core/etcd/valueDocument';
import { english } from '../../src/core/l10n';
import { formatGoDuration, formatMicroTime, formatTime } from '../../src/core/kube/jsonTypes';
import { decodeRaw } from '../../src/infra/k8sproto/decode';
import { encode, envelope, pod } from '../support/k8sproto';

/** The tag and length of JSONSchemaProps field 28 (not) holding `size` bytes. */
function header(size: number): Buffer {
  const out = [0xe2, 0x01];
  for (let v = size; ; v = Math.floor(v / 128)) {
    if (v < 128) {
      out.push(v);
      break;
    }
    out.push((v % 128) | 0x80);
  }
  return Buffer.from(out);
}

describe("Kubernetes protobuf → the API's JSON", () => {
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
        containers: [
          {
            name: 'hello',
            image: 'nginxdemos/hello:plain-text',
            ports: [{ containerPort: 80 }],
            resources: { limits: { cpu: '500m', memory: '64Mi' } },
            livenessProbe: { httpGet: { path: '/', port: 'http' } },
          },
        ],
        terminationGracePeriodSeconds: 30,
      },
      status: { phase: 'Running', startTime: '2025-11-25T12:00:01Z' },
    });
  });

  it('writes RawExtension and FieldsV1 as the JSON they hold, a zero Time (stored empty, as Go stores it) as null', () => {
    const raw = encode('k8s.io.api.apps.v1.ControllerRevision', {
      metadata: {
        name: 'r',
        managedFields: [{ manager: 'kubectl', fieldsType: 'FieldsV1', fieldsV1: { Raw: Buffer.from('{"f:spec":{}}') } }],
        deletionTimestamp: {},
      },
      data: { raw: Buffer.from('{"spec":{"replicas":2}}') },
      revision: 3,
    });
    const d = decodeRaw('apps/v1', 'ControllerRevision', raw);
    assert.ok(d.ok);
    assert.deepEqual(d.object.data, { spec: { replicas: 2 } });
    assert.deepEqual((d.object.metadata as { managedFields: unknown[] }).managedFields, [
      { manager: 'kubectl', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } },
    ]);
    assert.equal((d.object.metadata as Record<string, unknown>).deletionTimestamp, null);
    assert.equal(d.object.revision, 3);
  });

  it('writes a time at the Unix epoch as that time, and leaves out a zero creationTimestamp (Go omitzero) as the API does', () => {
    // Go stores a zero time as an empty message, the epoch with its seconds written out.
    const raw = encode('k8s.io.api.core.v1.Pod', { metadata: { name: 'p', creationTimestamp: {}, deletionTimestamp: { seconds: 0 } } });
    const d = decodeRaw('v1', 'Pod', raw);
    assert.ok(d.ok);
    const meta = d.object.metadata as Record<string, unknown>;
    assert.equal(meta.deletionTimestamp, '1970-01-01T00:00:00Z');
    assert.ok(!('creationTimestamp' in meta), 'a zero creationTimestamp is left out');
  });

  it("leaves out an empty omitempty []byte (caBundle) and an empty $schema, as Go's JSON encoder does", () => {
    const raw = encode('k8s.io.api.admissionregistration.v1.ValidatingWebhookConfiguration', {
      metadata: { name: 'w' },
      Webhooks: [{ name: 'w.example.com', clientConfig: { url: 'https://example.com', caBundle: Buffer.alloc(0) } }],
    });
    const d = decodeRaw('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', raw);
    assert.ok(d.ok, d.ok ? '' : d.reason);
    const hooks = d.object.webhooks as Array<{ clientConfig: Record<string, unknown> }>;
    assert.deepEqual(hooks[0]?.clientConfig, { url: 'https://example.com' });
    const schema = decodeRaw(
      'apiextensions.k8s.io/v1',
      'JSONSchemaProps',
      encode('k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps', { type: 'object', schema: '' }),
    );
    assert.ok(schema.ok);
    assert.deepEqual(schema.object, { apiVersion: 'apiextensions.k8s.io/v1', kind: 'JSONSchemaProps', type: 'object' });
  });

  it("writes JSONSchemaProps with the JSON API's names ($ref, x-kubernetes-…) and its Or-types", () => {
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
    assert.deepEqual(d.object, {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'JSONSchemaProps',
      $ref: '#/definitions/x',
      type: 'object',
      default: { a: 1 },
      items: { type: 'string' },
      additionalProperties: true,
      'x-kubernetes-preserve-unknown-fields': true,
      'x-kubernetes-list-map-keys': ['name'],
    });
  });

  it('formats Time, MicroTime and Duration as Go does', () => {
    assert.equal(formatTime(0), '1970-01-01T00:00:00Z');
    assert.equal(formatMicroTime(1764072000, 123456789), '2025-11-25T12:00:00.123456Z');
    assert.equal(formatGoDuration(3_723_500_000_000), '1h2m3.5s');
    assert.equal(formatGoDuration(150_000_000), '150ms');
    assert.equal(formatGoDuration(90e9), '1m30s');
    assert.equal(formatGoDuration(0), '0s');
  });

  it('skips fields it does not know (a newer Kubernetes wrote them), of every wire type, and decodes the rest as before', () => {
    const known = decodeRaw('v1', 'Pod', pod());
    assert.ok(known.ok);
    // Field numbers no Pod has: a string (wire type 2), a varint (0), a fixed64 (1) and a fixed32 (5).
    const unknown = Buffer.from([0xfa, 0x3e, 0x03, 0x61, 0x62, 0x63, 0x80, 0x3f, 0x96, 0x01, 0x89, 0x3f, 1, 2, 3, 4, 5, 6, 7, 8, 0x95, 0x3f, 1, 2, 3, 4]);
    for (const raw of [Buffer.concat([pod(), unknown]), Buffer.concat([unknown, pod()])]) {
      const d = decodeRaw('v1', 'Pod', raw);
      assert.ok(d.ok, d.ok ? '' : d.reason);
      assert.deepEqual(d.object, known.object);
      // ... and says they were there, so a user sees the cluster is newer than KubeLab's types.
      assert.deepEqual(d.unknown, [
        { message: 'Pod', field: 1007, size: 3 },
        { message: 'Pod', field: 1008, size: 'varint' },
        { message: 'Pod', field: 1009, size: 'fixed64' },
        { message: 'Pod', field: 1010, size: 'fixed32' },
      ]);
    }
    assert.deepEqual(known.unknown, []);
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

  it('writes times before 1970, up to year 9999, and MicroTime to the microsecond, as Go writes them', () => {
    const lease = (renewTime: { seconds: number; nanos: number }, acquireTime: { seconds: number }) =>
      decodeRaw(
        'coordination.k8s.io/v1',
        'Lease',
        encode('k8s.io.api.coordination.v1.Lease', { spec: { holderIdentity: 'kube-scheduler', renewTime, acquireTime } }),
      );
    const d = lease({ seconds: -1, nanos: 999_999_999 }, { seconds: 253402300799 });
    assert.ok(d.ok, d.ok ? '' : d.reason);
    // Go's RFC3339Micro layout: nanoseconds cut (not rounded) to microseconds.
    assert.deepEqual(d.object.spec, { holderIdentity: 'kube-scheduler', acquireTime: '9999-12-31T23:59:59.000000Z', renewTime: '1969-12-31T23:59:59.999999Z' });
    const early = lease({ seconds: -2208988800, nanos: 1000 }, { seconds: 0 });
    assert.ok(early.ok);
    assert.deepEqual(early.object.spec, {
      holderIdentity: 'kube-scheduler',
      acquireTime: '1970-01-01T00:00:00.000000Z',
      renewTime: '1900-01-01T00:00:00.000001Z',
    });
  });

  it('says at which byte a value nests too deep to follow (not byte 0), and keeps what decoded before', () => {
    // JSONSchemaProps field 28 (not) is a JSONSchemaProps: 200,000 levels, built from the inside out.
    const inner = Buffer.from([0x0a, 0x01, 0x78]); // id: "x"
    const lengths = [inner.length];
    for (let i = 1; i < 200_000; i++) lengths.push((lengths[i - 1] as number) + header(lengths[i - 1] as number).length);
    const nested = Buffer.concat([...lengths.reverse().map(header), inner]);
    const type = Buffer.from([0x2a, 0x06, ...Buffer.from('object')]); // field 5: type
    const d = decodeRaw('apiextensions.k8s.io/v1', 'JSONSchemaProps', Buffer.concat([type, nested]));
    assert.equal(d.ok, false);
    if (d.ok) return;
    assert.match(d.reason, /nest deeper than the decoder follows \(byte \d+\)/);
    assert.ok((d.offset ?? 0) > 1000, `offset ${d.offset}`);
    assert.equal(d.partial?.type, 'object', 'the field before the nesting decoded');
  });

  it('never throws on random bytes, wrapped or not (3,000 values)', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 3000; i++) {
      const b = Buffer.from(Array.from({ length: Math.floor(rnd() * 300) }, () => Math.floor(rnd() * 256)));
      const value = i % 2 ? envelope('v1', 'Pod', b) : b;
      const v = classifyValue(value);
      if (v.format === 'protobuf') decodeRaw(v.apiVersion, v.kind, v.raw);
      const doc = renderValueDocument(
        {
          key: '/registry/pods/x/y',
          meta: { createRevision: '1', modRevision: '2', version: '1', lease: '0' },
          bytes: value,
          stored: v,
          decoded: v.format === 'protobuf' ? decodeRaw(v.apiVersion, v.kind, v.raw) : undefined,
          view: 'decoded',
          reveal: false,
          schema: '1.29–1.37',
        },
        english,
      );
      assert.ok(doc.text.startsWith('// key: /registry/pods/x/y'));
    }
  });
});
