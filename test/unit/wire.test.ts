import * as assert from 'node:assert/strict';
import { renderValueDocument } from '../../src/core/etcd/valueDocument';
import { classifyValue } from '../../src/core/etcd/envelope';
import { english } from '../../src/core/l10n';
import { decodeRaw } from '../../src/infra/k8sproto/decode';
import { encode, envelope, pod } from '../support/k8sproto';

/** A protobuf varint of a 64-bit integer (negatives as ten bytes of two's complement, as Go writes int64). */
function varint(v: bigint): number[] {
  let u = BigInt.asUintN(64, v);
  const out: number[] = [];
  do {
    const low = Number(u & 0x7fn);
    u >>= 7n;
    out.push(u ? low | 0x80 : low);
  } while (u);
  return out;
}
const field = (id: number, bytes: Buffer): Buffer => Buffer.concat([Buffer.from([(id << 3) | 2, ...varint(BigInt(bytes.length))]), bytes]);

describe('the protobuf wire format, at its edges', () => {
  it('reads int64 values exactly up to their limits, and the document prints them as the API does (digits, not a rounded number)', () => {
    const limits = [0n, 1n, -1n, 2n ** 53n - 1n, 2n ** 53n + 1n, 2n ** 56n, 2n ** 56n + 3n, 2n ** 63n - 1n, -(2n ** 63n), -(2n ** 53n) - 7n];
    for (const v of limits) {
      // PodSpec field 5: activeDeadlineSeconds, int64.
      const raw = field(2, Buffer.from([5 << 3, ...varint(v)]));
      const d = decodeRaw('v1', 'Pod', raw);
      assert.ok(d.ok, d.ok ? '' : d.reason);
      const got = (d.object.spec as { activeDeadlineSeconds: number | bigint }).activeDeadlineSeconds;
      assert.equal(BigInt(got), v, `activeDeadlineSeconds ${v}`);
      const stored = classifyValue(envelope('v1', 'Pod', raw));
      const doc = renderValueDocument(
        {
          key: '/registry/pods/default/p',
          meta: { createRevision: '1', modRevision: '1', version: '1', lease: '0' },
          bytes: envelope('v1', 'Pod', raw),
          stored,
          decoded: d,
          view: 'decoded',
          reveal: false,
          schema: '1.29–1.37',
        },
        english,
      );
      assert.match(doc.text, new RegExp(`^ {4}"activeDeadlineSeconds": ${v},?$`, 'm'));
    }
  });

  it('skips unknown fields of every wire type at the start, middle and end of nested messages, and decodes the rest', () => {
    const known = decodeRaw('v1', 'Pod', pod());
    assert.ok(known.ok);
    const unknowns = [
      Buffer.from([0xfa, 0x3e, 0x02, 0x68, 0x69]), // #1007, 2 bytes
      Buffer.from([0x80, 0x3f, 0xff, 0xff, 0x03]), // #1008, varint
      Buffer.from([0x89, 0x3f, 1, 2, 3, 4, 5, 6, 7, 8]), // #1009, fixed64
      Buffer.from([0x95, 0x3f, 1, 2, 3, 4]), // #1010, fixed32
    ];
    const container = { name: 'hello', image: 'nginxdemos/hello:plain-text' };
    const c = encode('k8s.io.api.core.v1.Container', container);
    const spec = encode('k8s.io.api.core.v1.PodSpec', { nodeName: 'controlplane' });
    for (const [i, u] of unknowns.entries()) {
      // Inside a container (PodSpec field 2) and inside the spec (Pod field 2): at the start, in the middle and at the end.
      const inContainer = [Buffer.concat([u, c]), Buffer.concat([c.subarray(0, 7), u, c.subarray(7)]), Buffer.concat([c, u])][i % 3] as Buffer;
      const raw = field(2, Buffer.concat([u, field(2, inContainer), u, spec, u]));
      const d = decodeRaw('v1', 'Pod', raw);
      assert.ok(d.ok, d.ok ? '' : d.reason);
      assert.deepEqual(d.object, { apiVersion: 'v1', kind: 'Pod', spec: { containers: [container], nodeName: 'controlplane' } });
      assert.deepEqual(
        d.unknown?.map((x) => x.message),
        ['PodSpec', 'Container', 'PodSpec', 'PodSpec'],
      );
    }
  });

  it('never throws and never hangs on any truncation or any flipped byte of a value (every cut, every byte, three flips each)', () => {
    const value = pod();
    for (let cut = 0; cut <= value.length; cut++) {
      const d = decodeRaw('v1', 'Pod', value.subarray(0, cut));
      if (!d.ok) assert.ok((d.offset ?? -1) >= 0 && (d.offset ?? 0) <= cut, `cut at ${cut}: offset ${d.offset}`);
    }
    for (let i = 0; i < value.length; i++)
      for (const mask of [0x01, 0x80, 0xff]) {
        const flipped = Buffer.from(value);
        flipped[i] = (flipped[i] as number) ^ mask;
        const d = decodeRaw('v1', 'Pod', flipped);
        if (!d.ok) assert.ok((d.offset ?? -1) >= 0 && (d.offset ?? 0) <= value.length, `byte ${i} ^ ${mask}: offset ${d.offset}`);
      }
  });
});
