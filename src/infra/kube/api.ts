/**
 * Requests to one API server, authenticated from one kubeconfig context by
 * @kubernetes/client-node (certificates, tokens, exec plugins). Every request
 * has a deadline and can be cancelled; failures come back as values that say
 * what failed and what to do.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { WebSocket } from 'ws';
import { clientNode } from '../bundles';
import { fail, ok, type FailureCode, type Result } from '../../core/result';

/** How KubeLab's requests name it to the API server (its audit log, the Requests view), as kubectl's do. */
export const USER_AGENT = 'kubelab';

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface RequestOptions {
  readonly method?: string;
  readonly body?: unknown;
  /** Defaults to application/json; PATCH needs e.g. application/merge-patch+json. */
  readonly contentType?: string;
  /** Every request has a deadline (core/deadlines.ts). */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface KubeApi {
  readonly server: string;
  request(path: string, opts: RequestOptions): Promise<Result<ApiResponse>>;
  /** Streams a watch; calls onLine per JSON line; resolves when the server ends it. */
  stream(path: string, onLine: (json: unknown) => void, opts: { signal: AbortSignal; timeoutMs: number; onOpen?: () => void }): Promise<Result<'ended'>>;
  /**
   * Opens a WebSocket on `path` (pods/exec, pods/portforward) with the context's credentials,
   * offering `protocols`; the handshake has a deadline and can be cancelled. A refusal comes
   * back as kube.http with the API server's Status message (RBAC names the verb and resource).
   */
  channel(path: string, opts: { protocols: readonly string[]; timeoutMs: number; signal?: AbortSignal }): Promise<Result<WebSocket>>;
}

export function describeNetworkError(err: NodeJS.ErrnoException, server: string): { code: FailureCode; message: string } {
  switch (err.code) {
    case 'ECONNREFUSED':
      return { code: 'kube.unreachable', message: `Cannot reach the API server at ${server}: connection refused. Is the cluster running?` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { code: 'kube.dns', message: `Cannot resolve the API server's host in ${server}` };
    case 'ECONNRESET':
    case 'EPIPE':
      return { code: 'kube.reset', message: `The API server at ${server} closed the connection` };
    case 'KUBELAB_TIMEOUT':
      return { code: 'kube.timeout', message: err.message };
    case 'ABORT_ERR':
      return { code: 'kube.cancelled', message: 'Cancelled' };
    default:
      if (err.code?.startsWith('ERR_TLS') || err.code?.includes('CERT') || /certificate|SSL|TLS/i.test(err.message)) {
        return { code: 'kube.tls', message: `TLS with ${server} failed: ${err.message}. Check the certificates in your kubeconfig` };
      }
      return { code: 'kube.network', message: `Request to ${server} failed: ${err.message}` };
  }
}

export async function connect(kc: KubeConfig, context: string): Promise<Result<KubeApi>> {
  const ctx = kc.getContextObject(context);
  const cluster = ctx ? kc.getCluster(ctx.cluster) : null;
  if (!ctx || !cluster) return fail('kubeconfig.context', `Context "${context}" or its cluster is not in the kubeconfig`, context);
  // Apply auth on a copy switched to this context; the user's file is untouched.
  const scoped = Object.assign(Object.create(Object.getPrototypeOf(kc)), kc) as KubeConfig;
  scoped.setCurrentContext(context);
  const base: https.RequestOptions = {};
  try {
    await scoped.applyToHTTPSOptions(base);
  } catch (e) {
    return fail('kube.credentials', `Cannot get credentials for context "${context}": ${(e as Error).message}`, context);
  }
  const server = cluster.server.replace(/\/+$/, '');
  const url = new URL(server);
  const mod = url.protocol === 'http:' ? http : https;

  function open(path: string, method: string, signal: AbortSignal | undefined, timeoutMs: number, body?: unknown, contentType = 'application/json') {
    const headers: Record<string, string> = { ...(base.headers as Record<string, string> | undefined), accept: 'application/json', 'user-agent': USER_AGENT };
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    if (payload) {
      headers['content-type'] = contentType;
      headers['content-length'] = String(payload.length);
    }
    const req = mod.request({
      ...base,
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (url.protocol === 'http:' ? 80 : 443),
      path: `${url.pathname === '/' ? '' : url.pathname}${path}`,
      method,
      headers,
      signal,
    });
    const timer = setTimeout(() => {
      const e = new Error(`${method} ${path} took longer than ${Math.round(timeoutMs / 1000)} s (kubelab.requestTimeoutSeconds)`) as NodeJS.ErrnoException;
      e.code = 'KUBELAB_TIMEOUT';
      req.destroy(e);
    }, timeoutMs);
    req.once('close', () => clearTimeout(timer));
    if (payload) req.write(payload);
    req.end();
    return req;
  }

  const api: KubeApi = {
    server,
    request: (path, opts) =>
      new Promise((resolve) => {
        const req = open(path, opts.method ?? 'GET', opts.signal, opts.timeoutMs, opts.body, opts.contentType);
        req.on('error', (e: NodeJS.ErrnoException) => {
          const d = describeNetworkError(e, server);
          resolve(fail(d.code, d.message, `${opts.method ?? 'GET'} ${server}${path}`));
        });
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e: NodeJS.ErrnoException) => resolve(fail(describeNetworkError(e, server).code, describeNetworkError(e, server).message, path)));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON: keep the text
            }
            resolve(ok({ status: res.statusCode ?? 0, body: parsed }));
          });
        });
      }),
    stream: (path, onLine, opts) =>
      new Promise((resolve) => {
        const req = open(path, 'GET', opts.signal, opts.timeoutMs);
        req.on('error', (e: NodeJS.ErrnoException) => {
          const d = describeNetworkError(e, server);
          resolve(fail(d.code, d.message, `${server}${path}`));
        });
        req.on('response', (res) => {
          if ((res.statusCode ?? 0) >= 300) {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => (text += d));
            res.on('end', () => resolve(fail('kube.http', statusMessage(res.statusCode ?? 0, text), `${server}${path}`, res.statusCode ?? 0)));
            return;
          }
          opts.onOpen?.();
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => {
            buf += d;
            let nl: number;
            while ((nl = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, nl).trim();
              buf = buf.slice(nl + 1);
              if (line) {
                try {
                  onLine(JSON.parse(line));
                } catch {
                  // a broken line: the watch resumes from the last good version
                }
              }
            }
          });
          res.on('error', (e: NodeJS.ErrnoException) => resolve(fail(describeNetworkError(e, server).code, describeNetworkError(e, server).message, path)));
          res.on('end', () => resolve(ok('ended')));
        });
      }),
    channel: (path, opts) =>
      new Promise((resolve) => {
        const { WebSocket } = clientNode();
        const ws = new WebSocket(`${server.replace(/^http/, 'ws')}${path}`, [...opts.protocols], {
          ...(base as object),
          headers: { ...(base.headers as Record<string, string> | undefined), 'user-agent': USER_AGENT },
          handshakeTimeout: opts.timeoutMs,
        });
        const where = `${server}${path.replace(/\?.*$/, '')}`;
        const done = (r: Result<WebSocket>) => {
          opts.signal?.removeEventListener('abort', abort);
          resolve(r);
        };
        const abort = () => {
          ws.terminate();
          done(fail('kube.cancelled', 'Cancelled', where));
        };
        opts.signal?.addEventListener('abort', abort, { once: true });
        ws.once('open', () => done(ok(ws)));
        ws.once('unexpected-response', (_req, res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d.slice(0, 4096)));
          res.on('end', () => done(fail('kube.http', statusMessage(res.statusCode ?? 0, text), where, res.statusCode ?? 0)));
          res.on('error', () => done(fail('kube.http', statusMessage(res.statusCode ?? 0, text), where, res.statusCode ?? 0)));
        });
        // Not once: an error after the handshake must find a listener too (the caller also watches 'close').
        ws.on('error', (e: NodeJS.ErrnoException) => {
          const d = /timed out/i.test(e.message)
            ? { code: 'kube.timeout' as const, message: `Opening ${path.replace(/\?.*$/, '')} took longer than ${Math.round(opts.timeoutMs / 1000)} s` }
            : describeNetworkError(e, server);
          done(fail(d.code, d.message, where));
        });
      }),
  };
  return ok(api);
}

/** A Status body's message, or a default that says what the code means. */
export function statusMessage(status: number, body: unknown): string {
  let msg: string | undefined;
  if (typeof body === 'string') {
    try {
      msg = (JSON.parse(body) as { message?: string }).message;
    } catch {
      msg = body.slice(0, 200) || undefined;
    }
  } else msg = (body as { message?: string } | undefined)?.message;
  const meaning: Record<number, string> = {
    401: 'the API server rejected the credentials (expired or wrong?)',
    403: 'forbidden by RBAC',
    404: 'not found',
    409: 'conflict',
    410: 'gone',
    500: 'API server error',
    503: 'API server unavailable',
  };
  return `HTTP ${status}${meaning[status] ? ` (${meaning[status]})` : ''}${msg ? `: ${msg}` : ''}`;
}

/** Turns a non-2xx response into a Failure, so callers handle one kind of error. */
export function expectOk(r: Result<ApiResponse>, where: string): Result<ApiResponse> {
  if (!r.ok) return r;
  if (r.value.status >= 200 && r.value.status < 300) return r;
  return fail('kube.http', statusMessage(r.value.status, r.value.body), where, r.value.status);
}
