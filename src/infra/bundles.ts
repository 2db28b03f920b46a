/**
 * The large libraries, loaded when first used rather than when the extension
 * activates: @kubernetes/client-node and ws (a kubeconfig is read) and etcd3 with
 * gRPC (etcd is connected). scripts/build.mjs bundles each on its own
 * (dist/client-node.js, dist/etcd3.js) and points these requires there; in
 * the tests, which run the transpiled sources, they load from node_modules.
 */
import type * as ClientNode from './kube/clientNodeBundle';
import type * as Cockatiel from 'cockatiel';
import type * as Etcd3 from 'etcd3';

let kube: typeof ClientNode | undefined;
type Policies = Pick<typeof Cockatiel, 'noop' | 'retry' | 'handleWhen' | 'circuitBreaker' | 'ConsecutiveBreaker' | 'ExponentialBackoff'>;
let etcd: (typeof Etcd3 & Policies) | undefined;

export function clientNode(): typeof ClientNode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return (kube ??= require('./kube/clientNodeBundle') as typeof ClientNode);
}

/** etcd3, and the cockatiel policies KubeLab gives it (it decides about retries itself). */
export function etcd3(): typeof Etcd3 & Policies {
  if (!etcd) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
    const [lib, c] = [require('etcd3') as typeof Etcd3, require('cockatiel') as typeof Cockatiel];
    const { noop, retry, handleWhen, circuitBreaker, ConsecutiveBreaker, ExponentialBackoff } = c;
    etcd = { ...lib, noop, retry, handleWhen, circuitBreaker, ConsecutiveBreaker, ExponentialBackoff };
  }
  return etcd;
}
