/**
 * What an etcd client needs, read from etcd's own command line as kubeadm
 * writes it: the client URL and the certificate paths. The flags come from a
 * static-pod manifest on the node (/etc/kubernetes/manifests/etcd.yaml, its
 * `- --name=value` lines, so no YAML parser is needed) or from the etcd pod
 * the API server shows. The client certificate is the peer pair, as the
 * lesson uses it.
 */
import { fail, ok, type Result } from '../result';

export interface EtcdConnectionGuess {
  readonly endpoints: string[];
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** `--name=value` and `--name value` arguments (etcd's flag syntax), the last one winning. */
export function etcdFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const m = /^--?([a-z0-9-]+)(?:=(.*))?$/s.exec(argv[i] ?? '');
    if (!m) continue;
    const next = argv[i + 1];
    if (m[2] !== undefined) flags.set(m[1] as string, m[2]);
    else if (next !== undefined && !next.startsWith('-')) flags.set(m[1] as string, argv[++i] as string);
    else flags.set(m[1] as string, 'true');
  }
  return flags;
}

/** The client URL a local client uses (loopback first, as etcdctl on the node would), and the files. */
export function etcdClientOf(flags: ReadonlyMap<string, string>): Result<EtcdConnectionGuess> {
  const urls = (flags.get('listen-client-urls') ?? flags.get('advertise-client-urls') ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  const endpoint = urls.find((u) => /\/\/(127\.|localhost[:/]|\[::1\])/.test(u)) ?? urls[0];
  const caFile = flags.get('trusted-ca-file') ?? flags.get('peer-trusted-ca-file');
  const certFile = flags.get('peer-cert-file') ?? flags.get('cert-file');
  const keyFile = flags.get('peer-key-file') ?? flags.get('key-file');
  if (!endpoint || !caFile || !certFile || !keyFile)
    return fail(
      'etcd.manifest',
      'The etcd command line does not name the client URL and certificate files (--listen-client-urls, --trusted-ca-file, --peer-cert-file, --peer-key-file)',
    );
  return ok({ endpoints: [endpoint], caFile, certFile, keyFile });
}

/** The flags of a kubeadm static-pod manifest (its `- --name=value` lines). */
export function staticPodFlags(text: string): Map<string, string> {
  const args = [...text.matchAll(/^\s*-\s+(--[a-z0-9-]+=.*?)\s*$/gm)].map((m) => (m[1] as string).replace(/=["'](.*)["']$/, '=$1'));
  return etcdFlags(args);
}

export function parseEtcdManifest(text: string): Result<EtcdConnectionGuess> {
  return etcdClientOf(staticPodFlags(text));
}

/** Where a kube-apiserver static pod writes its audit log, when to a file (`-` is its standard output). */
export function auditLogOf(apiserverFlags: ReadonlyMap<string, string>): string | undefined {
  const path = apiserverFlags.get('audit-log-path');
  return path && path !== '-' ? path : undefined;
}
