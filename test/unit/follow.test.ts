import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogFollower, type FollowState } from '../../src/infra/audit/follow';

// Following a log as the API server writes it (lumberjack: appends, renames to a backup, starts a new file).
describe('following a log file', () => {
  let dir: string;
  let file: string;
  let lines: string[];
  let states: FollowState[];
  let f: LogFollower;
  const follower = (o = {}) =>
    new LogFollower(
      file,
      (l) => lines.push(...l),
      (s) => states.push(s),
      o,
    );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubelab-follow-'));
    file = join(dir, 'audit.log');
    lines = [];
    states = [];
  });
  afterEach(async () => {
    await f.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for a file that does not exist yet, then reads it from its start', async () => {
    f = follower();
    await f.poll();
    assert.equal(f.current().kind, 'waiting');
    writeFileSync(file, 'one\ntwo\n');
    await f.poll();
    assert.deepEqual(lines, ['one', 'two']);
    assert.equal(f.current().kind, 'following');
  });

  it('starts at the end of a file already there, and gives a line written in two parts once, whole', async () => {
    writeFileSync(file, 'old\n');
    f = follower();
    await f.poll();
    appendFileSync(file, '{"half":');
    await f.poll();
    assert.deepEqual(lines, []);
    appendFileSync(file, '1}\nnext\n');
    await f.poll();
    assert.deepEqual(lines, ['{"half":1}', 'next']);
  });

  it('reads once when asked twice at the same moment (the timer and a Refresh)', async () => {
    writeFileSync(file, '');
    f = follower();
    await f.poll();
    appendFileSync(file, `${'a'.repeat(100_000)}\n${'b'.repeat(100_000)}\nc`);
    await Promise.all([f.poll(), f.poll(), f.poll()]);
    appendFileSync(file, '\n');
    await f.poll();
    assert.deepEqual(
      lines.map((l) => `${l[0]}${l.length}`),
      ['a100000', 'b100000', 'c1'],
    );
  });

  it('reads the rest of a rotated file, then the new one from its start', async () => {
    writeFileSync(file, '');
    f = follower();
    await f.poll();
    appendFileSync(file, 'a\n');
    await f.poll();
    appendFileSync(file, 'b\n'); // written before the rotation, not yet read
    renameSync(file, join(dir, 'audit-2026-11-26T15-00-00.000.log'));
    await f.poll(); // the old file, its new name not there yet
    writeFileSync(file, 'c\n');
    await f.poll();
    assert.deepEqual(lines, ['a', 'b', 'c']);
    assert.deepEqual(f.current(), { kind: 'following', path: file, rotations: 1, truncations: 0, tooLong: 0 });
  });

  it('starts again at the top of a truncated file', async () => {
    writeFileSync(file, 'x\ny\n');
    f = follower({ from: 'start' });
    await f.poll();
    truncateSync(file, 0);
    appendFileSync(file, 'z\n');
    await f.poll();
    assert.deepEqual(lines, ['x', 'y', 'z']);
    assert.equal((f.current() as { truncations: number }).truncations, 1);
  });

  it('starts within the last bytes of a long file, at its first whole line', async () => {
    writeFileSync(file, 'first line\nsecond\nthird\n');
    f = follower({ from: 'start', tailBytes: 12 });
    await f.poll();
    assert.deepEqual(lines, ['third'], 'its last 12 bytes, "econd\nthird\n", start inside "second"');
  });

  it('drops a line longer than its limit, counts it, and reads on', async () => {
    writeFileSync(file, '');
    f = follower({ maxLineBytes: 10 });
    await f.poll();
    appendFileSync(file, `${'x'.repeat(8)}`);
    await f.poll();
    appendFileSync(file, `${'x'.repeat(8)}\nshort\n`);
    await f.poll();
    assert.deepEqual(lines, ['short']);
    assert.equal((f.current() as { tooLong: number }).tooLong, 1);
  });
});
