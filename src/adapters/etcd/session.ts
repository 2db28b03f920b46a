/**
 * The etcd view's connection: settings, else the lab's files
 * (core/connections.ts), the password from
 * SecretStorage, one EtcdReader, and the status line (member, version,
 * revision). A lost connection is retried with backoff until it is back.
 */
import * as vscode from 'vscode';
import { fail, type Result } from '../../core/result';
import type { EtcdTls } from '../../core/connections';
import { EtcdReader, type EtcdSettings, type EtcdStatus } from '../../infra/etcd/client';
import { SecretKey } from '../../ids';
import type { Ctx } from '../ctx';

export class EtcdSession implements vscode.Disposable {
  private reader: Promise<Result<EtcdReader> | undefined> | undefined;
  readonly onDidChangeStatus: vscode.Event<EtcdStatus | undefined>;
  private readonly statusChanged = new vscode.EventEmitter<EtcdStatus | undefined>();
  private status: EtcdStatus | undefined;

  constructor(private readonly ctx: Ctx) {
    this.onDidChangeStatus = this.statusChanged.event;
  }

  /** Endpoints and TLS files of the connection in use (core/connections.ts decides which). */
  tls(): EtcdTls | undefined {
    return this.ctx.config().connections.etcd?.tls;
  }

  private async settings(): Promise<EtcdSettings | undefined> {
    const c = this.ctx.config();
    const tls = c.connections.etcd?.tls;
    if (!tls) return undefined;
    const username = c.etcdUsername;
    const password = username ? await this.ctx.extension.secrets.get(SecretKey.etcdPassword) : undefined;
    return { ...tls, username, password, timeoutMs: c.requestMs };
  }

  /** undefined when nothing is configured (the view then shows its welcome). */
  open(): Promise<Result<EtcdReader> | undefined> {
    this.reader ??= this.settings().then((s) => (s ? EtcdReader.open(s) : undefined));
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
    void this.reader?.then((r) => r?.ok && r.value.close());
    this.reader = undefined;
    this.status = undefined;
  }

  dispose(): void {
    this.reset();
    this.statusChanged.dispose();
  }
}
