import * as assert from 'node:assert/strict';
import { generationsOf, type HistoryEntry } from '../../src/core/etcd/history';

const put = (revision: number, createRevision: number, version: number): HistoryEntry => ({
  revision: String(revision),
  type: 'put',
  version: String(version),
  createRevision: String(createRevision),
  size: 1,
});
const del = (revision: number): HistoryEntry => ({ revision: String(revision), type: 'delete', version: '0', createRevision: '0', size: 0 });

describe("a key's history: its lives", () => {
  it('splits the writes into generations: a delete ends one, a new create_revision starts the next', () => {
    const lives = generationsOf([put(10, 10, 1), put(11, 10, 2), del(12), put(20, 20, 1), put(21, 20, 2)]);
    assert.deepEqual(
      lives.map((g) => [g.createRevision, g.entries.map((e) => e.revision), g.deletedAt]),
      [
        ['10', ['10', '11', '12'], '12'],
        ['20', ['20', '21'], undefined],
      ],
    );
  });

  it('keeps a life whose start was compacted, and one that ends with a delete whose puts were compacted', () => {
    const lives = generationsOf([del(5), put(7, 7, 1), put(9, 3, 4)]);
    assert.deepEqual(
      lives.map((g) => [g.createRevision, g.entries.length, g.deletedAt]),
      [
        ['?', 1, '5'],
        ['7', 1, undefined],
        ['3', 1, undefined],
      ],
    );
  });
});
