/** The user the Cluster view's context authenticates as, in the API server's own words (a SelfSubjectReview, Kubernetes ≥ 1.28). */
import type { ClusterSession } from '../cluster/session';

export async function whoAmI(session: ClusterSession, timeoutMs: number): Promise<string | undefined> {
  const api = await session.api();
  if (!api.ok) return undefined;
  const r = await api.value.request('/apis/authentication.k8s.io/v1/selfsubjectreviews', {
    method: 'POST',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    timeoutMs,
  });
  if (!r.ok || r.value.status !== 201) return undefined;
  const name = (r.value.body as { status?: { userInfo?: { username?: unknown } } } | undefined)?.status?.userInfo?.username;
  return typeof name === 'string' && name ? name : undefined;
}
