/**
 * Lessons on disk: a Katacoda scenario folder (index.json, page files,
 * assets/), optionally with a translation in a sub-folder named by language
 * (ru/index.json and ru/*.md). Also copies the assets into a working folder,
 * never over a file that is already there (the user may have edited it).
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathwayEntries, structureEntries, type Course, type CourseEntry } from '../../core/lesson/course';
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
  const built = buildLesson(id, folder, base.value, translated, readText);
  if (!built.ok) return built;
  // An asset that names no file is reported at its entry in index.json (if it was to land here at all).
  const missing = base.value.assets
    .filter((a) => assetTarget(a.target) !== undefined && !assetFiles(folder, a.file).length)
    .map((a) => ({ file: index, line: a.line, message: `assets/${a.file}: no such file in the lesson's assets folder` }));
  return missing.length ? { ok: true, value: { ...built.value, problems: [...built.value.problems, ...missing] } } : built;
}

/**
 * Where an asset's target lands in the working folder: the learner's home on those platforms
 * (`~`, `/root`, `/home/<user>`) and relative targets are the working folder; any other
 * absolute target (`/usr/local/bin`) is the platform's machine, not this one: undefined.
 */
export function assetTarget(target: string): string | undefined {
  const home = /^(?:~|\/root|\/home\/[^/]+)(?:\/(.*))?$/.exec(target.trim());
  if (home) return home[1] ?? '';
  return target.startsWith('/') ? undefined : target;
}

/** The files under assets/ an asset names (a glob names any number): each with its path below the target. */
export function assetFiles(lessonFolder: string, file: string): Array<{ from: string; to: string }> {
  const root = join(lessonFolder, 'assets');
  if (!/[*?]/.test(file)) return existsSync(join(root, file)) ? [{ from: join(root, file), to: file.split('/').pop() as string }] : [];
  // The glob's fixed folders are left out below the target; what * and ** matched is kept.
  const fixed = file.split('/').filter((_, i, all) => all.slice(0, i + 1).every((p) => !/[*?]/.test(p)));
  const parts = file.split('/');
  const source = parts
    .map((p, i) => {
      const last = i === parts.length - 1;
      if (p === '**') return last ? '.*' : '(?:.*/)?';
      const seg = p
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]');
      return last ? seg : `${seg}/`;
    })
    .join('');
  const pattern = new RegExp(`^${source}$`);
  const all = (dir: string): string[] => {
    try {
      return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((d) => {
        const path = dir ? `${dir}/${d.name}` : d.name;
        return d.isDirectory() ? all(path) : [path];
      });
    } catch {
      return [];
    }
  };
  return all('')
    .filter((f) => pattern.test(f))
    .map((f) => ({ from: join(root, f), to: f.split('/').slice(fixed.length).join('/') }));
}

/**
 * Puts the lesson's assets into `workFolder` (targets as assetTarget says; nothing outside it).
 * Returns the files it copied.
 */
export function copyAssets(lesson: Lesson, workFolder: string): string[] {
  const copied: string[] = [];
  mkdirSync(workFolder, { recursive: true });
  for (const a of lesson.assets) {
    const target = assetTarget(a.target);
    if (target === undefined) continue;
    const targetDir = resolve(workFolder, target);
    const rel = relative(workFolder, targetDir);
    if (rel.startsWith('..') || rel.startsWith(sep)) continue; // only inside the working folder
    for (const f of assetFiles(lesson.folder, a.file)) {
      const to = join(targetDir, f.to);
      if (existsSync(to) || relative(workFolder, to).startsWith('..')) continue;
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(f.from, to);
      if (a.chmod && /\+x|7/.test(a.chmod)) chmodSync(to, 0o755);
      copied.push(to);
    }
  }
  return copied;
}

/**
 * The scenarios of a course folder (no index.json of its own): those its structure.json
 * (Killercoda) and *-pathway.json files (Katacoda) name, in their order, then the other
 * folders below it (two levels) that hold an index.json. Only entries whose folder holds one.
 */
export function listCourse(folder: string): Course | undefined {
  const isScenario = (path: string) => existsSync(join(folder, path, 'index.json'));
  const read = (name: string) => {
    const r = readText(folder, name);
    return 'text' in r ? r.text : '';
  };
  const names = existsSync(folder) ? readdirSync(folder) : [];
  const listed: Course[] = [];
  if (names.includes('structure.json')) listed.push(structureEntries(read('structure.json')) ?? { title: '', entries: [] });
  for (const n of names.filter((f) => f.endsWith('-pathway.json')).sort()) listed.push(pathwayEntries(n, read(n)) ?? { title: '', entries: [] });
  const entries: CourseEntry[] = listed.flatMap((c) => c.entries).filter((e) => isScenario(e.path));
  // Then the scenarios no listing names, in the order of their paths, titled from their index.json.
  const named = new Set(entries.map((e) => e.path));
  for (const path of scenarioFolders(folder, '', 1).sort()) {
    if (named.has(path)) continue;
    const index = readText(join(folder, path), 'index.json');
    const parsed = 'text' in index ? parseScenario(index.text, 'index.json') : undefined;
    entries.push({ path, title: parsed?.ok ? parsed.value.title : path, description: '' });
  }
  if (!entries.length) return undefined;
  return { title: listed.find((c) => c.title)?.title ?? '', entries };
}

/** The folders below `dir` of a course (to depth 2) that hold an index.json; none below a scenario. */
function scenarioFolders(folder: string, dir: string, depth: number): string[] {
  let entries;
  try {
    entries = readdirSync(join(folder, dir), { withFileTypes: true });
  } catch {
    return []; // an unreadable folder holds no scenario we can open
  }
  return entries
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== 'node_modules')
    .flatMap((d) => {
      const path = dir ? `${dir}/${d.name}` : d.name;
      return existsSync(join(folder, path, 'index.json')) ? [path] : depth < 2 ? scenarioFolders(folder, path, depth + 1) : [];
    });
}
