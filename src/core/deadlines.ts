/**
 * One rule for how long KubeLab waits, derived from one setting
 * (kubelab.requestTimeoutSeconds), like etcdctl's command timeout: every
 * request to the API server or etcd gets it; a watch asks the server to end
 * it after `watchSeconds` and counts it dead 30 s later; retries back off the
 * same way everywhere. Pure.
 */
export interface Deadlines {
  /** One request (API server or etcd). */
  readonly requestMs: number;
  /** What a watch asks the API server for (timeoutSeconds). */
  readonly watchSeconds: number;
  /** When a watch stream that said nothing counts as dead. */
  readonly watchMs: number;
  /** How long Delete Pod waits for the pod to go before it says it is still terminating. */
  readonly deletionWaitMs: number;
}

const WATCH_SECONDS = 300;
const WATCH_GRACE_SECONDS = 30;
const DELETION_WAIT_SECONDS = 120;

export function deadlinesOf(requestTimeoutSeconds: number): Deadlines {
  const s = Math.min(300, Math.max(1, Number.isFinite(requestTimeoutSeconds) ? requestTimeoutSeconds : 15));
  return {
    requestMs: s * 1000,
    watchSeconds: WATCH_SECONDS,
    watchMs: (WATCH_SECONDS + WATCH_GRACE_SECONDS) * 1000,
    deletionWaitMs: DELETION_WAIT_SECONDS * 1000,
  };
}

/** The pause before retry `attempt` (1, 2, …): 1 s, 2 s, 4 s … up to 15 s. */
export function backoffMs(attempt: number): number {
  return Math.min(15_000, 500 * 2 ** Math.min(attempt, 5));
}
