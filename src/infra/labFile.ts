/**
 * The lab's description ($KUBELAB_LAB_FILE, written by scripts/lab/lab.mjs):
 * where its binaries, kubeconfig, etcd TLS files and lesson workspace are.
 * core/connections.ts decides when it is used (when KubeLab's settings are empty).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { LabFile } from '../core/connections';

export type { LabFile };

export function readLabFile(path = process.env.KUBELAB_LAB_FILE): LabFile | undefined {
  if (!path) return undefined;
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as LabFile;
    return typeof v === 'object' && v !== null ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The lab's lesson workspace, when there is a lab and the folder exists. */
export function labWorkspace(lab: LabFile | undefined): string | undefined {
  return lab?.workspace && existsSync(lab.workspace) ? lab.workspace : undefined;
}
