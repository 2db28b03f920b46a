/**
 * API discovery: every listable kind the server serves, from `/api/v1` and the
 * preferred version of each group under `/apis` (CRDs included), fetched a few
 * at a time. A group that fails (an unavailable aggregated API) is skipped and
 * named, so one broken group never hides the rest.
 */
import { parseResourceList, preferredGroupVersions, sortResources, type ApiResource } from '../../core/kube/resources';
import { ok, type Result } from '../../core/result';
import { expectOk, type KubeApi } from './api';

export interface Discovery {
  readonly resources: readonly ApiResource[];
  /** Group versions that could not be read, with why. */
  readonly skipped: readonly { groupVersion: string; reason: string }[];
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

export async function discover(api: KubeApi, timeoutMs: number, signal?: AbortSignal): Promise<Result<Discovery>> {
  const core = expectOk(await api.request('/api/v1', { timeoutMs, signal }), 'GET /api/v1');
  if (!core.ok) return core;
  const groups = expectOk(await api.request('/apis', { timeoutMs, signal }), 'GET /apis');
  if (!groups.ok) return groups;
  const resources = parseResourceList('', 'v1', core.value.body);
  const skipped: { groupVersion: string; reason: string }[] = [];
  const gvs = preferredGroupVersions(groups.value.body);
  const lists = await mapLimited(gvs, 6, async ({ group, version }) => {
    const r = expectOk(await api.request(`/apis/${group}/${version}`, { timeoutMs, signal }), `GET /apis/${group}/${version}`);
    if (!r.ok) {
      skipped.push({ groupVersion: `${group}/${version}`, reason: r.error.message });
      return [];
    }
    return parseResourceList(group, version, r.value.body);
  });
  for (const l of lists) resources.push(...l);
  // The same kind can be served by two groups (events in core and events.k8s.io): keep both; they are different resources.
  return ok({ resources: sortResources(resources), skipped });
}
