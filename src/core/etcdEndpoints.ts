import { fail, ok, type Result } from './result';

/**
 * Parses what a user types for etcd endpoints: one or several URLs separated
 * by commas or spaces (a real cluster has 3 or 5 members), as etcdctl's
 * `--endpoints` takes them. A bare `host:port` means https, since etcd on a
 * kubeadm control plane always serves TLS.
 */
export function parseEtcdEndpoints(input: string): Result<string[]> {
  const parts = input
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) {
    return fail('etcd.endpoints.empty', 'No etcd endpoint given. Example: https://127.0.0.1:2379');
  }
  const endpoints: string[] = [];
  for (const part of parts) {
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(part) ? part : `https://${part}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      return fail('etcd.endpoints.invalid', `"${part}" is not a URL. Example: https://127.0.0.1:2379`, part);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return fail('etcd.endpoints.scheme', `"${part}" must use https:// or http://`, part);
    }
    if (!url.port) {
      return fail('etcd.endpoints.port', `"${part}" has no port. etcd's client port is usually 2379`, part);
    }
    endpoints.push(`${url.protocol}//${url.host}`);
  }
  return ok([...new Set(endpoints)]);
}
