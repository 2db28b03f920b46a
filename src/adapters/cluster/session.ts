/**
 * The Cluster view's connection state: the kubeconfig (re-read when the
 * setting changes), the context KubeLab uses (its own choice, kept in
 * globalState: the user's kubeconfig is never edited), one KubeApi for it,
 * and the discovery result, cached until refresh.
 */
import type { ContextInfo } from '../../core/kube/context';
import { fail, type Result } from '../../core/result';
import { connect, type KubeApi } from '../../infra/kube/api';
import { discover, type Discovery } from '../../infra/kube/discovery';
import { kubeconfigFiles, loadKubeconfig, type LoadedKubeconfig } from '../../infra/kube/kubeconfig';
import { SettingId } from '../../ids';
import type { Ctx } from '../ctx';

const ACTIVE_CONTEXT_KEY = 'kubelab.cluster.activeContext';

export class ClusterSession {
  private loaded: Result<LoadedKubeconfig> | undefined;
  private connection: { context: string; api: Promise<Result<KubeApi>> } | undefined;
  private discovery: { context: string; result: Promise<Result<Discovery>> } | undefined;

  constructor(private readonly ctx: Ctx) {}

  timeoutMs(): number {
    return Math.max(1, this.ctx.settings().get<number>(SettingId.requestTimeoutSeconds, 15)) * 1000;
  }

  pageSize(): number {
    return Math.min(5000, Math.max(10, this.ctx.settings().get<number>(SettingId.clusterPageSize, 100)));
  }

  /** Forgets everything read from the cluster and the kubeconfig. */
  reset(): void {
    this.loaded = undefined;
    this.connection = undefined;
    this.discovery = undefined;
  }

  kubeconfig(): Result<LoadedKubeconfig> {
    if (!this.loaded) {
      const setting = this.ctx.settings().get<string>(SettingId.kubeconfig, '');
      this.loaded = loadKubeconfig(kubeconfigFiles(setting));
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
    const chosen = this.ctx.extension.globalState.get<string>(ACTIVE_CONTEXT_KEY);
    return chosen && k.value.contexts.some((c) => c.name === chosen) ? chosen : k.value.current;
  }

  async useContext(name: string): Promise<void> {
    await this.ctx.extension.globalState.update(ACTIVE_CONTEXT_KEY, name);
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
        const d = await discover(a.value, this.timeoutMs());
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
    return a.value.request(path, { ...opts, timeoutMs: this.timeoutMs() });
  }
}
