/**
 * `npm run lab` opens VS Code on the lab's workspace, which holds a marker
 * (.vscode/kubelab-lab.json, written by scripts/lab.mjs). KubeLab activates on
 * it (package.json: workspaceContains) and lands a newcomer on the lesson: the
 * KubeLab container shown, the walkthrough open at its first step (the lesson
 * "etcd as a cluster" when the lab runs several etcd members). Once per start
 * of the lab, so a reload does not open it again.
 */
import * as vscode from 'vscode';
import { readLabFile, readLabMarker } from '../infra/labFile';
import { EXTENSION_ID, StateKey, ViewId, WalkthroughId } from '../ids';

export async function openLessonInLab(extension: vscode.ExtensionContext): Promise<boolean> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const marker = readLabMarker(folder.uri.fsPath);
    if (!marker?.openLesson) continue;
    if (extension.workspaceState.get(StateKey.lessonOpenedForLab) === marker.startedAt) return false;
    await extension.workspaceState.update(StateKey.lessonOpenedForLab, marker.startedAt);
    const several = (readLabFile()?.etcdMembers?.length ?? 1) > 1;
    const category = `${EXTENSION_ID}#${several ? WalkthroughId.etcdCluster : WalkthroughId.lesson}`;
    await vscode.commands.executeCommand(`workbench.view.extension.${ViewId.container}`);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', { category, step: `${category}#intro` }, false);
    return true;
  }
  return false;
}
