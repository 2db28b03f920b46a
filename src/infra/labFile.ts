/**
 * The lab's description ($KUBELAB_LAB_FILE, written by scripts/lab/lab.mjs):
 * where its binaries, kubeconfig, etcd TLS files and lesson workspace are.
 * KubeLab uses it only when its own settings are empty.
 */
import { readFileSync } from 'node:fs';

export interface LabFile {
  readonly bin?: string;
  readonly workspace?: string;
  readonly kubeconfig?: string;
  readonly etcd?: { readonly endpoints: string[]; readonly caFile: string; readonly certFile: string; readonly keyFile: string };
}

export function readLabFile(path = process.env.KUBELAB_LAB_FILE): LabFile | undefined {
  if (!path) return undefined;
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as LabFile;
    return typeof v === 'object' && v !== null ? v : undefined;
  } catch {
    return undefined;
  }
}
