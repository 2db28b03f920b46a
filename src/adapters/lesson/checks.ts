/**
 * A lesson's own scripts, run only on the user's click: Check (the page's
 * verify script; on a failure, a challenge's hint script) and Setup (its
 * background script out of sight, its foreground script in the step's
 * terminal). Scripts of a folder the user opened run only in a trusted
 * workspace, and after a consent per folder that shows them (kept until a
 * script changes), unless the folder is in kubelab.lesson.trustedFolders.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { shellQuote } from '../../core/etcd/keys';
import { checkOutput, verifyPassed } from '../../core/lesson/check';
import type { Lesson } from '../../core/lesson/lesson';
import { runScript } from '../../infra/lesson/scripts';
import { builtinLesson, StateKey } from '../../ids';
import type { Ctx } from '../ctx';
import type { LessonRunner } from './runner';

export interface CheckEvent {
  readonly lesson: string;
  readonly page: number;
  /** undefined: the check did not run (declined, no script, an untrusted workspace). */
  readonly passed?: boolean;
  /** What the learner reads: the verdict, the script's last lines, the hint. */
  readonly text: string;
}

const SCRIPT_LINES_SHOWN = 40;

export class LessonChecks implements vscode.Disposable {
  private readonly checked = new vscode.EventEmitter<CheckEvent>();
  readonly onDidCheck = this.checked.event;
  /** When a page's task began (its first Check or command): a hint script gets the seconds since. */
  private readonly began = new Map<string, number>();

  constructor(
    private readonly ctx: Ctx,
    private readonly runner: LessonRunner,
  ) {
    ctx.own(runner.onDidRun((e) => this.began.has(`${e.lesson}#${e.page}`) || this.began.set(`${e.lesson}#${e.page}`, Date.now())));
  }

  /** Runs the page's verify script; a pass marks the page done. */
  async check(lessonId: string, page: number): Promise<CheckEvent> {
    const l = this.runner.lesson(lessonId);
    const p = l.ok ? l.value.pages[page] : undefined;
    if (!l.ok || !p?.scripts.verify) return this.emit({ lesson: lessonId, page, text: vscode.l10n.t('This page has no verify script.') });
    const lesson = l.value;
    const key = `${lessonId}#${page}`;
    if (!this.began.has(key)) this.began.set(key, Date.now());
    if (!(await this.allowed(lesson, [p.scripts.verify]))) return this.emit({ lesson: lessonId, page, text: vscode.l10n.t('The check did not run.') });
    const run = await this.run(lesson, p.scripts.verify, []);
    const passed = verifyPassed(lesson.verifyPasses, run);
    this.runner.progress.checkEnded(lesson, page, passed);
    this.ctx.log.info(`lesson ${lesson.id} ${p.id}: check ${passed ? 'passed' : `failed (exit ${run.exitCode ?? (run.timedOut ? 'timeout' : '?')})`}`);
    if (passed) return this.emit({ lesson: lessonId, page, passed, text: vscode.l10n.t('✓ Check passed') });
    const verdict = run.timedOut
      ? vscode.l10n.t('✗ Not yet: the check ran longer than {0} s (kubelab.lesson.scriptTimeoutSeconds)', this.ctx.config().lesson.scriptTimeoutMs / 1000)
      : vscode.l10n.t('✗ Not yet (exit code {0}; {1} {2})', run.exitCode ?? '?', p.scripts.verify, verifyRuleText(lesson.verifyPasses));
    let hint = '';
    if (p.scripts.hint) {
      const seconds = Math.round((Date.now() - (this.began.get(key) ?? Date.now())) / 1000);
      hint = (await this.run(lesson, p.scripts.hint, [String(seconds)])).stdout.trim();
    }
    const output = checkOutput(run);
    return this.emit({ lesson: lessonId, page, passed, text: [verdict, output, hint && vscode.l10n.t('Hint: {0}', hint)].filter(Boolean).join('\n') });
  }

  /** Runs the page's background script (out of sight) and foreground script (in the step's first terminal). */
  async setup(lessonId: string, page: number): Promise<CheckEvent> {
    const l = this.runner.lesson(lessonId);
    const p = l.ok ? l.value.pages[page] : undefined;
    const scripts = [p?.scripts.background, p?.scripts.foreground].filter((f): f is string => !!f);
    if (!l.ok || !p || scripts.length === 0) return this.emit({ lesson: lessonId, page, text: vscode.l10n.t('This page has no setup script.') });
    const lesson = l.value;
    if (!(await this.allowed(lesson, scripts))) return this.emit({ lesson: lessonId, page, text: vscode.l10n.t('The setup did not run.') });
    const lines: string[] = [];
    if (p.scripts.background) {
      const run = await this.run(lesson, p.scripts.background, []);
      lines.push(
        run.exitCode === 0
          ? vscode.l10n.t('✓ {0} ran', p.scripts.background)
          : vscode.l10n.t('✗ {0} ended with exit code {1}', p.scripts.background, run.exitCode ?? '?'),
      );
      if (run.exitCode !== 0) lines.push(checkOutput(run));
    }
    if (p.scripts.foreground) {
      const terminal = p.step.actions.find((a) => a.type === 'execute')?.terminal ?? 'T1';
      const env = await this.runner.terminalEnv();
      const t = this.runner.terminals.get(terminal, () => ({ cwd: this.runner.prepareWorkFolder(lesson), env }));
      this.runner.terminals.show(terminal);
      await this.runner.terminals.execute(t, `bash ${shellQuote(join(lesson.folder, p.scripts.foreground))}`, false);
      lines.push(vscode.l10n.t('{0} ran in {1}', p.scripts.foreground, terminal));
    }
    return this.emit({ lesson: lessonId, page, text: lines.join('\n') });
  }

  private async run(lesson: Lesson, script: string, args: string[]) {
    const env = await this.runner.terminalEnv();
    return runScript(join(lesson.folder, script), args, {
      cwd: this.runner.prepareWorkFolder(lesson),
      env: { ...process.env, ...env },
      timeoutMs: this.ctx.config().lesson.scriptTimeoutMs,
    });
  }

  /** Trusted workspace, then the folder's consent (or kubelab.lesson.trustedFolders). */
  private async allowed(lesson: Lesson, toRun: readonly string[]): Promise<boolean> {
    if (builtinLesson(lesson.id)) return true;
    if (!vscode.workspace.isTrusted) {
      const manage = vscode.l10n.t('Manage Workspace Trust');
      void vscode.window
        .showWarningMessage(vscode.l10n.t("A lesson's scripts run only in a trusted workspace. Trust this workspace, then check again."), manage)
        .then((pick) => pick === manage && vscode.commands.executeCommand('workbench.trust.manage'));
      return false;
    }
    if (this.runner.trustedFolder(lesson)) return true;
    const digest = scriptsDigest(lesson);
    const allowed = this.ctx.extension.globalState.get<Record<string, string>>(StateKey.lessonAllowedScripts) ?? {};
    if (allowed[lesson.folder] === digest) return true;
    const shown = toRun.map((f) => `── ${f}\n${firstLines(join(lesson.folder, f))}`).join('\n\n');
    const always = vscode.l10n.t('Allow This Folder');
    const once = vscode.l10n.t('Run Once');
    const pick = await vscode.window.showWarningMessage(
      vscode.l10n.t('Run scripts of the lesson "{0}"?', lesson.title),
      {
        modal: true,
        detail: vscode.l10n.t(
          'They run with bash on this machine, in the lesson\'s working folder, with your rights. From {0}.\n\n{1}\n\n"Allow This Folder" lets its scripts run on your clicks until one of them changes.',
          lesson.folder,
          shown,
        ),
      },
      once,
      always,
    );
    if (pick === always) await this.ctx.extension.globalState.update(StateKey.lessonAllowedScripts, { ...allowed, [lesson.folder]: digest });
    return pick === always || pick === once;
  }

  private emit(e: CheckEvent): CheckEvent {
    this.checked.fire(e);
    return e;
  }

  dispose(): void {
    this.checked.dispose();
  }
}

/** How the lesson's verify scripts pass, in words. */
export const verifyRuleText = (rule: Lesson['verifyPasses']): string =>
  rule === 'prints-done' ? vscode.l10n.t('passes when it prints "done"') : vscode.l10n.t('passes when it ends with exit code 0');

/** One digest of every script of the lesson (paths and contents): a changed script asks again. */
function scriptsDigest(lesson: Lesson): string {
  const h = createHash('sha256');
  for (const p of lesson.pages)
    for (const f of [p.scripts.verify, p.scripts.hint, p.scripts.background, p.scripts.foreground]) {
      if (!f) continue;
      h.update(`${f}\0`);
      try {
        h.update(readFileSync(join(lesson.folder, f)));
      } catch {
        h.update('missing');
      }
      h.update('\0');
    }
  return h.digest('hex');
}

function firstLines(file: string): string {
  try {
    const lines = readFileSync(file, 'utf8').split('\n');
    return lines.slice(0, SCRIPT_LINES_SHOWN).join('\n') + (lines.length > SCRIPT_LINES_SHOWN ? `\n… (${lines.length - SCRIPT_LINES_SHOWN} more lines)` : '');
  } catch (e) {
    return `(${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
}
