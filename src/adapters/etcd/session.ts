/**
 * The etcd view's connection. Two routes: the settings (else the lab's
 * files, core/connections.ts) with the password from SecretStorage; or,
 * once the user chose Connect Through the Cluster (kept per workspace),
 * the etcd pods of the Cluster view's context, reached through the API
 * server (infra/etcd/throughCluster.ts), so both views show one cluster.
 * One EtcdReader, and the status line (member, version, revision). A reset
 * closes the reader and the forwards; the next use connects again.
 */
import * as vscode from 'vscode';
import { fail, type Result } from '../../core/result';
import type { EtcdTls } from '../../core/connections';
import { EtcdReader, type EtcdSettings, type EtcdStatus } from '../../infra/etcd/client';
import { openClusterRoute, type ClusterRoute } from '../../infra/etcd/throughCluster';
import { SecretKey, StateKey } from '../../ids';
import type { ClusterSession } from '../cluster/session';
import type { Ctx } from '../ctx';

export class EtcdSession implements vscode.Disposable {
  private reader: Promise<Result<EtcdReader> | undefined> | undefined;
  private route: ClusterRoute | undefined;
  /** Counts resets, so that a route opened after one is closed at once instead of kept. */
  private generation = 0;
  readonly onDidChangeStatus: vscode.Event<EtcdStatus | undefined>;
  private readonly statusChanged = new vscode.EventEmitter<EtcdStatus | undefined>();
  private status: EtcdStatus | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly cluster: ClusterSession,
  ) {
    this.onDidChangeStatus = this.statusChanged.event;
  }

  /** Endpoints and TLS files of the connection in use (core/connections.ts decides which). */
  tls(): EtcdTls | undefined {
    return this.ctx.config().connections.etcd?.tls;
  }

  /** True once the user chose Connect Through the Cluster in this workspace (until they connect with settings). */
  throughCluster(): boolean {
    return this.ctx.extension.workspaceState.get<boolean>(StateKey.etcdThroughCluster) === true;
  }

  async useThroughCluster(on: boolean): Promise<void> {
    await this.ctx.extension.workspaceState.update(StateKey.etcdThroughCluster, on || undefined);
    this.reset();
  }

  private async settings(): Promise<EtcdSettings | undefined> {
    const c = this.ctx.config();
    const tls = c.connections.etcd?.tls;
    if (!tls) return undefined;
    const username = c.etcdUsername;
    const password = username ? await this.ctx.extension.secrets.get(SecretKey.etcdPassword) : undefined;
    return { ...tls, username, password, timeoutMs: c.requestMs };
  }

  private async openRoute(): Promise<Result<EtcdReader>> {
    const api = await this.cluster.api();
    if (!api.ok) return api;
    const context = this.cluster.activeContext() ?? '';
    const timeoutMs = this.ctx.config().requestMs;
    const started = Date.now();
    const generation = this.generation;
    const route = await openClusterRoute(api.value, context, { timeoutMs });
    if (route.ok && generation !== this.generation) {
      route.value.close();
      return fail('kube.cancelled', 'Cancelled');
    }
    if (!route.ok) {
      this.ctx.log.warn(`etcd through the cluster (context ${context}): ${route.error.message}`);
      return route;
    }
    this.route = route.value;
    this.ctx.log.info(
      `etcd through the cluster (context ${context}): ${route.value.pods.map((p) => `${p.namespace}/${p.name}:${p.port}`).join(', ')} forwarded in ${Date.now() - started} ms`,
    );
    return EtcdReader.open(route.value.settings);
  }

  /** undefined when nothing is configured (the view then shows its welcome). */
  open(): Promise<Result<EtcdReader> | undefined> {
    this.reader ??= this.throughCluster() ? this.openRoute() : this.settings().then((s) => (s ? EtcdReader.open(s) : undefined));
    return this.reader;
  }

  async refreshStatus(): Promise<Result<EtcdStatus>> {
    const r = await this.open();
    if (!r) return fail('etcd.noEndpoints', 'No etcd endpoint is set');
    if (!r.ok) return r;
    const st = await r.value.status();
    this.status = st.ok ? st.value : undefined;
    this.statusChanged.fire(this.status);
    return st;
  }

  reset(): void {
    this.generation++;
    const route = this.route;
    this.route = undefined;
    void this.reader?.then((r) => r?.ok && r.value.close());
    route?.close();
    this.reader = undefined;
    this.status = undefined;
  }

  dispose(): void {
    this.reset();
    this.statusChanged.dispose();
  }
}
