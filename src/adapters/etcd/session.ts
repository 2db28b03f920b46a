/**
 * The etcd view's connection: settings (or, inside the lab, the lab's own
 * files from $KUBELAB_LAB_FILE when the settings are empty), the password from
 * SecretStorage, one EtcdReader, and the status line (member, version,
 * revision). A lost connection is retried with backoff until it is back.
 */
import * as vscode from 'vscode';
import { fail, type Result } from '../../core/result';
import { readLabFile } from '../../infra/labFile';
import { EtcdReader, type EtcdSettings, type EtcdStatus } from '../../infra/etcd/client';
import { SettingId } from '../../ids';
import type { Ctx } from '../ctx';

export const ETCD_PASSWORD_SECRET = 'kubelab.etcd.password';

export class EtcdSession implements vscode.Disposable {
  private reader: Promise<Result<EtcdReader> | undefined> | undefined;
  readonly onDidChangeStatus: vscode.Event<EtcdStatus | undefined>;
  private readonly statusChanged = new vscode.EventEmitter<EtcdStatus | undefined>();
  status: EtcdStatus | undefined;

  constructor(private readonly ctx: Ctx) {
    this.onDidChangeStatus = this.statusChanged.event;
  }

  /** Endpoints and TLS files: the kubelab.etcd.* settings, or the lab's when they are empty. */
  tls(): { endpoints: string[]; caFile?: string; certFile?: string; keyFile?: string } | undefined {
    const c = this.ctx.settings();
    const endpoints = c.get<string[]>(SettingId.etcdEndpoints, []);
    if (!endpoints.length) return readLabFile()?.etcd;
    return {
      endpoints,
      caFile: c.get<string>(SettingId.etcdCaFile, '') || undefined,
      certFile: c.get<string>(SettingId.etcdCertFile, '') || undefined,
      keyFile: c.get<string>(SettingId.etcdKeyFile, '') || undefined,
    };
  }

  private async settings(): Promise<EtcdSettings | undefined> {
    const tls = this.tls();
    if (!tls) return undefined;
    const c = this.ctx.settings();
    const timeoutMs = Math.max(1, c.get<number>(SettingId.requestTimeoutSeconds, 15)) * 1000;
    // etcd auth only with the user's own endpoints (the lab uses certificates alone).
    const own = c.get<string[]>(SettingId.etcdEndpoints, []).length > 0;
    const username = own ? c.get<string>(SettingId.etcdUsername, '') || undefined : undefined;
    const password = username ? await this.ctx.extension.secrets.get(ETCD_PASSWORD_SECRET) : undefined;
    return { ...tls, username, password, timeoutMs };
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
