import * as assert from 'node:assert/strict';
import { indentJson } from '../../src/infra/k8sproto/indent';

describe('indenting compact JSON as Go does', () => {
  it('adds only whitespace: the same layout as JSON.stringify(…, null, 2), numbers and escapes as they were', () => {
    const values = [
      { a: 1, b: [true, null, 'x'], c: {}, d: [], e: { f: { g: [{}, []] } } },
      ['k:{"type":"Ready"}', 'a,b:c', 'quote \\" and \\\\ back', { 'f:metadata': { 'f:labels': { '.': {} } } }],
      'just a string',
      42,
    ];
    for (const v of values) assert.equal(indentJson(JSON.stringify(v), 0), JSON.stringify(v, null, 2));
    // At depth 2 of a document: every new line two levels in.
    assert.equal(indentJson('{"a":[1]}', 2), '{\n      "a": [\n        1\n      ]\n    }');
    // Go keeps a number as written, and its escapes.
    assert.equal(indentJson('{"n":1.0,"s":"\\u003cb\\u003e"}', 0), '{\n  "n": 1.0,\n  "s": "\\u003cb\\u003e"\n}');
  });
});
