/**
 * A built-in lesson as a VS Code walkthrough: its step pages (markdown with
 * buttons, one file per page and language) and the check that package.json's
 * walkthrough contribution and package.nls.*.json match the lesson. Run by the
 * build (infra/lesson/generate.ts); a mismatch fails it. Pure.
 */
import { conditionText } from './conditions';
import { BUILTIN_LESSON, CommandId, ContextKey, type BuiltinLesson } from '../../ids';
import type { Translate } from '../l10n';
import type { LessonError } from './katacoda';
import type { Lesson } from './lesson';
import { renderStep } from './render';

export const pageFile = (b: BuiltinLesson, language: string, id: string): string => `${b.pages}/${language}/${id}.md`;
/** A step's own button: the first lesson's take the step id alone (as they always have), the others the lesson's id too. */
export const runStepLink = (b: BuiltinLesson, id: string): string =>
  `command:${CommandId.lessonRunStep}?${JSON.stringify(b.id === BUILTIN_LESSON ? [id] : [b.id, id])}`;
export const nlsKey = (b: BuiltinLesson, id: string, field: 'title' | 'description' | 'media'): string => `${b.nls}.${id}.${field}`;

export function walkthroughPages(b: BuiltinLesson, lesson: Lesson, t: Translate): { files: Array<{ path: string; content: string }>; errors: LessonError[] } {
  const errors: LessonError[] = [];
  const files = lesson.pages.map((p, i) => {
    const r = renderStep(p.step.parts, { lesson: b.id, page: i }, t, `${lesson.folder}/${p.file}`);
    errors.push(...r.errors);
    // What the step must leave behind, said on its page: the step turns done when KubeLab's watches see it.
    const done = p.doneWhen?.length ? `\n\n> ${t('This step is done when {0}.', p.doneWhen.map((c) => conditionText(c, t)).join('; '))}\n` : '';
    return { path: pageFile(b, lesson.language, p.id), content: done ? r.markdown.replace(/\n*$/, '\n') + done : r.markdown };
  });
  return { files, errors };
}

interface Step {
  id?: string;
  title?: string;
  description?: string;
  media?: { markdown?: string };
  completionEvents?: string[];
}

/** What in package.json / package.nls.*.json disagrees with the lesson (one per language); empty when all agree. */
export function checkContribution(b: BuiltinLesson, pkg: unknown, nls: Record<string, Record<string, string>>, lessons: readonly Lesson[]): string[] {
  const out: string[] = [];
  const walkthroughs = (pkg as { contributes?: { walkthroughs?: Array<{ id: string; title?: string; description?: string; steps?: Step[] }> } }).contributes
    ?.walkthroughs;
  const w = walkthroughs?.find((x) => x.id === b.walkthrough);
  if (!w) return [`package.json: no walkthrough "${b.walkthrough}"`];
  for (const f of ['title', 'description'] as const) {
    if (w[f] !== `%${b.nls}.${f}%`) out.push(`package.json: walkthrough "${b.walkthrough}": ${f} must be "%${b.nls}.${f}%"`);
    for (const [language, strings] of Object.entries(nls))
      if (!strings[`${b.nls}.${f}`]?.trim()) out.push(`${language === 'en' ? 'package.nls.json' : `package.nls.${language}.json`}: ${b.nls}.${f} is missing`);
  }
  const steps = w.steps ?? [];
  const base = lessons[0];
  if (!base) return ['no lesson'];
  const ids = base.pages.map((p) => p.id);
  if (steps.map((s) => s.id).join(',') !== ids.join(',')) {
    out.push(
      `package.json: walkthrough "${b.walkthrough}" steps [${steps.map((s) => s.id).join(', ')}] must be the lesson's pages [${ids.join(', ')}], in order`,
    );
    return out;
  }
  steps.forEach((s, i) => {
    const id = ids[i] as string;
    const where = `package.json: walkthrough "${b.walkthrough}" step "${id}"`;
    for (const f of ['title', 'description'] as const) if (s[f] !== `%${nlsKey(b, id, f)}%`) out.push(`${where}: ${f} must be "%${nlsKey(b, id, f)}%"`);
    if (s.media?.markdown !== `%${nlsKey(b, id, 'media')}%`) out.push(`${where}: media.markdown must be "%${nlsKey(b, id, 'media')}%"`);
    const runs = base.pages[i]?.step.actions.some((a) => a.type === 'execute');
    const events = runs ? [`onContext:${ContextKey.lessonStepDone(b.walkthrough, id)}`] : ['onStepSelected'];
    if (JSON.stringify(s.completionEvents) !== JSON.stringify(events)) out.push(`${where}: completionEvents must be ${JSON.stringify(events)}`);
    for (const lesson of lessons) {
      const strings = nls[lesson.language] ?? {};
      const file = lesson.language === 'en' ? 'package.nls.json' : `package.nls.${lesson.language}.json`;
      const page = lesson.pages[i];
      if (strings[nlsKey(b, id, 'title')] !== page?.title) out.push(`${file}: ${nlsKey(b, id, 'title')} must be the page's title "${page?.title}"`);
      if (strings[nlsKey(b, id, 'media')] !== pageFile(b, lesson.language, id))
        out.push(`${file}: ${nlsKey(b, id, 'media')} must be "${pageFile(b, lesson.language, id)}"`);
      const description = strings[nlsKey(b, id, 'description')] ?? '';
      if (!description.trim()) out.push(`${file}: ${nlsKey(b, id, 'description')} is missing`);
      if (runs && !description.includes(runStepLink(b, id))) out.push(`${file}: ${nlsKey(b, id, 'description')} needs the button (${runStepLink(b, id)})`);
    }
  });
  return out;
}
