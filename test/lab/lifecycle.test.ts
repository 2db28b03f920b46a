import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labModule } from '../support/lab';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the lab: start and stop', function () {
  this.timeout(240_000);

  it('stops cleanly: no process of it is left, and a second start reuses the store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-lab-'));
    try {
      const { startLab } = await labModule();
      const first = await startLab({ dir, log: () => undefined });
      const pids = first.info.pids.map((p) => p.pid);
      assert.deepEqual(first.info.pids.map((p) => p.name).sort(), ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok']);
      assert.ok(pids.every(alive));
      await first.stop();
      assert.deepEqual(pids.filter(alive), []);
      assert.deepEqual(JSON.parse(readFileSync(join(dir, 'pids.json'), 'utf8')), []);

      const second = await startLab({ dir, log: () => undefined });
      try {
        assert.ok(existsSync(join(dir, 'etcd-data')));
        const uid = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
        assert.ok(uid(join(dir, 'lab.json')).apiserver.startsWith('https://127.0.0.1:'));
      } finally {
        await second.stop();
      }
      assert.deepEqual(second.info.pids.map((p) => p.pid).filter(alive), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
