/**
 * etcd through the API server, with nothing but a kubeconfig: find the etcd
 * pods (core/etcd/throughCluster.ts), read the client certificate, key and
 * CA their flags name through `pods/exec` into memory, and open a
 * `pods/portforward` to each member's client port. What comes out are
 * EtcdSettings for local ports, with the TLS material in memory only: no file
 * is written, and nothing here logs it.
 */
import {
  ETCD_POD_NAMESPACE,
  ETCD_POD_SELECTOR,
  etcdPodsOf,
  READ_FILES_SCRIPT,
  refusedBy,
  splitFiles,
  UNREADABLE_EXIT,
  type EtcdPod,
} from '../../core/etcd/throughCluster';
import { fail, ok, type Failure, type Result } from '../../core/result';
import { expectOk, type KubeApi } from '../kube/api';
import { execInPod, PodForward } from '../kube/podStreams';
import type { EtcdSettings } from './client';

export interface ClusterRoute {
  readonly settings: EtcdSettings;
  readonly pods: readonly EtcdPod[];
  readonly forwards: readonly PodForward[];
  close(): void;
}

/** A 403 on a pod's stream becomes etcdPod.forbidden naming the verb and resource the API server named. */
function streamFailure(f: Failure, resource: 'pods/exec' | 'pods/portforward', pod: EtcdPod): Failure {
  if (f.code === 'kube.http' && f.status === 403) {
    const r = refusedBy(f.message);
    return { code: 'etcdPod.forbidden', message: f.message, where: `${r?.verb ?? 'create'} ${r?.resource ?? resource}`, status: 403 };
  }
  if (f.code === 'kube.http')
    return { code: resource === 'pods/exec' ? 'etcdPod.exec' : 'etcdPod.forward', message: f.message, where: `${pod.namespace}/${pod.name}`, status: f.status };
  return f;
}

/** Reads the pod's CA, client certificate and key (PEM text) through pods/exec. */
export async function readPodTls(
  api: KubeApi,
  pod: EtcdPod,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Result<{ ca: Buffer; cert: Buffer; key: Buffer }>> {
  const files = [pod.caFile, pod.certFile, pod.keyFile];
  const r = await execInPod(api, pod, ['sh', '-c', READ_FILES_SCRIPT, 'sh', ...files], { timeoutMs, signal });
  if (!r.ok) return { ok: false, error: streamFailure(r.error, 'pods/exec', pod) };
  const where = `${pod.namespace}/${pod.name}`;
  const said = r.value.stderr.trim().split('\n').pop() || r.value.status;
  if (r.value.exitCode === UNREADABLE_EXIT) return fail('etcdPod.read', said, where);
  if (r.value.exitCode !== 0)
    return fail('etcdPod.exec', `${said || 'no exit code'} (KubeLab runs sh in the container ${pod.container} to read the files)`, where);
  const texts = splitFiles(r.value.stdout.toString('utf8'), files.length);
  if (!texts) return fail('etcdPod.read', 'the files did not come back whole', where);
  const [ca, cert, key] = texts.map((t) => Buffer.from(t, 'utf8')) as [Buffer, Buffer, Buffer];
  return ok({ ca, cert, key });
}

/**
 * Finds the etcd pods of the context behind `api`, reads the first one's TLS files (every member
 * of a kubeadm cluster trusts the same CA) and forwards a local port to each member.
 */
export async function openClusterRoute(api: KubeApi, context: string, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<Result<ClusterRoute>> {
  const listed = expectOk(
    await api.request(`/api/v1/namespaces/${ETCD_POD_NAMESPACE}/pods?labelSelector=${encodeURIComponent(ETCD_POD_SELECTOR)}`, opts),
    `pods in ${ETCD_POD_NAMESPACE}`,
  );
  if (!listed.ok) return listed;
  const found = etcdPodsOf(listed.value.body, context);
  if (!found.ok) return found;
  const pods = found.value;
  const first = pods[0] as EtcdPod;
  const tls = first.tls ? await readPodTls(api, first, opts.timeoutMs, opts.signal) : ok(undefined);
  if (!tls.ok) return tls;
  const forwards: PodForward[] = [];
  const close = () => forwards.forEach((f) => f.close());
  for (const pod of pods) {
    const f = await PodForward.open(api, pod, pod.port, opts);
    if (!f.ok) {
      close();
      return { ok: false, error: streamFailure(f.error, 'pods/portforward', pod) };
    }
    forwards.push(f.value);
  }
  const scheme = first.tls ? 'https' : 'http';
  return ok({
    settings: {
      endpoints: forwards.map((f) => `${scheme}://127.0.0.1:${f.localPort}`),
      pem: tls.value,
      via: { context, pods },
      timeoutMs: opts.timeoutMs,
    },
    pods,
    forwards,
    close,
  });
}
