/**
 * Runs lesson actions on the user's click: finds the lesson (a built-in one
 * in VS Code's display language, or a folder the user opened), picks the
 * command variant that works here, sends it to its terminal, and turns exit
 * codes into step progress (the walkthrough's completion context keys) or a
 * message that says what failed. Commands of a lesson the user opened are
 * shown and confirmed before they run.
 */
import { createHash } from 'node:crypto';
import { basename, delimiter, join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { Lesson, LessonPage, LessonResult } from '../../core/lesson/lesson';
import { failureHint, outcomeOf, planAction, terminalEnv, toolsOf, type Plan, type TerminalSettings } from '../../core/lesson/run';
import { formatLessonError } from '../../core/lesson/scenario';
import { labWorkspace } from '../../infra/labFile';
import { copyAssets, loadLesson } from '../../infra/lesson/files';
import { etcdctlVersion, toolUsable } from '../../infra/lesson/tools';
import { BUILTIN_LESSON, builtinLesson } from '../../ids';
import type { Ctx } from '../ctx';
import { affects } from '../config';
import { LessonTerminals, type TerminalOptions } from './terminals';
import type { LessonConditions } from './conditions';
import { LessonProgress } from './progress';
import type { LessonWrites } from './writes';

export type RunOutcome = 'ok' | 'failed' | 'unknown' | 'sent' | 'copied' | 'opened' | 'written' | 'declined' | 'error';

export interface RunEvent {
  readonly lesson: string;
  readonly page: number;
  readonly index: number;
  readonly outcome: RunOutcome;
  readonly plan?: Plan;
  readonly exitCode?: number;
  /** The step is done (all its commands succeeded). */
  readonly stepDone: boolean;
}

/** A background command (`cmd &`) gets this long to start before the step's next command. */
const BACKGROUND_START_MS = 2000;

export class LessonRunner implements vscode.Disposable {
  readonly terminals = new LessonTerminals();
  private readonly ran = new vscode.EventEmitter<RunEvent>();
  readonly onDidRun = this.ran.event;
  private readonly lessons = new Map<string, Lesson>();
  /** Which pages are done (adapters/lesson/progress.ts). */
  readonly progress: LessonProgress;
  private readonly usable = new Map<string, Promise<boolean>>();
  private readonly trusted = new Set<string>();
  private readonly toldInstead = new Set<string>();
  private env: Promise<Record<string, string>> | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly writes: LessonWrites,
    conditions: LessonConditions,
  ) {
    this.progress = new LessonProgress(conditions);
    ctx.own(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'any')) {
          this.env = undefined; // terminals created from now on get the new settings
          this.usable.clear();
        }
      }),
    );
  }

  /** A built-in lesson, or one opened before; errors say file:line and why. */
  lesson(id: string): LessonResult {
    const known = this.lessons.get(id);
    if (known) return { ok: true, value: known };
    const b = builtinLesson(id);
    if (!b)
      return { ok: false, error: [{ file: id, line: 1, message: 'this lesson is not open: open it again with KubeLab: Open Lesson Folder (Katacoda)…' }] };
    const r = loadLesson(b.id, join(this.ctx.extension.extensionPath, b.folder), vscode.env.language);
    if (r.ok) this.lessons.set(id, r.value);
    return r;
  }

  /** Loads a lesson folder (index.json + step files); it replaces one opened from the same folder. */
  openFolder(folder: string): LessonResult {
    const r = loadLesson(folder, folder, vscode.env.language);
    if (r.ok) {
      this.lessons.set(folder, r.value);
      this.progress.forget(folder);
    }
    return r;
  }

  /** Where the lesson's commands run and its files go. */
  workFolder(lesson: Lesson): string {
    const lab = labWorkspace(this.ctx.config().lab);
    const b = builtinLesson(lesson.id);
    if (b && lab) return lab;
    const storage = this.ctx.extension.globalStorageUri.fsPath;
    if (b) return join(storage, b.id === BUILTIN_LESSON ? 'lesson' : b.id);
    return join(storage, 'lessons', `${basename(lesson.folder)}-${createHash('sha256').update(lesson.folder).digest('hex').slice(0, 8)}`);
  }

  /** The working folder, made if need be, with the lesson's assets copied in (never over a file there). */
  prepareWorkFolder(lesson: Lesson): string {
    const work = this.workFolder(lesson);
    const copied = copyAssets(lesson, work);
    if (copied.length) this.ctx.log.info(`lesson files copied to ${work}: ${copied.map((f) => basename(f)).join(', ')}`);
    return work;
  }

  /**
   * KUBECONFIG, ETCDCTL_* and PATH for the lesson's terminals: the same
   * connections the Cluster and etcd views use (core/connections.ts).
   */
  terminalEnv(): Promise<Record<string, string>> {
    this.env ??= (async () => {
      const c = this.ctx.config();
      const lab = c.lab;
      const settings: TerminalSettings = {
        kubeconfig: c.connections.kubeconfig.files.join(delimiter),
        etcd: c.connections.etcd?.tls,
        pathPrepend: lab?.bin ? [lab.bin] : [],
        currentPath: process.env.PATH,
      };
      // Which etcdctl the terminal will find decides ETCDCTL_API: ask it with the terminal's PATH.
      const version = await etcdctlVersion({ ...process.env, ...terminalEnv(settings) });
      return terminalEnv({ ...settings, etcdctlVersion: version });
    })();
    return this.env;
  }

  /** Runs one action of a page. Resolves when a command ends (or is sent, copied, opened). */
  async run(lessonId: string, page: number, index: number, token?: vscode.CancellationToken): Promise<RunEvent> {
    const l = this.lesson(lessonId);
    const p = l.ok ? l.value.pages[page] : undefined;
    const action = p?.step.actions[index];
    if (!l.ok || !p || !action) {
      const why = l.ok ? vscode.l10n.t('there is no action {0} on page {1}', index + 1, page + 1) : l.error.map(formatLessonError).join('\n');
      void vscode.window.showErrorMessage(vscode.l10n.t('KubeLab could not run the lesson command: {0}', why));
      return this.emit({ lesson: lessonId, page, index, outcome: 'error', stepDone: false });
    }
    const lesson = l.value;
    const env = await this.terminalEnv();
    const tools = toolsOf([action]);
    const works = new Map<string, boolean>();
    for (const tool of tools) works.set(tool, await this.toolWorks(tool, env));
    const chosen = planAction(action, (tool) => works.get(tool) ?? true);
    if (!(await this.confirmed(lesson, p, chosen))) return this.emit({ lesson: lessonId, page, index, outcome: 'declined', plan: chosen, stepDone: false });
    const options = (): TerminalOptions => ({ cwd: this.prepareWorkFolder(lesson), env });
    switch (chosen.kind) {
      case 'copy':
        await vscode.env.clipboard.writeText(chosen.text);
        void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied: {0}', chosen.text.slice(0, 60)), 3000);
        return this.emit({ lesson: lessonId, page, index, outcome: 'copied', plan: chosen, stepDone: false });
      case 'open': {
        await vscode.window.showTextDocument(vscode.Uri.file(resolve(this.prepareWorkFolder(lesson), chosen.path)), { preview: false });
        return this.emit({ lesson: lessonId, page, index, outcome: 'opened', plan: chosen, stepDone: false });
      }
      case 'write': {
        const w = await this.writes.write(chosen, this.prepareWorkFolder(lesson), !builtinLesson(lesson.id) && !this.trustedFolder(lesson));
        if ('error' in w) void vscode.window.showErrorMessage(vscode.l10n.t('Lesson step "{0}": {1}', p.title, w.error));
        if ('written' in w) this.ctx.log.info(`lesson ${lesson.id} ${p.id}: wrote ${w.written}`);
        return this.emit({
          lesson: lessonId,
          page,
          index,
          outcome: 'written' in w ? 'written' : 'declined' in w ? 'declined' : 'error',
          plan: chosen,
          stepDone: false,
        });
      }
      case 'send':
        this.terminals.send(this.terminals.get(chosen.terminal, options), chosen.text);
        return this.emit({ lesson: lessonId, page, index, outcome: 'sent', plan: chosen, stepDone: false });
      case 'execute': {
        if (chosen.instead) this.tellInstead(chosen);
        this.ctx.log.info(`lesson ${lesson.id} ${p.id}: ${chosen.terminal}$ ${chosen.command}`);
        const ended = await this.terminals.execute(this.terminals.get(chosen.terminal, options), chosen.command, chosen.interrupt, token);
        const outcome: RunOutcome = ended.via === 'send-text' ? 'sent' : outcomeOf(ended.exitCode, chosen.expectExit);
        // Without shell integration nothing says how a command ended: sending it has to count.
        const isDone = await this.progress.commandEnded(lesson, page, index, outcome === 'ok' || outcome === 'sent');
        if (outcome === 'failed' || (outcome === 'unknown' && !token?.isCancellationRequested)) this.tellFailure(lesson, p, chosen, ended.exitCode, index);
        return this.emit({ lesson: lessonId, page, index, outcome, plan: chosen, exitCode: ended.exitCode, stepDone: isDone });
      }
    }
  }

  /** Runs every command of a page in order, each after the previous one ended; stops at a failure. */
  async runStep(lessonId: string, pageOrId: number | string, token?: vscode.CancellationToken): Promise<RunEvent[]> {
    const l = this.lesson(lessonId);
    if (!l.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('KubeLab could not run the lesson command: {0}', l.error.map(formatLessonError).join('\n')));
      return [];
    }
    const page = typeof pageOrId === 'number' ? pageOrId : l.value.pages.findIndex((p) => p.id === pageOrId);
    const p = l.value.pages[page];
    if (!p) return [];
    const events: RunEvent[] = [];
    for (const [index, a] of p.step.actions.entries()) {
      if (a.type !== 'execute' || token?.isCancellationRequested) continue;
      const e = await this.run(lessonId, page, index, token);
      events.push(e);
      if (e.outcome === 'failed' || e.outcome === 'declined' || e.outcome === 'error') break;
      if (/&\s*$/.test(a.command)) await new Promise((r) => setTimeout(r, BACKGROUND_START_MS));
    }
    return events;
  }

  private toolWorks(tool: string, env: Record<string, string>): Promise<boolean> {
    let p = this.usable.get(tool);
    if (!p) {
      p = toolUsable(tool, { ...process.env, ...env });
      this.usable.set(tool, p);
    }
    return p;
  }

  /** A folder the user listed in kubelab.lesson.trustedFolders (user settings only). */
  trustedFolder(lesson: Lesson): boolean {
    return this.ctx.config().lesson.trustedFolders.some((f) => f.replace(/\/+$/, '') === lesson.folder.replace(/\/+$/, ''));
  }

  /** A lesson the user opened shows each command before it runs (until they trust the lesson). */
  private async confirmed(lesson: Lesson, page: LessonPage, plan: Plan): Promise<boolean> {
    // A write shows its own diff and asks (adapters/lesson/writes.ts).
    if (builtinLesson(lesson.id) || this.trusted.has(lesson.id) || plan.kind === 'copy' || plan.kind === 'write' || this.trustedFolder(lesson)) return true;
    const what =
      plan.kind === 'execute'
        ? vscode.l10n.t('{0} will run:\n\n{1}', plan.terminal, plan.command)
        : plan.kind === 'send'
          ? vscode.l10n.t('{0} will receive a control character.', plan.terminal)
          : vscode.l10n.t('{0} will open in an editor.', plan.path);
    const run = vscode.l10n.t('Run');
    const all = vscode.l10n.t('Run, and Trust This Lesson');
    const pick = await vscode.window.showWarningMessage(
      vscode.l10n.t('Run a command from the lesson "{0}" ({1})?', lesson.title, page.title),
      { modal: true, detail: `${what}\n\n${vscode.l10n.t('From {0}', lesson.folder)}` },
      run,
      all,
    );
    if (pick === all) this.trusted.add(lesson.id);
    return pick === run || pick === all;
  }

  private tellInstead(chosen: Extract<Plan, { kind: 'execute' }>): void {
    if (!chosen.instead) return;
    this.ctx.log.info(`${chosen.instead.tool} cannot be used here: running "${chosen.command}" instead of "${chosen.instead.original}"`);
    if (this.toldInstead.has(chosen.instead.tool)) return;
    this.toldInstead.add(chosen.instead.tool);
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        "{0} cannot be used here, so KubeLab runs the lesson's equivalent commands instead (the step shows both). Now in {1}: {2}",
        chosen.instead.tool,
        chosen.terminal,
        chosen.command,
      ),
    );
  }

  private tellFailure(lesson: Lesson, page: LessonPage, plan: Extract<Plan, { kind: 'execute' }>, exitCode: number | undefined, index: number): void {
    const hint =
      exitCode === undefined
        ? vscode.l10n.t('The shell did not report how it ended (interrupted?).')
        : (failureHint(plan.command, exitCode, vscode.l10n.t) ?? '');
    const message =
      exitCode === undefined
        ? vscode.l10n.t('Lesson step "{0}": the command in {1} did not report success. {2}', page.title, plan.terminal, hint)
        : vscode.l10n.t('Lesson step "{0}": the command in {1} ended with exit code {2}. {3}', page.title, plan.terminal, exitCode, hint);
    this.ctx.log.warn(`${message} (${plan.command})`);
    const show = vscode.l10n.t('Show {0}', plan.terminal);
    const again = vscode.l10n.t('Run Again');
    void vscode.window.showWarningMessage(message, show, again).then((pick) => {
      if (pick === show) this.terminals.show(plan.terminal);
      if (pick === again) void this.run(lesson.id, lesson.pages.indexOf(page), index);
    });
  }

  /** Forgets what was done in a lesson (its commands and checks): it starts over. */
  async reset(lessonId: string): Promise<void> {
    const l = this.lesson(lessonId);
    if (!l.ok) return;
    await this.progress.reset(l.value);
    this.ctx.log.info(`lesson ${lessonId}: reset`);
  }

  private emit(e: RunEvent): RunEvent {
    this.ran.fire(e);
    return e;
  }

  dispose(): void {
    this.progress.dispose();
    this.terminals.dispose();
    this.ran.dispose();
  }
}
