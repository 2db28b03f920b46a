/**
 * "Write to file" (Katacoda's copy-to-editor blocks): shows the file and the
 * change (a diff of the file now against what the lesson will write) and asks
 * before writing, only inside the lesson's working folder, never over unsaved
 * edits in an editor. A folder in kubelab.lesson.trustedFolders writes without
 * asking, as its commands run.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import * as vscode from 'vscode';
import { applyWrite, type WriteBlock } from '../../core/lesson/write';
import { LESSON_WRITE_SCHEME } from '../../ids';

export type WriteOutcome = { readonly written: string } | { readonly declined: true } | { readonly error: string };

export class LessonWrites implements vscode.TextDocumentContentProvider {
  private readonly proposals = new Map<string, string>();
  private count = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.proposals.get(uri.toString()) ?? '';
  }

  async write(w: WriteBlock, workFolder: string, ask: boolean): Promise<WriteOutcome> {
    const target = resolve(workFolder, w.file);
    const rel = relative(workFolder, target);
    if (!rel || rel.startsWith('..') || isAbsolute(rel))
      return { error: vscode.l10n.t("{0} is outside the lesson's working folder; KubeLab writes only inside it.", w.file) };
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === target);
    if (open?.isDirty) return { error: vscode.l10n.t('{0} has unsaved changes in an editor: save or revert them, then write again.', w.file) };
    // An editor that has the file open holds what the learner sees: write through it, so that it
    // never shows an old copy of the file (VS Code does not watch files outside the workspace).
    let current: string | undefined;
    try {
      current = open ? open.getText() : existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    } catch (e) {
      return { error: vscode.l10n.t('Cannot read {0}: {1}', target, (e as Error).message) };
    }
    const next = applyWrite(current, w);
    if ('error' in next) return { error: next.error };
    if (ask) {
      const proposal = vscode.Uri.from({ scheme: LESSON_WRITE_SCHEME, path: `/${w.file}`, query: String(++this.count) });
      const before =
        current === undefined ? vscode.Uri.from({ scheme: LESSON_WRITE_SCHEME, path: `/${w.file}`, query: `${this.count}-empty` }) : vscode.Uri.file(target);
      this.proposals.set(proposal.toString(), next.text);
      await vscode.commands.executeCommand('vscode.diff', before, proposal, vscode.l10n.t('{0}: now ↔ after the lesson writes', w.file), { preview: true });
      const write = vscode.l10n.t('Write');
      const lines = w.content.split('\n').filter((l, i, all) => l || i < all.length - 1).length;
      const how =
        w.mode === 'append'
          ? vscode.l10n.t('appended to its end')
          : w.mode === 'prepend'
            ? vscode.l10n.t('put before its start')
            : w.mode === 'insert'
              ? vscode.l10n.t('in place of {0}', w.marker ?? '')
              : current === undefined
                ? vscode.l10n.t('as a new file')
                : vscode.l10n.t('in place of all it holds');
      const pick = await vscode.window.showWarningMessage(
        vscode.l10n.t('Write {0}?', w.file),
        { modal: true, detail: vscode.l10n.t("{0} lines, {1}, into {2} (the lesson's working folder). The editor shows the change.", lines, how, target) },
        write,
      );
      this.proposals.delete(proposal.toString());
      if (pick !== write) return { declined: true };
    }
    if (open && !open.isClosed) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(open.uri, new vscode.Range(open.positionAt(0), open.positionAt(open.getText().length)), next.text);
      if (!(await vscode.workspace.applyEdit(edit)) || !(await open.save())) return { error: vscode.l10n.t('Cannot write {0} through its editor.', target) };
    } else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, next.text);
    }
    await vscode.window.showTextDocument(vscode.Uri.file(target), { preview: false });
    return { written: target };
  }
}
