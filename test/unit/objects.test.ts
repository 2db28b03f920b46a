import * as assert from 'node:assert/strict';
import { formatAge, summarize } from '../../src/core/kube/objects';

const now = Date.parse('2026-01-02T00:00:00Z');

describe('objects: status and health as a user reads them', () => {
  it('shows pod phase with ready containers, and Terminating once deleted', () => {
    const pod = {
      metadata: { name: 'p' },
      spec: { containers: [{}, {}] },
      status: { phase: 'Running', containerStatuses: [{ ready: true }, { ready: true }] },
    };
    assert.deepEqual(summarize('Pod', pod), { status: 'Running 2/2', health: 'ok' });
    assert.deepEqual(summarize('Pod', { ...pod, status: { phase: 'Running', containerStatuses: [{ ready: true }, { ready: false }] } }), {
      status: 'Running 1/2',
      health: 'progressing',
    });
    assert.equal(summarize('Pod', { ...pod, metadata: { name: 'p', deletionTimestamp: '2026-01-01T00:00:00Z' } }).health, 'terminating');
    assert.deepEqual(
      summarize('Pod', {
        metadata: { name: 'p' },
        spec: { containers: [{}] },
        status: { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff' } } }] },
      }),
      {
        status: 'ImagePullBackOff 0/1',
        health: 'failed',
      },
    );
  });

  it('shows node Ready / NotReady', () => {
    assert.deepEqual(summarize('Node', { metadata: { name: 'n' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }), {
      status: 'Ready',
      health: 'ok',
    });
    assert.equal(summarize('Node', { metadata: { name: 'n' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } }).health, 'failed');
  });

  it('formats age compactly: seconds, minutes, hours, days', () => {
    assert.equal(formatAge('2026-01-01T23:59:30Z', now), '30s');
    assert.equal(formatAge('2026-01-01T23:00:00Z', now), '60m');
    assert.equal(formatAge('2025-12-31T00:00:00Z', now), '48h');
    assert.equal(formatAge('2025-12-30T00:00:00Z', now), '3d');
    assert.equal(formatAge('2025-12-01T00:00:00Z', now), '32d');
    assert.equal(formatAge('not a date', now), '');
  });
});
