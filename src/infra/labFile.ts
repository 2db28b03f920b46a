/**
 * The lab's description ($KUBELAB_LAB_FILE, written by scripts/lab/lab.mjs):
 * where its binaries, kubeconfig, etcd TLS files and lesson workspace are.
 * core/connections.ts decides when it is used (when KubeLab's settings are empty).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** What scripts/lab.mjs writes into the lab's workspace: open the lesson when VS Code first opens it. */
export interface LabMarker {
  readonly openLesson: boolean;
  /** Identifies one start of the lab. */
  readonly startedAt: string;
}

/** The marker path inside a workspace folder; package.json's workspaceContains names it too. */
export const LAB_MARKER = '.vscode/kubelab-lab.json';

export function readLabMarker(folder: string): LabMarker | undefined {
  try {
    const v = JSON.parse(readFileSync(join(folder, LAB_MARKER), 'utf8')) as Partial<LabMarker>;
    return typeof v.startedAt === 'string' ? { openLesson: v.openLesson === true, startedAt: v.startedAt } : undefined;
  } catch {
    return undefined;
  }
}
