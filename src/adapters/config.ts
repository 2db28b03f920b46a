/**
 * KubeLab's settings, read in one place into one typed object (no other file
 * reads or writes `kubelab.*`), with the connection rule of
 * core/connections.ts applied and the deadline rule of core/deadlines.ts.
 */
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { resolveConnections, type Connections, type EtcdTls } from '../core/connections';
import { deadlinesOf, type Deadlines } from '../core/deadlines';
import { readLabFile, type LabFile } from '../infra/labFile';
import { SettingId } from '../ids';

export interface Config extends Deadlines {
  readonly connections: Connections;
  /** The lab's description, when KubeLab runs inside the lab. */
  readonly lab?: LabFile;
  /** etcd auth user, only with the user's own endpoints (the lab uses certificates alone). */
  readonly etcdUsername?: string;
  readonly cluster: { readonly pageSize: number; readonly showEmptyKinds: boolean };
  /**
   * Lesson folders whose scripts run without asking (user settings only: a workspace cannot
   * trust itself), and how long a lesson's script may run.
   */
  readonly lesson: { readonly trustedFolders: readonly string[]; readonly scriptTimeoutMs: number };
  /** The API server's audit log (user settings: a workspace does not pick files to read), and how many requests to keep. */
  readonly requests: { readonly auditLog: string; readonly keep: number };
  /** The EncryptionConfiguration whose keys decrypt etcd values (user settings: a workspace does not pick key files). */
  readonly encryptionConfig: string;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Number.isFinite(v) ? v : lo));
const expandHome = (p: string) => (p.trim().startsWith('~/') ? `${homedir()}${p.trim().slice(1)}` : p.trim());

export function readConfig(): Config {
  const c = vscode.workspace.getConfiguration(SettingId.section);
  const lab = readLabFile();
  const etcd: EtcdTls = {
    endpoints: c.get<string[]>(SettingId.etcdEndpoints, []),
    caFile: c.get<string>(SettingId.etcdCaFile, ''),
    certFile: c.get<string>(SettingId.etcdCertFile, ''),
    keyFile: c.get<string>(SettingId.etcdKeyFile, ''),
  };
  const connections = resolveConnections({ kubeconfig: c.get<string>(SettingId.kubeconfig, ''), etcd }, lab, process.env, homedir());
  const username = connections.etcd?.from === 'setting' ? c.get<string>(SettingId.etcdUsername, '') || undefined : undefined;
  return {
    connections,
    ...(lab ? { lab } : {}),
    ...(username ? { etcdUsername: username } : {}),
    ...deadlinesOf(c.get<number>(SettingId.requestTimeoutSeconds, 15)),
    cluster: {
      pageSize: clamp(c.get<number>(SettingId.clusterPageSize, 100), 10, 5000),
      showEmptyKinds: c.get<boolean>(SettingId.clusterShowEmptyKinds, false),
    },
    lesson: {
      trustedFolders: (c.inspect<string[]>(SettingId.lessonTrustedFolders)?.globalValue ?? []).filter((f) => typeof f === 'string' && f.trim()),
      scriptTimeoutMs: clamp(c.get<number>(SettingId.lessonScriptTimeoutSeconds, 30), 1, 600) * 1000,
    },
    requests: {
      auditLog: expandHome(c.inspect<string>(SettingId.requestsAuditLog)?.globalValue ?? ''),
      keep: clamp(c.get<number>(SettingId.requestsKeep, 5000), 100, 100_000),
    },
    encryptionConfig: expandHome(c.inspect<string>(SettingId.encryptionConfig)?.globalValue ?? ''),
  };
}

/** Whether a configuration change touches what `area` reads. */
export function affects(e: vscode.ConfigurationChangeEvent, area: 'cluster' | 'etcd' | 'requests' | 'any'): boolean {
  const s = SettingId.section;
  if (area === 'any') return e.affectsConfiguration(s);
  if (area === 'requests') return e.affectsConfiguration(`${s}.requests`);
  if (area === 'cluster')
    return [SettingId.kubeconfig, SettingId.clusterPageSize, SettingId.clusterShowEmptyKinds, SettingId.requestTimeoutSeconds].some((k) =>
      e.affectsConfiguration(`${s}.${k}`),
    );
  return e.affectsConfiguration(`${s}.etcd`) || e.affectsConfiguration(`${s}.${SettingId.requestTimeoutSeconds}`);
}

/** Writes user settings (Global): the EncryptionConfiguration a user chose. */
export async function writeEncryptionConfig(file: string): Promise<void> {
  await vscode.workspace.getConfiguration(SettingId.section).update(SettingId.encryptionConfig, file, vscode.ConfigurationTarget.Global);
}

/** Writes user settings (Global): the kubeconfig a user chose, or etcd's connection. */
export async function writeKubeconfig(file: string): Promise<void> {
  await vscode.workspace.getConfiguration(SettingId.section).update(SettingId.kubeconfig, file, vscode.ConfigurationTarget.Global);
}

export async function writeEtcd(tls: EtcdTls): Promise<void> {
  const c = vscode.workspace.getConfiguration(SettingId.section);
  const g = vscode.ConfigurationTarget.Global;
  await c.update(SettingId.etcdEndpoints, [...tls.endpoints], g);
  await c.update(SettingId.etcdCaFile, tls.caFile ?? '', g);
  await c.update(SettingId.etcdCertFile, tls.certFile ?? '', g);
  await c.update(SettingId.etcdKeyFile, tls.keyFile ?? '', g);
}
