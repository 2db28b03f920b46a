import * as assert from 'node:assert/strict';
import { parseEtcdEndpoints } from '../../src/core/etcdEndpoints';

describe('parseEtcdEndpoints', () => {
  it('takes several members separated by commas and spaces, deduplicated', () => {
    const r = parseEtcdEndpoints('https://10.0.0.1:2379, https://10.0.0.2:2379 https://10.0.0.1:2379');
    assert.deepEqual(r, { ok: true, value: ['https://10.0.0.1:2379', 'https://10.0.0.2:2379'] });
  });

  it('reads a bare host:port as https, as on kubeadm', () => {
    assert.deepEqual(parseEtcdEndpoints('127.0.0.1:2379'), { ok: true, value: ['https://127.0.0.1:2379'] });
  });

  it('says what is wrong with empty input, a missing port, or another scheme', () => {
    const empty = parseEtcdEndpoints('  ');
    const noPort = parseEtcdEndpoints('https://127.0.0.1');
    const scheme = parseEtcdEndpoints('unix://etcd.sock:1');
    assert.equal(empty.ok ? '' : empty.error.code, 'etcd.endpoints.empty');
    assert.equal(noPort.ok ? '' : noPort.error.code, 'etcd.endpoints.port');
    assert.match(noPort.ok ? '' : noPort.error.message, /2379/);
    assert.equal(scheme.ok ? '' : scheme.error.code, 'etcd.endpoints.scheme');
  });
});
