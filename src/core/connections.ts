/**
 * Which cluster KubeLab talks to, decided in one place, so that the Cluster
 * view, the etcd view and the lesson's terminals can never show two different
 * clusters. The rule, for the kubeconfig and for etcd alike: KubeLab's own
 * settings, else the lab's files (inside `npm run lab` or the tests), else
 * what kubectl and etcdctl would use ($KUBECONFIG, ~/.kube/config; etcd has no
 * such default). Pure: settings, the lab file and the environment come in.
 */
import { delimiter, join } from 'node:path';

export interface EtcdTls {
  readonly endpoints: readonly string[];
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

/** What scripts/lab/lab.mjs writes to $KUBELAB_LAB_FILE: paths only. */
export interface LabFile {
  /** The lab's folder (its pids.json, and held/ for Stop Member). */
  readonly dir?: string;
  readonly bin?: string;
  readonly workspace?: string;
  readonly kubeconfig?: string;
  readonly etcd?: { readonly endpoints: string[]; readonly caFile: string; readonly certFile: string; readonly keyFile: string };
  /** The API server's audit log (the Requests view). */
  readonly auditLog?: string;
  /** The EncryptionConfiguration of a lab started with --encrypt (Decrypt reads its keys). */
  readonly encryptionConfig?: string;
  /** The etcd members and the lab's processes behind them (npm run lab -- --etcd-members N). */
  readonly etcdMembers?: readonly { readonly name: string; readonly clientUrl: string; readonly process: string; readonly pod?: string }[];
}

export interface ConnectionSettings {
  readonly kubeconfig: string;
  readonly etcd: EtcdTls;
}

export type Source = 'setting' | 'lab' | 'environment' | 'default';

export interface Connections {
  /** The kubeconfig files, merged in this order as kubectl merges $KUBECONFIG. */
  readonly kubeconfig: { readonly files: readonly string[]; readonly from: Source };
  /** undefined: no etcd endpoint anywhere (the etcd view shows how to connect). */
  readonly etcd?: { readonly tls: EtcdTls; readonly from: Source };
}

export function resolveConnections(
  s: ConnectionSettings,
  lab: LabFile | undefined,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): Connections {
  return { kubeconfig: kubeconfigFiles(s.kubeconfig, lab, env, home), ...etcdOf(s.etcd, lab) };
}

function kubeconfigFiles(
  setting: string,
  lab: LabFile | undefined,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): Connections['kubeconfig'] {
  if (setting.trim()) return { files: [setting.trim().replace(/^~(?=\/|$)/, home)], from: 'setting' };
  if (lab?.kubeconfig) return { files: [lab.kubeconfig], from: 'lab' };
  const list = env.KUBECONFIG?.split(delimiter).filter((f) => f.trim().length > 0) ?? [];
  if (list.length) return { files: list, from: 'environment' };
  return { files: [join(home, '.kube', 'config')], from: 'default' };
}

function etcdOf(setting: EtcdTls, lab: LabFile | undefined): Pick<Connections, 'etcd'> {
  const blank = (f?: string) => (f && f.trim() ? f.trim() : undefined);
  if (setting.endpoints.length)
    return {
      etcd: {
        tls: { endpoints: setting.endpoints, caFile: blank(setting.caFile), certFile: blank(setting.certFile), keyFile: blank(setting.keyFile) },
        from: 'setting',
      },
    };
  if (lab?.etcd?.endpoints.length) return { etcd: { tls: lab.etcd, from: 'lab' } };
  return {};
}
