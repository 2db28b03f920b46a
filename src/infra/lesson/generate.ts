/**
 * The build's walkthrough step: reads the built-in lesson in every language,
 * writes its pages to walkthroughs/generated/<language>/, and checks
 * package.json and package.nls.*.json against it. Called by scripts/build.mjs;
 * returns the errors (file:line: why), empty when all is well.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { english, type Translate } from '../../core/l10n';
import type { Lesson } from '../../core/lesson/lesson';
import { formatLessonError } from '../../core/lesson/scenario';
import { checkContribution, walkthroughPages } from '../../core/lesson/walkthrough';
import { BUILTIN_LESSON, LESSON_FOLDER, LESSON_LANGUAGES, WALKTHROUGH_PAGES } from '../../ids';
import { loadLesson } from './files';

const readJson = (p: string): Record<string, string> => JSON.parse(readFileSync(p, 'utf8')) as Record<string, string>;

export function generateWalkthrough(root: string): string[] {
  const errors: string[] = [];
  const lessons: Lesson[] = [];
  const nls: Record<string, Record<string, string>> = { en: readJson(join(root, 'package.nls.json')) };
  const translate: Record<string, Translate> = { en: english };
  for (const language of ['en', ...LESSON_LANGUAGES]) {
    const r = loadLesson(BUILTIN_LESSON, join(root, LESSON_FOLDER), language);
    if (!r.ok) {
      errors.push(...r.error.map(formatLessonError));
      continue;
    }
    if (r.value.language !== language) {
      errors.push(`${LESSON_FOLDER}/${language}/index.json: missing (the lesson must exist in ${language})`);
      continue;
    }
    // The built-in lesson has no page with a problem.
    errors.push(...r.value.problems.map(formatLessonError));
    lessons.push(r.value);
    if (language !== 'en') {
      nls[language] = readJson(join(root, `package.nls.${language}.json`));
      const bundle = readJson(join(root, 'l10n', `bundle.l10n.${language}.json`));
      translate[language] = (m, ...args) => english(bundle[m] ?? m, ...args);
    }
  }
  if (errors.length) return errors;
  rmSync(join(root, WALKTHROUGH_PAGES), { recursive: true, force: true });
  for (const lesson of lessons) {
    const r = walkthroughPages(lesson, translate[lesson.language] ?? english);
    errors.push(...r.errors.map(formatLessonError));
    for (const f of r.files) {
      mkdirSync(dirname(join(root, f.path)), { recursive: true });
      writeFileSync(join(root, f.path), f.content);
    }
  }
  errors.push(...checkContribution(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')), nls, lessons));
  return errors;
}
