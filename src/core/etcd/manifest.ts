/**
 * Reads a kubeadm etcd static-pod manifest (/etc/kubernetes/manifests/etcd.yaml)
 * for what a client needs: the client URL and the certificate paths. The flags
 * are `- --name=value` lines of the container command, so no YAML parser is
 * needed. The client certificate is the peer pair, as the lesson uses it.
 */
import { fail, ok, type Result } from '../result';

export interface EtcdConnectionGuess {
  readonly endpoints: string[];
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

export function parseEtcdManifest(text: string): Result<EtcdConnectionGuess> {
  const flags = new Map<string, string>();
  for (const m of text.matchAll(/^\s*-\s+--([a-z0-9-]+)=(.*?)\s*$/gm)) flags.set(m[1] as string, (m[2] as string).replace(/^["']|["']$/g, ''));
  const urls = (flags.get('listen-client-urls') ?? flags.get('advertise-client-urls') ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  const endpoint = urls.find((u) => /127\.0\.0\.1|localhost/.test(u)) ?? urls[0];
  const caFile = flags.get('trusted-ca-file') ?? flags.get('peer-trusted-ca-file');
  const certFile = flags.get('peer-cert-file') ?? flags.get('cert-file');
  const keyFile = flags.get('peer-key-file') ?? flags.get('key-file');
  if (!endpoint || !caFile || !certFile || !keyFile)
    return fail(
      'etcd.manifest',
      'The manifest does not name the client URL and certificate files (--listen-client-urls, --trusted-ca-file, --peer-cert-file, --peer-key-file)',
    );
  return ok({ endpoints: [endpoint], caFile, certFile, keyFile });
}
