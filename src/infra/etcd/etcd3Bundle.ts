// The entry of dist/etcd3.js (scripts/build.mjs): etcd3 and the cockatiel policies
// KubeLab passes it, from the same copy of cockatiel that etcd3 uses.
export * from 'etcd3';
export { ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen, noop, retry } from 'cockatiel';
