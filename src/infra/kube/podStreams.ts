/**
 * A pod's streams through the API server, as kubectl uses them: `pods/exec`
 * (run a command, collect its output in memory) and `pods/portforward` (a
 * local TCP port whose every connection is a WebSocket to the pod's port).
 * Both speak the channel.k8s.io framing: each message starts with its
 * channel's number. Every call has a deadline; nothing read is written to
 * disk or to a log.
 */
import * as net from 'node:net';
import type { WebSocket } from 'ws';
import { execExitCode, type ExecStatus } from '../../core/etcd/throughCluster';
import { fail, ok, type Result } from '../../core/result';
import type { KubeApi } from './api';

/**
 * v5 first for exec, as kubectl offers it: an API server since 1.30 then speaks to the kubelet
 * itself (SPDY, which every kubelet serves) and reports the exit code as a Status cause; an older
 * one passes the WebSocket on, and the kubelet takes v4. Port-forward is passed on as v4.
 */
const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;
const FORWARD_PROTOCOLS = ['v4.channel.k8s.io'] as const;
const MAX_OUTPUT = 1 << 20;

export interface PodRef {
  readonly namespace: string;
  readonly name: string;
}

export interface ExecResult {
  readonly stdout: Buffer;
  readonly stderr: string;
  /** From the Status the API server sent on the error channel; undefined when the command never ran. */
  readonly exitCode: number | undefined;
  /** That Status's message ("" on success). */
  readonly status: string;
}

const podPath = (p: PodRef, sub: string) => `/api/v1/namespaces/${encodeURIComponent(p.namespace)}/pods/${encodeURIComponent(p.name)}/${sub}`;

/** Runs `command` in a container (no stdin, no tty) and collects what it prints, up to 1 MiB. */
export async function execInPod(
  api: KubeApi,
  pod: PodRef & { readonly container: string },
  command: readonly string[],
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<Result<ExecResult>> {
  const q = new URLSearchParams({ container: pod.container, stdout: 'true', stderr: 'true' });
  for (const c of command) q.append('command', c);
  const opened = await api.channel(`${podPath(pod, 'exec')}?${q}`, { protocols: EXEC_PROTOCOLS, timeoutMs: opts.timeoutMs, signal: opts.signal });
  if (!opened.ok) return opened;
  const ws = opened.value;
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let status = '';
    const timer = setTimeout(
      () => finish(fail('kube.timeout', `The command in ${pod.namespace}/${pod.name} ran longer than ${Math.round(opts.timeoutMs / 1000)} s`)),
      opts.timeoutMs,
    );
    const abort = () => finish(fail('kube.cancelled', 'Cancelled'));
    opts.signal?.addEventListener('abort', abort, { once: true });
    function finish(r: Result<ExecResult>) {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', abort);
      ws.removeAllListeners('message');
      ws.terminate();
      resolve(r);
    }
    ws.on('message', (data: Buffer) => {
      const body = data.subarray(1);
      if (data[0] === 1 && size < MAX_OUTPUT) {
        out.push(body);
        size += body.length;
      } else if (data[0] === 2) stderr = (stderr + body.toString('utf8')).slice(-4096);
      else if (data[0] === 3) status += body.toString('utf8');
    });
    ws.on('close', () => {
      let parsed: ExecStatus = {};
      try {
        parsed = status ? (JSON.parse(status) as ExecStatus) : {};
      } catch {
        parsed = { message: status };
      }
      finish(ok({ stdout: Buffer.concat(out), stderr, exitCode: execExitCode(parsed), status: parsed.message ?? '' }));
    });
  });
}

/**
 * A local port on 127.0.0.1 that forwards each connection to `port` of a pod, as
 * `kubectl port-forward` does. A connection whose forward fails or ends is closed, so the client
 * on it sees a lost connection and reconnects through a new one.
 */
export class PodForward {
  private readonly sockets = new Set<net.Socket>();
  /** The last thing the far end reported on the error channel (for the log and messages). */
  lastError: string | undefined;

  private constructor(
    private readonly server: net.Server,
    readonly localPort: number,
    readonly pod: PodRef,
    readonly port: number,
  ) {}

  /** Opens the local port after one trial forward, so that RBAC or a missing pod shows now, not later. */
  static async open(api: KubeApi, pod: PodRef, port: number, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<Result<PodForward>> {
    const path = `${podPath(pod, 'portforward')}?ports=${port}`;
    const trial = await api.channel(path, { protocols: FORWARD_PROTOCOLS, timeoutMs: opts.timeoutMs, signal: opts.signal });
    if (!trial.ok) return trial;
    trial.value.close();
    // No Nagle on the local side: gRPC's small frames would otherwise wait for delayed ACKs (40 ms each).
    const server = net.createServer({ noDelay: true });
    const listening = await new Promise<Result<number>>((resolve) => {
      server.once('error', (e) => resolve(fail('kube.network', `Cannot open a local port: ${e.message}`)));
      server.listen(0, '127.0.0.1', () => resolve(ok((server.address() as net.AddressInfo).port)));
    });
    if (!listening.ok) return listening;
    const fwd = new PodForward(server, listening.value, pod, port);
    server.on('connection', (sock) => fwd.bridge(sock, () => api.channel(path, { protocols: FORWARD_PROTOCOLS, timeoutMs: opts.timeoutMs })));
    return ok(fwd);
  }

  private bridge(sock: net.Socket, open: () => Promise<Result<WebSocket>>): void {
    this.sockets.add(sock);
    sock.pause();
    sock.on('error', () => sock.destroy());
    sock.once('close', () => this.sockets.delete(sock));
    void open().then((r) => {
      if (!r.ok) {
        this.lastError = r.error.message;
        sock.destroy();
        return;
      }
      const ws = r.value;
      if (sock.destroyed) {
        ws.close();
        return;
      }
      // Each channel (0 data, 1 error) starts with the port number, 2 bytes.
      const header = [2, 2];
      ws.on('message', (data: Buffer) => {
        const ch = data[0] as number;
        let body = data.subarray(1);
        const skip = Math.min(header[ch] ?? 0, body.length);
        if (skip) {
          header[ch] = (header[ch] ?? 0) - skip;
          body = body.subarray(skip);
        }
        if (!body.length) return;
        if (ch === 0) {
          if (!sock.write(body)) {
            ws.pause();
            sock.once('drain', () => ws.resume());
          }
        } else if (ch === 1) this.lastError = body.toString('utf8').slice(0, 500);
      });
      ws.on('close', () => sock.destroy());
      sock.on('data', (d: Buffer) => {
        sock.pause();
        ws.send(Buffer.concat([Buffer.from([0]), d]), () => sock.resume());
      });
      sock.once('close', () => ws.close());
      sock.resume();
    });
  }

  /** Cuts every connection now (the clients on them reconnect through new ones). */
  cut(): void {
    for (const s of this.sockets) s.destroy();
  }

  close(): void {
    this.server.close();
    this.cut();
  }
}
