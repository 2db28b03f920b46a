/**
 * Lessons on disk: a Katacoda scenario folder (index.json, page files,
 * assets/), optionally with a translation in a sub-folder named by language
 * (ru/index.json and ru/*.md). Also copies the assets into a working folder,
 * never over a file that is already there (the user may have edited it).
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { buildLesson, type Lesson, type LessonResult } from '../../core/lesson/lesson';
import { parseScenario } from '../../core/lesson/scenario';

const MAX_PAGE_BYTES = 1024 * 1024;

function readText(dir: string, file: string): { text: string } | { error: string } {
  try {
    const p = join(dir, file);
    const size = statSync(p).size;
    if (size > MAX_PAGE_BYTES) return { error: `${size} bytes: a lesson page may hold at most 1 MiB` };
    return { text: readFileSync(p, 'utf8') };
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (e as Error).message };
  }
}

/** Loads the lesson in `folder`, in `language` when it has that translation. */
export function loadLesson(id: string, folder: string, language?: string): LessonResult {
  const index = join(folder, 'index.json');
  const raw = readText(folder, 'index.json');
  if ('error' in raw) return { ok: false, error: [{ file: index, line: 1, message: `${raw.error}: a lesson folder holds a Katacoda index.json` }] };
  const base = parseScenario(raw.text, index);
  if (!base.ok) return base;
  const lang = language?.toLowerCase().split(/[-_]/)[0];
  let translated;
  if (lang && lang !== 'en' && existsSync(join(folder, lang, 'index.json'))) {
    const dir = join(folder, lang);
    const t = readText(dir, 'index.json');
    if ('error' in t) return { ok: false, error: [{ file: join(dir, 'index.json'), line: 1, message: t.error }] };
    const s = parseScenario(t.text, join(dir, 'index.json'));
    if (!s.ok) return s;
    translated = { scenario: s.value, language: lang, dir };
  }
  return buildLesson(id, folder, base.value, translated, readText);
}

/**
 * Puts the lesson's assets into `workFolder` (a Katacoda target of `~` or `.`
 * means the working folder itself). Returns the files it copied.
 */
export function copyAssets(lesson: Lesson, workFolder: string): string[] {
  const copied: string[] = [];
  mkdirSync(workFolder, { recursive: true });
  for (const a of lesson.assets) {
    const targetDir = resolve(workFolder, a.target.replace(/^~\/?/, ''));
    const rel = relative(workFolder, targetDir);
    if (rel.startsWith('..') || rel.startsWith(sep)) continue; // only inside the working folder
    const to = join(targetDir, a.file.split('/').pop() as string);
    if (existsSync(to)) continue;
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(lesson.folder, 'assets', a.file), to);
    if (a.chmod && /\+x|7/.test(a.chmod)) chmodSync(to, 0o755);
    copied.push(to);
  }
  return copied;
}
