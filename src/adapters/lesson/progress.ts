/**
 * Which pages of each lesson are done: every command succeeded (and, for the
 * built-in lessons, what the step leaves behind in the cluster holds, watched
 * by adapters/lesson/conditions.ts), or the page's verify script passed. Fires
 * an event when that changes; a built-in lesson's walkthrough learns it
 * through its context keys.
 */
import * as vscode from 'vscode';
import { progressOf } from '../../core/lesson/check';
import type { Lesson } from '../../core/lesson/lesson';
import { stepDone } from '../../core/lesson/run';
import { builtinLesson, ContextKey } from '../../ids';
import type { LessonConditions } from './conditions';

export interface ProgressEvent {
  readonly lesson: string;
  readonly done: number;
  readonly total: number;
  /** The pages that are done. */
  readonly pages: readonly number[];
}

export class LessonProgress implements vscode.Disposable {
  /** `lesson#page` → the indexes of its commands that succeeded. */
  private readonly succeeded = new Map<string, Set<number>>();
  /** Pages whose verify script passed, per lesson. */
  private readonly checked = new Map<string, Set<number>>();
  private readonly changed = new vscode.EventEmitter<ProgressEvent>();
  /** A page became done, or the lesson was reset. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly conditions: LessonConditions) {}

  /**
   * A command of a page ended; `succeeded` says whether it counts. Resolves whether the page is
   * done now; a page whose conditions hold only later turns done when the watch sees them.
   */
  async commandEnded(lesson: Lesson, page: number, index: number, succeeded: boolean): Promise<boolean> {
    const key = `${lesson.id}#${page}`;
    const done = this.succeeded.get(key) ?? new Set<number>();
    this.succeeded.set(key, done);
    if (succeeded) done.add(index);
    const p = lesson.pages[page];
    if (!p || !stepDone(p.step, done)) return false;
    // A step that must leave something behind in the cluster is done when that holds too.
    const holds = !p.doneWhen?.length || (await this.conditions.watch(key, p.doneWhen, () => void this.markDone(lesson, page)));
    if (holds) await this.markDone(lesson, page);
    return holds;
  }

  /** A page's verify script passed (or no longer passes). */
  checkEnded(lesson: Lesson, page: number, passed: boolean): void {
    const set = this.checked.get(lesson.id) ?? new Set<number>();
    this.checked.set(lesson.id, set);
    if (passed) set.add(page);
    else set.delete(page);
    this.fire(lesson);
  }

  of(lesson: Lesson): ProgressEvent {
    const pages = new Set<number>();
    for (const [i, p] of lesson.pages.entries()) {
      const key = `${lesson.id}#${i}`;
      const ran = stepDone(p.step, this.succeeded.get(key) ?? new Set()) && (!p.doneWhen?.length || this.conditions.holds(key));
      if (ran || this.checked.get(lesson.id)?.has(i)) pages.add(i);
    }
    return { lesson: lesson.id, ...progressOf(lesson.pages, pages), pages: [...pages].sort((a, b) => a - b) };
  }

  /** Forgets what was done in a lesson (commands, checks, watched conditions): it starts over. */
  async reset(lesson: Lesson): Promise<void> {
    this.forget(lesson.id);
    const b = builtinLesson(lesson.id);
    if (b) for (const p of lesson.pages) await vscode.commands.executeCommand('setContext', ContextKey.lessonStepDone(b.walkthrough, p.id), false);
    this.fire(lesson);
  }

  /** Forgets a lesson's progress without telling anyone (a folder opened again). */
  forget(lessonId: string): void {
    for (const k of [...this.succeeded.keys()]) if (k.startsWith(`${lessonId}#`)) this.succeeded.delete(k);
    this.conditions.forget(`${lessonId}#`);
    this.checked.delete(lessonId);
  }

  private async markDone(lesson: Lesson, page: number): Promise<void> {
    const p = lesson.pages[page];
    const b = builtinLesson(lesson.id);
    if (p && b) await vscode.commands.executeCommand('setContext', ContextKey.lessonStepDone(b.walkthrough, p.id), true);
    this.fire(lesson);
  }

  private fire(lesson: Lesson): void {
    this.changed.fire(this.of(lesson));
  }

  dispose(): void {
    this.conditions.forget('');
    this.changed.dispose();
  }
}
