/**
 * The Cluster view's connection state: the kubeconfig (re-read when the
 * setting changes), the context KubeLab uses (its own choice, kept in
 * globalState: the user's kubeconfig is never edited), one KubeApi for it,
 * and the discovery result, cached until refresh.
 */
import type { Deadlines } from '../../core/deadlines';
import type { ContextInfo } from '../../core/kube/context';
import { fail, type Result } from '../../core/result';
import { connect, type KubeApi } from '../../infra/kube/api';
import { discover, type Discovery } from '../../infra/kube/discovery';
import { loadKubeconfig, type LoadedKubeconfig } from '../../infra/kube/kubeconfig';
import { StateKey } from '../../ids';
import type { Ctx } from '../ctx';

export class ClusterSession {
  private loaded: Result<LoadedKubeconfig> | undefined;
  private connection: { context: string; api: Promise<Result<KubeApi>> } | undefined;
  private discovery: { context: string; result: Promise<Result<Discovery>> } | undefined;

  constructor(private readonly ctx: Ctx) {}

  /** The deadlines of the requests and watches made for this session (core/deadlines.ts). */
  deadlines(): Deadlines {
    return this.ctx.config();
  }

  /** Forgets everything read from the cluster and the kubeconfig. */
  reset(): void {
    this.loaded = undefined;
    this.connection = undefined;
    this.discovery = undefined;
  }

  kubeconfig(): Result<LoadedKubeconfig> {
    if (!this.loaded) {
      const { files, from } = this.ctx.config().connections.kubeconfig;
      this.loaded = loadKubeconfig(files, from);
      if (!this.loaded.ok) this.ctx.log.warn(`kubeconfig: ${this.loaded.error.message}`);
    }
    return this.loaded;
  }

  contexts(): ContextInfo[] {
    const k = this.kubeconfig();
    return k.ok ? [...k.value.contexts] : [];
  }

  activeContext(): string | undefined {
    const k = this.kubeconfig();
    if (!k.ok) return undefined;
    const chosen = this.ctx.extension.globalState.get<string>(StateKey.activeContext);
    return chosen && k.value.contexts.some((c) => c.name === chosen) ? chosen : k.value.current;
  }

  async useContext(name: string): Promise<void> {
    await this.ctx.extension.globalState.update(StateKey.activeContext, name);
    this.connection = undefined;
    this.discovery = undefined;
  }

  api(): Promise<Result<KubeApi>> {
    const k = this.kubeconfig();
    if (!k.ok) return Promise.resolve(k);
    const context = this.activeContext();
    if (!context) return Promise.resolve(fail('kubeconfig.empty', 'The kubeconfig defines no context'));
    if (this.connection?.context !== context) {
      this.connection = { context, api: connect(k.value.kc, context) };
    }
    return this.connection.api;
  }

  resources(): Promise<Result<Discovery>> {
    const context = this.activeContext() ?? '';
    if (this.discovery?.context !== context) {
      const result = this.api().then(async (a) => {
        if (!a.ok) return a;
        const d = await discover(a.value, this.deadlines().requestMs);
        if (d.ok) for (const s of d.value.skipped) this.ctx.log.warn(`discovery skipped ${s.groupVersion}: ${s.reason}`);
        else this.ctx.log.warn(`discovery failed: ${d.error.message}`);
        return d;
      });
      this.discovery = { context, result };
      // A failed discovery is not cached: the next expand tries again.
      void result.then((r) => {
        if (!r.ok && this.discovery?.result === result) this.discovery = undefined;
      });
    }
    return this.discovery.result;
  }

  async request(path: string, opts: { method?: string; body?: unknown; signal?: AbortSignal } = {}) {
    const a = await this.api();
    if (!a.ok) return a;
    return a.value.request(path, { ...opts, timeoutMs: this.deadlines().requestMs });
  }
}
