/**
 * How KubeLab reaches etcd: the TLS material (files, or PEM read through the cluster), the user,
 * a deadline on every call, and with several endpoints the failover (a failing member skipped for
 * 2 s, the call retried on another, a watch resumed elsewhere from its last revision). Also the
 * words for what went wrong, which never carry key material.
 */
import { readFileSync } from 'node:fs';
import type { IBackoff } from 'cockatiel';
import type { Etcd3 } from 'etcd3';
import { etcd3 } from '../bundles';
import { podsLabel } from '../../core/etcd/throughCluster';
import { fail, ok, type FailureCode, type Result } from '../../core/result';
import type { EtcdSettings } from './client';

/** What went wrong with etcd, in words a user can act on: unreachable, timeout, TLS, credentials, or etcd's own first line. */
export function describeEtcdError(e: unknown, endpoints: readonly string[]): { code: FailureCode; message: string } {
  const msg = e instanceof Error ? e.message : String(e);
  const where = endpoints.join(', ');
  if (/ECONNREFUSED|UNAVAILABLE|No connection established|connect/i.test(msg))
    return { code: 'etcd.unreachable', message: `Cannot reach etcd at ${where}. Is it running, and is the endpoint right?` };
  if (/DEADLINE_EXCEEDED|timed out|timeout/i.test(msg)) return { code: 'etcd.timeout', message: `etcd at ${where} did not answer in time` };
  if (/certificate|SSL|TLS|handshake|alert/i.test(msg))
    return { code: 'etcd.tls', message: `TLS with etcd at ${where} failed: check the CA, client certificate and key settings` };
  if (/permission denied|authentication/i.test(msg)) return { code: 'etcd.auth', message: `etcd at ${where} refused the credentials` };
  return { code: 'etcd.error', message: `etcd at ${where}: ${msg.split('\n')[0]?.slice(0, 200)}` };
}

/** Where the connection goes, for messages: the endpoints, or the pods reached through the cluster. */
export function etcdWhere(s: Pick<EtcdSettings, 'endpoints' | 'via'>): string[] {
  return s.via ? [`${podsLabel(s.via.pods)} (through the cluster, context ${s.via.context})`] : [...s.endpoints];
}

/** A maker of etcd3 clients for some of the endpoints, with these settings; a TLS file that cannot be read is the error. */
export function etcdClients(s: EtcdSettings): Result<(hosts: readonly string[]) => Etcd3> {
  if (s.endpoints.length === 0) return fail('etcd.noEndpoints', 'No etcd endpoint is set');
  const read = (label: string, file?: string): Result<Buffer | undefined> => {
    if (!file) return ok(undefined);
    try {
      return ok(readFileSync(file));
    } catch (e) {
      return fail('etcd.tlsFile', `Cannot read the ${label} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file);
    }
  };
  const ca = s.pem ? ok(s.pem.ca) : read('CA certificate', s.caFile);
  const cert = s.pem ? ok(s.pem.cert) : read('client certificate', s.certFile);
  const key = s.pem ? ok(s.pem.key) : read('client key', s.keyFile);
  for (const r of [ca, cert, key]) if (!r.ok) return r;
  const tls = s.endpoints.some((e) => e.startsWith('https://'));
  const { Etcd3, noop, retry, handleWhen, circuitBreaker, ConsecutiveBreaker, ExponentialBackoff, isRecoverableError } = etcd3();
  const clientFor = (hosts: readonly string[]) =>
    new Etcd3({
      hosts: [...hosts],
      credentials:
        tls && ca.ok && ca.value
          ? { rootCertificate: ca.value, certChain: cert.ok ? cert.value : undefined, privateKey: key.ok ? key.value : undefined }
          : undefined,
      auth: s.username ? { username: s.username, password: s.password ?? '' } : undefined,
      dialTimeout: s.timeoutMs,
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + s.timeoutMs }),
      // One member: KubeLab decides about retries (and says so in the view); the client fails fast.
      // Several: a member that fails (gone, refusing) is skipped for 2 s and the call goes to
      // another, so one member's death does not show in a listing or a read.
      faultHandling:
        hosts.length > 1
          ? {
              host: () => circuitBreaker(handleWhen(isRecoverableError), { halfOpenAfter: 2000, breaker: new ConsecutiveBreaker(1) }),
              global: retry(handleWhen(isRecoverableError), { maxAttempts: hosts.length - 1 }),
              // A watch whose member went away starts again on another soon, from its last revision (etcd3 keeps it).
              // (etcd3 calls the factory's next() itself, though its types ask for a backoff.)
              watchBackoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 2000 }) as unknown as IBackoff<unknown>,
            }
          : { host: () => noop, global: noop },
    });
  return ok(clientFor);
}
