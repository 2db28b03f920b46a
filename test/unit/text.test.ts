import * as assert from 'node:assert/strict';
import { decodeRaw } from '../../src/infra/k8sproto/decode';
import { decodeText } from '../../src/infra/k8sproto/text';
import { encode, pod } from '../support/k8sproto';

const textOf = (apiVersion: string, kind: string, raw: Buffer, indent: 0 | 2 = 0): string => {
  const d = decodeText(apiVersion, kind, raw, indent);
  assert.ok(d.ok && 'text' in d, d.ok ? 'no text' : d.reason);
  return d.text;
};

describe('etcd bytes straight to the JSON text', () => {
  it("writes what the object decoder's object prints as, compact and indented", () => {
    const d = decodeRaw('v1', 'Pod', pod());
    assert.ok(d.ok);
    assert.equal(textOf('v1', 'Pod', pod()), JSON.stringify(d.object));
    assert.equal(textOf('v1', 'Pod', pod(), 2), JSON.stringify(d.object, null, 2));
  });

  it('escapes <, > and & as Go does, and keeps map keys in the order Go wrote them (integer-like keys too)', () => {
    // Go writes map entries sorted by key ("10" before "9"); a JS object would put "9" first. Protobuf
    // merges concatenated messages, so three ObjectMetas in a row hold the labels in this order.
    const meta = Buffer.concat(
      [{ name: 'cm', labels: { '10': 'a' } }, { labels: { '9': 'b' } }, { labels: { app: 'x' } }].map((m) =>
        encode('k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta', m),
      ),
    );
    const raw = Buffer.concat([
      Buffer.from([0x0a, meta.length]), // ConfigMap field 1: metadata
      meta,
      encode('k8s.io.api.core.v1.ConfigMap', { data: { 'index.html': '<p>Tom & Jerry</p>', line: 'a\u2028b' } }),
    ]);
    const text = textOf('v1', 'ConfigMap', raw);
    assert.match(text, /"labels":\{"10":"a","9":"b","app":"x"\}/);
    assert.match(text, /"index.html":"\\u003cp\\u003eTom \\u0026 Jerry\\u003c\/p\\u003e"/);
    assert.match(text, /"line":"a\\u2028b"/);
    assert.deepEqual(JSON.parse(text).data, { 'index.html': '<p>Tom & Jerry</p>', line: 'a\u2028b' });
  });

  it('writes raw JSON (RawExtension, managedFields) as Go does: compact bytes as they are, anything else compacted and escaped', () => {
    const revision = (data: string) =>
      textOf('apps/v1', 'ControllerRevision', encode('k8s.io.api.apps.v1.ControllerRevision', { revision: 2, data: { raw: Buffer.from(data) } }));
    // Go's encoder keeps a number as written (1.0), and the bytes of compact JSON as they are.
    assert.match(revision('{"spec":{"n":1.0,"s":"x"}}'), /"data":\{"spec":\{"n":1.0,"s":"x"\}\}/);
    // Indented for the document as Go's json.Indent (kubectl) indents it: 1.0 stays 1.0.
    const indented = decodeText(
      'apps/v1',
      'ControllerRevision',
      encode('k8s.io.api.apps.v1.ControllerRevision', { revision: 2, data: { raw: Buffer.from('{"spec":{"n":1.0}}') } }),
      2,
    );
    assert.match('text' in indented ? indented.text : '', /"data": \{\n {4}"spec": \{\n {6}"n": 1\.0\n {4}\}\n {2}\}/);
    // Whitespace between tokens is taken out, and what Go escapes is escaped.
    assert.match(revision('{ "spec": {"s": "<b>"} }'), /"data":\{"spec":\{"s":"\\u003cb\\u003e"\}\}/);
    assert.match(
      textOf(
        'apps/v1',
        'ControllerRevision',
        encode('k8s.io.api.apps.v1.ControllerRevision', { revision: 2, data: { raw: Buffer.from('{ "a": [1, 2] }') } }),
        2,
      ),
      /"data": \{\n {4}"a": \[\n {6}1,\n {6}2\n {4}\]\n {2}\}/,
    );
  });

  it('writes int64 beyond 2^53 as its digits, and answers for a broken value as the object decoder does', () => {
    const spec = Buffer.from([0x28, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]); // activeDeadlineSeconds: 2^63 - 1
    const raw = Buffer.concat([Buffer.from([0x12, spec.length]), spec]);
    assert.match(textOf('v1', 'Pod', raw), /"activeDeadlineSeconds":9223372036854775807/);
    const cut = pod().subarray(0, pod().length - 5);
    assert.deepEqual(decodeText('v1', 'Pod', cut), decodeRaw('v1', 'Pod', cut));
  });
});
