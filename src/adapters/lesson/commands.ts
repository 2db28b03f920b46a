import * as vscode from 'vscode';
import { formatLessonError } from '../../core/lesson/scenario';
import { BUILTIN_LESSON, CommandId } from '../../ids';
import type { CommandTable } from '../services';
import { showLessonPanel } from './panel';

const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);

export const lessonCommands: CommandTable<typeof CommandId.lessonRun | typeof CommandId.lessonRunStep | typeof CommandId.lessonOpen> = {
  /** [lesson, page, action] from a button of a walkthrough page or an opened lesson. */
  [CommandId.lessonRun]: ({ lesson }) => async (id: unknown, page: unknown, index: unknown) => {
    const p = int(page);
    const i = int(index);
    if (typeof id !== 'string' || p === undefined || i === undefined) return undefined;
    return lesson.run(id, p, i);
  },
  /** ["stepId"] from a walkthrough step's button (the built-in lesson), or [lesson, page]. */
  [CommandId.lessonRunStep]: ({ lesson }) => async (a: unknown, b: unknown) => {
    const [id, page] = typeof a === 'string' && int(b) !== undefined ? [a, int(b) as number] : [BUILTIN_LESSON, a];
    if (typeof page !== 'string' && typeof page !== 'number') return undefined;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Running the lesson step…'), cancellable: true },
      (_, token) => lesson.runStep(id, page, token),
    );
  },
  [CommandId.lessonOpen]: ({ ctx, lesson }) => async (folder?: unknown) => {
    let path = folder instanceof vscode.Uri ? folder.fsPath : typeof folder === 'string' ? folder : undefined;
    if (!path) {
      const picked = await vscode.window.showOpenDialog({
        title: vscode.l10n.t('Open a Katacoda or Killercoda lesson folder (with index.json)'),
        canSelectFiles: false,
        canSelectFolders: true,
        openLabel: vscode.l10n.t('Open Lesson'),
      });
      path = picked?.[0]?.fsPath;
    }
    if (!path) return undefined;
    const r = lesson.openFolder(path);
    if (!r.ok) {
      const lines = r.errors.map(formatLessonError);
      ctx.log.warn(`lesson ${path}:\n${lines.join('\n')}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('This folder is not a lesson KubeLab can run: {0}', lines.slice(0, 3).join('; ') + (lines.length > 3 ? ' …' : '')), { modal: false });
      return undefined;
    }
    await showLessonPanel(r.value, lesson);
    return r.value;
  },
};
