/** Errors as values at the infra boundary: adapters decide what the user sees. */
export type Result<T, E = Failure> = { ok: true; value: T } | { ok: false; error: E };

/**
 * Every way a call can fail, as a closed set: adapters/failures.ts must give
 * each one a message (English and Russian), or the build does not compile.
 */
export type FailureCode =
  | 'kubeconfig.missing'
  | 'kubeconfig.notFound'
  | 'kubeconfig.read'
  | 'kubeconfig.parse'
  | 'kubeconfig.empty'
  | 'kubeconfig.context'
  | 'kube.credentials'
  | 'kube.unreachable'
  | 'kube.dns'
  | 'kube.reset'
  | 'kube.timeout'
  | 'kube.cancelled'
  | 'kube.tls'
  | 'kube.network'
  | 'kube.http'
  | 'kube.notAList'
  | 'kube.watchClosed'
  | 'kube.watchError'
  | 'etcd.noEndpoints'
  | 'etcd.endpoints.empty'
  | 'etcd.endpoints.invalid'
  | 'etcd.endpoints.scheme'
  | 'etcd.endpoints.port'
  | 'etcd.manifest'
  | 'etcd.decrypt'
  | 'lab.control'
  | 'encryption.read'
  | 'encryption.config'
  | 'etcd.manifestMissing'
  | 'etcd.tlsFile'
  | 'etcd.unreachable'
  | 'etcd.timeout'
  | 'etcd.tls'
  | 'etcd.auth'
  | 'etcd.error'
  | 'etcdPod.none'
  | 'etcdPod.flags'
  | 'etcdPod.forbidden'
  | 'etcdPod.exec'
  | 'etcdPod.read'
  | 'etcdPod.forward';

/** A failure a person can act on: what failed, where, and what to do next. */
export interface Failure {
  readonly code: FailureCode;
  /** What failed, in English, for the log; the user reads adapters/failures.ts. Never holds key material. */
  readonly message: string;
  /** Where it failed: a file, an endpoint, a request. */
  readonly where?: string;
  /** kube.http: the HTTP status the API server answered. */
  readonly status?: number;
}

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = (code: FailureCode, message: string, where?: string, status?: number): Result<never> => ({
  ok: false,
  error: { code, message, ...(where === undefined ? {} : { where }), ...(status === undefined ? {} : { status }) },
});
