/**
 * A lesson as KubeLab runs it: a scenario's pages with their parsed steps,
 * in one language. Built by infra/lesson/files.ts from a folder; pure here.
 */
import { readStep, type LessonError, type ParsedStep } from './katacoda';
import type { Asset, Scenario, ScenarioPage, VerifyRule } from './scenario';
import type { Result } from '../result';

export interface LessonPage extends ScenarioPage {
  readonly markdown: string;
  readonly step: ParsedStep;
  /** What is wrong in this page (shown on it); a wrong annotation stays text, never runs. */
  readonly problems: readonly LessonError[];
}

export interface Lesson {
  /** `builtin`, or the folder the user opened. */
  readonly id: string;
  readonly folder: string;
  readonly language: string;
  readonly title: string;
  readonly description: string;
  readonly pages: readonly LessonPage[];
  readonly assets: readonly Asset[];
  /** When a page's verify script passes. */
  readonly verifyPasses: VerifyRule;
  /** What is wrong in its pages (each page shows its own; the others work). */
  readonly problems: readonly LessonError[];
}

export type LessonResult = Result<Lesson, LessonError[]>;

/**
 * Joins a scenario (and, when given, its translation: the same pages by id, in
 * the same order) with the markdown of its pages. `read` returns a page's text.
 */
export function buildLesson(
  id: string,
  folder: string,
  base: Scenario,
  translated: { scenario: Scenario; language: string; dir: string } | undefined,
  read: (dir: string, file: string) => { text: string } | { error: string },
): LessonResult {
  const errors: LessonError[] = [];
  const texts = translated?.scenario ?? base;
  const dir = translated?.dir ?? folder;
  if (translated) {
    const a = base.pages.map((p) => p.id).join(', ');
    const b = translated.scenario.pages.map((p) => p.id).join(', ');
    if (a !== b) errors.push({ file: `${dir}/index.json`, line: 1, message: `the translation's pages (${b}) differ from index.json's (${a})` });
  }
  const pages: LessonPage[] = [];
  const problems: LessonError[] = [];
  for (const p of texts.pages) {
    const r = read(dir, p.file);
    // A page that is missing, or wrong, shows what is wrong; the other pages work.
    const found =
      'error' in r
        ? { step: { parts: [], actions: [], warnings: [] }, errors: [{ file: `${dir}/index.json`, line: p.line, message: `${p.file}: ${r.error}` }] }
        : readStep(r.text, `${dir}/${p.file}`);
    problems.push(...found.errors);
    // What a step must leave behind is the lesson's, not a translation's: taken from the base page.
    const doneWhen = base.pages.find((b) => b.id === p.id)?.doneWhen;
    pages.push({ ...p, ...(doneWhen ? { doneWhen } : {}), markdown: 'text' in r ? r.text : '', step: found.step, problems: found.errors });
  }
  if (errors.length) return { ok: false, error: errors };
  return {
    ok: true,
    value: {
      id,
      folder,
      language: translated?.language ?? 'en',
      title: texts.title,
      description: texts.description,
      pages,
      assets: base.assets,
      verifyPasses: base.verifyPasses,
      problems,
    },
  };
}
