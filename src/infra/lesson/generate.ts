/**
 * The build's walkthrough step: reads each built-in lesson in every language,
 * writes its pages under walkthroughs/generated/, and checks package.json and
 * package.nls.*.json against it. Called by scripts/build.mjs; returns the
 * errors (file:line: why), empty when all is well.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { english, type Translate } from '../../core/l10n';
import type { Lesson } from '../../core/lesson/lesson';
import { formatLessonError } from '../../core/lesson/scenario';
import { checkContribution, walkthroughPages } from '../../core/lesson/walkthrough';
import { BUILTIN_LESSONS, LESSON_LANGUAGES, WALKTHROUGH_PAGES, type BuiltinLesson } from '../../ids';
import { loadLesson } from './files';

const readJson = (p: string): Record<string, string> => JSON.parse(readFileSync(p, 'utf8')) as Record<string, string>;

export function generateWalkthrough(root: string): string[] {
  const nls: Record<string, Record<string, string>> = { en: readJson(join(root, 'package.nls.json')) };
  const translate: Record<string, Translate> = { en: english };
  for (const language of LESSON_LANGUAGES) {
    nls[language] = readJson(join(root, `package.nls.${language}.json`));
    const bundle = readJson(join(root, 'l10n', `bundle.l10n.${language}.json`));
    translate[language] = (m, ...args) => english(bundle[m] ?? m, ...args);
  }
  const loaded = BUILTIN_LESSONS.map((b) => ({ b, ...load(root, b) }));
  const errors = loaded.flatMap((l) => l.errors);
  if (errors.length) return errors;
  rmSync(join(root, WALKTHROUGH_PAGES), { recursive: true, force: true });
  const pkg: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const { b, lessons } of loaded) {
    for (const lesson of lessons) {
      const r = walkthroughPages(b, lesson, translate[lesson.language] ?? english);
      errors.push(...r.errors.map(formatLessonError));
      for (const f of r.files) {
        mkdirSync(dirname(join(root, f.path)), { recursive: true });
        writeFileSync(join(root, f.path), f.content);
      }
    }
    errors.push(...checkContribution(b, pkg, nls, lessons));
  }
  return errors;
}

/** The lesson in English and each of LESSON_LANGUAGES; every one must exist and have no page with a problem. */
function load(root: string, b: BuiltinLesson): { lessons: Lesson[]; errors: string[] } {
  const lessons: Lesson[] = [];
  const errors: string[] = [];
  for (const language of ['en', ...LESSON_LANGUAGES]) {
    const r = loadLesson(b.id, join(root, b.folder), language);
    if (!r.ok) errors.push(...r.error.map(formatLessonError));
    else if (r.value.language !== language) errors.push(`${b.folder}/${language}/index.json: missing (the lesson must exist in ${language})`);
    else {
      errors.push(...r.value.problems.map(formatLessonError));
      lessons.push(r.value);
    }
  }
  return { lessons, errors };
}
