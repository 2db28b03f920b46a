/** The lesson's commands: run one action, run a step, open a lesson folder. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { listCourse } from '../../infra/lesson/files';
import { formatLessonError } from '../../core/lesson/scenario';
import { BUILTIN_LESSON } from '../../ids';
import type { Command } from '../services';
import { showLessonPanel } from './panel';

const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);

/** [lesson, page, action] from a button of a walkthrough page or an opened lesson. */
export const lessonRun: Command = (s) => async (t, page, index) => {
  const p = int(page);
  const i = int(index);
  if (t.kind !== 'text' || p === undefined || i === undefined) return undefined;
  return s.lesson.run(t.text, p, i);
};

/** ["stepId"] from a step's button of the first lesson's walkthrough, [lesson, "stepId"] from another's, or [lesson, page]. */
export const lessonRunStep: Command = (s) => async (t, b) => {
  if (t.kind !== 'text') return undefined;
  const [id, page]: [string, number | string] =
    int(b) !== undefined ? [t.text, int(b) as number] : typeof b === 'string' ? [t.text, b] : [BUILTIN_LESSON, t.text];
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Running the lesson step…'), cancellable: true },
    (_, token) => s.lesson.runStep(id, page, token),
  );
};

/** [lesson, page]: runs the page's verify script (after the folder's consent) and says how it went. */
export const lessonCheck: Command = (s) => async (t, page) => {
  const p = int(page);
  if (t.kind !== 'text' || p === undefined) return undefined;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Checking the lesson step…') }, () =>
    s.checks.check(t.text, p),
  );
};

/** [lesson, page]: runs the page's background and foreground scripts, on request. */
export const lessonSetup: Command = (s) => async (t, page) => {
  const p = int(page);
  if (t.kind !== 'text' || p === undefined) return undefined;
  return s.checks.setup(t.text, p);
};

/** [lesson]: forgets the lesson's progress (commands run, checks passed). */
export const lessonReset: Command = (s) => async (t) => {
  if (t.kind !== 'text') return undefined;
  await s.lesson.reset(t.text);
  return undefined;
};

/** A folder right-clicked in the Explorer: the same as picking it in Open Lesson Folder's dialog. */
export const lessonOpenFolder: Command = (s) => (t) => (t.kind === 'uri' ? lessonOpen(s)(t) : undefined);

export const lessonOpen: Command = (s) => async (t) => {
  let path = t.kind === 'uri' ? t.uri.fsPath : t.kind === 'text' ? t.text : undefined;
  if (!path) {
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Open a Katacoda or Killercoda lesson folder (a scenario with index.json, or a course of them)'),
      canSelectFiles: false,
      canSelectFolders: true,
      openLabel: vscode.l10n.t('Open Lesson'),
    });
    path = picked?.[0]?.fsPath;
  }
  if (!path) return undefined;
  // A course (several scenarios, no index.json of its own): the learner picks one.
  if (!existsSync(join(path, 'index.json'))) {
    const course = listCourse(path);
    if (course) {
      const picked = await vscode.window.showQuickPick(
        course.entries.map((e) => ({ label: e.title, description: e.path, detail: e.description || undefined, path: e.path })),
        { title: course.title || vscode.l10n.t('The scenarios of this course'), placeHolder: vscode.l10n.t('Pick the scenario to open') },
      );
      if (!picked) return undefined;
      path = join(path, picked.path);
    }
  }
  const r = s.lesson.openFolder(path);
  if (!r.ok) {
    const lines = r.error.map(formatLessonError);
    s.ctx.log.warn(`lesson ${path}:\n${lines.join('\n')}`);
    void vscode.window.showErrorMessage(
      vscode.l10n.t('This folder is not a lesson KubeLab can run: {0}', lines.slice(0, 3).join('; ') + (lines.length > 3 ? ' …' : '')),
      { modal: false },
    );
    return undefined;
  }
  if (r.value.problems.length) {
    s.ctx.log.warn(`lesson ${path}: pages with problems:\n${r.value.problems.map(formatLessonError).join('\n')}`);
    void vscode.window.showWarningMessage(
      vscode.l10n.t('{0} problems in this lesson: each page shows its own, the other pages work.', r.value.problems.length),
    );
  }
  await showLessonPanel(r.value, s.lesson, s.checks);
  return r.value;
};
