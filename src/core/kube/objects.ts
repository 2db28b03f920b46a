/**
 * How one Kubernetes object looks in the tree: its status in words (pod phase
 * and ready containers, node Ready), its health as a colour, its age. Pure.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export type Health = 'ok' | 'progressing' | 'failed' | 'terminating' | 'unknown';

export interface ObjectSummary {
  readonly status?: string;
  readonly health: Health;
}

interface ContainerStatus {
  ready?: boolean;
  state?: { waiting?: { reason?: string }; terminated?: { reason?: string } };
}

function podSummary(o: KubeObject): ObjectSummary {
  const status = (o.status ?? {}) as { phase?: string; reason?: string; containerStatuses?: ContainerStatus[] };
  const containers = ((o.spec as { containers?: unknown[] } | undefined)?.containers ?? []).length;
  const statuses = status.containerStatuses ?? [];
  const ready = statuses.filter((c) => c.ready).length;
  const waiting = statuses.map((c) => c.state?.waiting?.reason ?? c.state?.terminated?.reason).find((r) => r && r !== 'Completed');
  if (o.metadata.deletionTimestamp) return { status: `Terminating ${ready}/${containers}`, health: 'terminating' };
  const phase = status.reason ?? waiting ?? status.phase ?? 'Pending';
  const health: Health =
    phase === 'Running'
      ? ready === containers
        ? 'ok'
        : 'progressing'
      : phase === 'Succeeded'
        ? 'ok'
        : phase === 'Pending' || phase === 'ContainerCreating'
          ? 'progressing'
          : phase === 'Unknown'
            ? 'unknown'
            : 'failed';
  return { status: `${phase} ${ready}/${containers}`, health };
}

function nodeSummary(o: KubeObject): ObjectSummary {
  const conds = (o.status as { conditions?: { type?: string; status?: string }[] } | undefined)?.conditions ?? [];
  const ready = conds.find((c) => c.type === 'Ready');
  const unschedulable = (o.spec as { unschedulable?: boolean } | undefined)?.unschedulable === true;
  const suffix = unschedulable ? ',SchedulingDisabled' : '';
  if (!ready) return { status: `Unknown${suffix}`, health: 'unknown' };
  if (ready.status === 'True') return { status: `Ready${suffix}`, health: unschedulable ? 'progressing' : 'ok' };
  return { status: `NotReady${suffix}`, health: 'failed' };
}

function namespaceSummary(o: KubeObject): ObjectSummary {
  const phase = (o.status as { phase?: string } | undefined)?.phase ?? 'Active';
  return { status: phase, health: phase === 'Active' ? 'ok' : 'terminating' };
}

export function summarize(kind: string, o: KubeObject): ObjectSummary {
  if (o.metadata.deletionTimestamp && kind !== 'Pod') return { status: 'Terminating', health: 'terminating' };
  switch (kind) {
    case 'Pod':
      return podSummary(o);
    case 'Node':
      return nodeSummary(o);
    case 'Namespace':
      return namespaceSummary(o);
    default:
      return { health: 'unknown' };
  }
}

/** kubectl's age format: 45s, 12m, 5h, 3d, 2y. */
export function formatAge(created: string | undefined, now: number): string {
  if (!created) return '';
  const t = Date.parse(created);
  if (Number.isNaN(t)) return '';
  const s = Math.max(0, Math.floor((now - t) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h <= 48) return `${h}h`;
  const d = Math.floor(h / 24);
  return d < 730 ? `${d}d` : `${Math.floor(d / 365)}y`;
}
