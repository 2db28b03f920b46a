/** Errors as values at the infra boundary: adapters decide what the user sees. */
export type Result<T, E = Failure> = { ok: true; value: T } | { ok: false; error: E };

/** A failure a person can act on: what failed, where, and what to do next. */
export interface Failure {
  /** Stable machine-readable code, e.g. `kubeconfig.parse`. */
  readonly code: string;
  /** What failed, in words; never contains key material. */
  readonly message: string;
  /** Where it failed: a file, an endpoint, a key. */
  readonly where?: string;
}

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = (code: string, message: string, where?: string): Result<never> => ({
  ok: false,
  error: where === undefined ? { code, message } : { code, message, where },
});
