/**
 * etcd reached through the API server: the etcd pods kubeadm runs as static
 * pods in kube-system (label component=etcd), what each one's command line
 * says a client needs (etcd/manifest.ts), and the words for what can go
 * wrong on the way (no such pod on a managed cluster, RBAC, a pod whose
 * flags name no client URL). Pure: the pod list comes in as JSON.
 */
import { fail, ok, type Result } from '../result';
import { etcdClientOf, etcdFlags } from './manifest';

export const ETCD_POD_NAMESPACE = 'kube-system';
export const ETCD_POD_SELECTOR = 'component=etcd';

export interface EtcdPod {
  readonly namespace: string;
  readonly name: string;
  readonly container: string;
  readonly node?: string;
  /** The client URL a client inside the pod uses (loopback first), and its port: the port-forward's target. */
  readonly endpoint: string;
  readonly port: number;
  readonly tls: boolean;
  /** Paths inside the pod (hostPath mounts on a kubeadm node). */
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

interface PodJson {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: { nodeName?: string; containers?: { name?: string; command?: string[]; args?: string[] }[] };
  status?: { phase?: string };
}

/**
 * The etcd members' pods in a pod list (kube-system, label component=etcd), by name; Running ones
 * only, unless none is. A pod whose etcd flags name no client URL or files is an error that says so.
 */
export function etcdPodsOf(list: unknown, context: string): Result<EtcdPod[]> {
  const items = ((list as { items?: PodJson[] } | undefined)?.items ?? []).filter((p) => p.metadata?.labels?.component === 'etcd');
  if (items.length === 0) return fail('etcdPod.none', `The context ${context} has no pod labelled ${ETCD_POD_SELECTOR} in ${ETCD_POD_NAMESPACE}`, context);
  const running = items.filter((p) => p.status?.phase === 'Running');
  const pods: EtcdPod[] = [];
  for (const p of (running.length ? running : items).sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))) {
    const name = p.metadata?.name ?? '';
    const namespace = p.metadata?.namespace ?? ETCD_POD_NAMESPACE;
    const containers = p.spec?.containers ?? [];
    const c = containers.find((x) => x.name === 'etcd') ?? containers.find((x) => [...(x.command ?? []), ...(x.args ?? [])].some((a) => /(^|\/)etcd$/.test(a)));
    const client = etcdClientOf(etcdFlags([...(c?.command ?? []), ...(c?.args ?? [])]));
    if (!c || !client.ok)
      return fail(
        'etcdPod.flags',
        `The pod ${namespace}/${name} runs no etcd container whose flags name its client URL and certificate files`,
        `${namespace}/${name}`,
      );
    const url = new URL(client.value.endpoints[0] as string);
    pods.push({
      namespace,
      name,
      container: c.name ?? 'etcd',
      node: p.spec?.nodeName,
      endpoint: client.value.endpoints[0] as string,
      port: Number(url.port || 2379),
      tls: url.protocol === 'https:',
      caFile: client.value.caFile,
      certFile: client.value.certFile,
      keyFile: client.value.keyFile,
    });
  }
  return ok(pods);
}

/** "pod etcd-controlplane", or "pods etcd-a, etcd-b, etcd-c": what the etcd view's title names. */
export function podsLabel(pods: readonly Pick<EtcdPod, 'name'>[]): string {
  return `${pods.length === 1 ? 'pod' : 'pods'} ${pods.map((p) => p.name).join(', ')}`;
}

/** What the API server's 403 says was refused: `cannot create resource "pods/exec" … namespace "kube-system"`. */
export function refusedBy(message: string): { verb: string; resource: string; namespace?: string } | undefined {
  const m = /cannot (\w+) resource "([^"]+)"(?: in API group "[^"]*")?(?: in the namespace "([^"]+)")?/.exec(message);
  return m ? { verb: m[1] as string, resource: m[2] as string, ...(m[3] ? { namespace: m[3] } : {}) } : undefined;
}

export const FILE_SEPARATOR = '--kubelab-end--';
/** READ_FILES_SCRIPT's exit code when a file cannot be read. */
export const UNREADABLE_EXIT = 3;
/**
 * A portable script that prints files, each followed by a line FILE_SEPARATOR, for `sh -c` in
 * the etcd container. kubeadm's etcd image has a shell (bash, as /bin/sh) but no `cat`; the loop
 * uses only what every sh has built in. The paths come as arguments, never inside the script.
 */
export const READ_FILES_SCRIPT = `for f; do while IFS= read -r l || [ -n "$l" ]; do printf '%s\\n' "$l"; done < "$f" || exit ${UNREADABLE_EXIT}; printf '%s\\n' '${FILE_SEPARATOR}'; done`;

export interface ExecStatus {
  readonly status?: string;
  readonly message?: string;
  readonly details?: { readonly causes?: readonly { readonly reason?: string; readonly message?: string }[] };
}

/**
 * The exit code a pods/exec Status reports: a kubelet's NonZeroExitCode names it as a cause
 * (reason ExitCode); other runtimes only say "exit status N" or "exit code N" in the message.
 * 0 for Success; undefined when the command never ran (no such executable, no container).
 */
export function execExitCode(st: ExecStatus): number | undefined {
  if (st.status === 'Success') return 0;
  const cause = st.details?.causes?.find((c) => c.reason === 'ExitCode')?.message;
  if (cause !== undefined && /^\d+$/.test(cause)) return Number(cause);
  const m = /exit (?:status|code) (\d+)/.exec(st.message ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Splits what READ_FILES_SCRIPT printed into the files' texts; undefined when the count is wrong. */
export function splitFiles(out: string, count: number): string[] | undefined {
  const parts = out.split(`${FILE_SEPARATOR}\n`);
  if (parts.length !== count + 1 || parts[count] !== '') return undefined;
  return parts.slice(0, count);
}
