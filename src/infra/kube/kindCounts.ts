/**
 * The kinds under one expanded node of the Cluster view (a namespace, or
 * Cluster resources), each counted by a one-item list kept live by its watch.
 * So counts stay current, a kind that gets its first object (the first
 * Secret) appears without Refresh, and while the API server is down the
 * kinds stay where they were (their watches reconnect by themselves) instead
 * of vanishing.
 */
import { collectionPath, type ApiResource } from '../../core/kube/resources';
import type { Failure } from '../../core/result';
import type { KubeApi } from './api';
import { ListWatch, type ListWatchStatus } from './listWatch';

export interface KindCount {
  readonly resource: ApiResource;
  readonly count: number;
  readonly exact: boolean;
}

export interface KindCountsListener {
  /** A kind's count changed; `shown` when it went from zero to some or back. */
  onCount(resource: ApiResource, shown: boolean): void;
  onStatus(resource: ApiResource, status: ListWatchStatus): void;
}

export class KindCounts {
  private readonly lists = new Map<ApiResource, ListWatch>();

  private constructor(private readonly listener: KindCountsListener) {}

  /**
   * Counts every kind (first pages in parallel); kinds the user may not list
   * are left out and named in `skipped`. Fails only when the API server
   * cannot be reached at all.
   */
  static async start(
    api: KubeApi,
    kinds: readonly ApiResource[],
    namespace: string | undefined,
    opts: { timeoutMs: number; watchSeconds: number },
    listener: KindCountsListener,
  ): Promise<{ ok: true; value: KindCounts; skipped: { resource: ApiResource; failure: Failure }[] } | { ok: false; error: Failure }> {
    const counts = new KindCounts(listener);
    const skipped: { resource: ApiResource; failure: Failure }[] = [];
    const started = await Promise.all(
      kinds.map(async (r) => {
        let last = -1;
        const lw: ListWatch = new ListWatch(
          api,
          collectionPath(r, namespace),
          { pageSize: 1, timeoutMs: opts.timeoutMs, watchTimeoutSeconds: opts.watchSeconds },
          {
            onChange: (state) => {
              const n = state.total ?? state.items.length;
              if (n !== last) listener.onCount(r, (n === 0) !== (last === 0));
              last = n;
            },
            onStatus: (s) => listener.onStatus(r, s),
          },
        );
        const res = await lw.start();
        if (res.ok) last = res.value.total ?? res.value.items.length;
        return { r, lw, res };
      }),
    );
    const network = started.find((s) => !s.res.ok && s.res.error.code !== 'kube.http');
    for (const { r, lw, res } of started) {
      if (res.ok && !network) counts.lists.set(r, lw);
      else {
        lw.dispose();
        if (!res.ok && !network) skipped.push({ resource: r, failure: res.error });
      }
    }
    if (network && !network.res.ok) return { ok: false, error: network.res.error };
    return { ok: true, value: counts, skipped };
  }

  /** Each kind with its count now (from its list and watch; no request). */
  current(): KindCount[] {
    return [...this.lists].map(([resource, lw]) => {
      const s = lw.state;
      return { resource, count: s?.total ?? s?.items.length ?? 0, exact: s?.total !== undefined };
    });
  }

  dispose(): void {
    for (const lw of this.lists.values()) lw.dispose();
    this.lists.clear();
  }
}
