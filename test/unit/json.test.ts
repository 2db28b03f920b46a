import * as assert from 'node:assert/strict';
import { stringifyJson } from '../../src/core/json';

describe('JSON with int64 values', () => {
  it('prints bigints as their exact digits, wherever they are, and everything else as JSON.stringify does', () => {
    const value = { a: 2n ** 63n - 1n, list: [-(2n ** 63n), 1, 'x'], nested: { s: 'quote " and \u0000int64:', n: null } };
    const text = stringifyJson(value, 2);
    assert.match(text, /"a": 9223372036854775807,/);
    assert.match(text, /^ {4}-9223372036854775808,$/m);
    assert.deepEqual(JSON.parse(text.replace(/-?\d{16,}/g, '0')), { a: 0, list: [0, 1, 'x'], nested: { s: 'quote " and \u0000int64:', n: null } });
    const plain = { a: 1, b: ['x', { c: true }] };
    assert.equal(stringifyJson(plain), JSON.stringify(plain));
    assert.equal(stringifyJson(plain, 2), JSON.stringify(plain, null, 2));
  });
});
