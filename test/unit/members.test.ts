import * as assert from 'node:assert/strict';
import { bytes, compareHashes, joinMembers, type MemberStatus } from '../../src/core/etcd/members';

const status = (memberId: string, leader: string, term = '3'): MemberStatus => ({
  memberId,
  version: '3.7.3',
  leader,
  raftTerm: term,
  raftIndex: '120',
  raftAppliedIndex: '120',
  dbSize: 364_000,
  dbSizeInUse: 360_000,
  revision: '99',
  errors: [],
});
const member = (id: string, name: string, port: number) => ({ id, name, clientUrls: [`https://127.0.0.1:${port}`], peerUrls: [], isLearner: false });

describe('etcd members', () => {
  it('joins the member list with what each endpoint answered: leader, followers, a member down with why, alarms', () => {
    const rows = joinMembers(
      [member('1', 'a', 1001), member('2', 'b', 1002), member('3', 'c', 1003), { ...member('4', '', 1004) }],
      [
        // Through the cluster the endpoint is a local forward: matched by the member ID that answered.
        { endpoint: 'https://127.0.0.1:5001', status: status('1', '2') },
        { endpoint: 'https://127.0.0.1:1002', status: status('2', '2') },
        { endpoint: 'https://127.0.0.1:1003', error: 'Cannot reach etcd at https://127.0.0.1:1003' },
      ],
      [{ memberId: '2', alarm: 'NOSPACE' }],
    );
    assert.deepEqual(
      rows.map((r) => [r.name, r.role ?? r.down, r.alarms.join()]),
      [
        ['a', 'follower', ''],
        ['b', 'leader', 'NOSPACE'],
        ['c', 'Cannot reach etcd at https://127.0.0.1:1003', ''],
        ['4', 'not started yet (it has no name)', ''],
      ],
    );
    assert.equal(rows[0]?.endpoint, 'https://127.0.0.1:5001');
  });

  it('compares hashes: equal, who differs, who did not answer', () => {
    assert.deepEqual(
      compareHashes([
        { name: 'a', hash: '7' },
        { name: 'b', hash: '7' },
      ]),
      { equal: true, groups: [{ hash: '7', names: ['a', 'b'] }], failed: [] },
    );
    const split = compareHashes([
      { name: 'a', hash: '7' },
      { name: 'b', hash: '9' },
      { name: 'c', hash: '7' },
      { name: 'd', error: 'down' },
    ]);
    assert.equal(split.equal, false);
    assert.deepEqual(split.groups, [
      { hash: '7', names: ['a', 'c'] },
      { hash: '9', names: ['b'] },
    ]);
    assert.deepEqual(
      split.failed.map((f) => f.name),
      ['d'],
    );
    assert.deepEqual([bytes(512), bytes(364_000), bytes(2 * 1024 ** 3)], ['512 B', '364.0 kB', '2.1 GB']);
  });
});
