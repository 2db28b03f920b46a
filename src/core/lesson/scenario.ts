/**
 * A Katacoda/Killercoda scenario's index.json, read into what KubeLab uses:
 * title, description, the intro, steps and finish pages (each a markdown file),
 * and the assets copied into the working folder, and each page's scripts
 * (`verify`, a challenge's `hint`, `background`, `foreground`): KubeLab runs
 * them only on the user's click, never by itself. Unknown fields are ignored.
 *
 * KubeLab reads two more fields: a step's `id` (used for the walkthrough step
 * and its completion key; without it the id is `step<N>`), and its
 * `kubelab.doneWhen` (core/lesson/conditions.ts).
 */
import { parseConditions, type Condition } from './conditions';
import type { LessonError } from './katacoda';
import type { Result } from '../result';

export interface ScenarioPage {
  readonly id: string;
  readonly title: string;
  readonly file: string;
  /** The line of index.json that names the page's file. */
  readonly line: number;
  /** The page's scripts, files inside the scenario folder (run only on the user's click). */
  readonly scripts: PageScripts;
  /** KubeLab's own field `kubelab.doneWhen`: what must hold in the cluster once the commands ran. */
  readonly doneWhen?: readonly Condition[];
}

export interface PageScripts {
  /** Checks the step: passes as the scenario's `verifyPasses` says. */
  readonly verify?: string;
  /** A challenge's hint: gets the seconds since the task began, prints the hint to show. */
  readonly hint?: string;
  /** Setup the platform runs out of sight when the page opens; its output is not the learner's. */
  readonly background?: string;
  /** Setup the platform runs in the learner's terminal when the page opens. */
  readonly foreground?: string;
  /** Other Katacoda scripts (courseData, code): listed, never run. */
  readonly other: readonly string[];
}

/**
 * When a verify script passes. Katacoda's scenarios pass when it prints "done" (their docs'
 * example: `[ -d x ] && echo "done"`); Katacoda's challenges (`type: challenge@…`) and Killercoda
 * pass on exit code 0. Katacoda's index.json has an `environment` (the UI layout); Killercoda's
 * has none.
 */
export type VerifyRule = 'prints-done' | 'exit-0';

export interface Asset {
  /** A file under assets/, or a glob of them (`*`, `**`, `?`). */
  readonly file: string;
  readonly target: string;
  readonly chmod?: string;
  /** The line of index.json that names it. */
  readonly line: number;
}

export interface Scenario {
  readonly title: string;
  readonly description: string;
  readonly verifyPasses: VerifyRule;
  readonly pages: readonly ScenarioPage[];
  readonly assets: readonly Asset[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
const SAFE_FILE = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\0]+$/;

export function parseScenario(text: string, file: string): Result<Scenario, LessonError[]> {
  const errors: LessonError[] = [];
  const err = (message: string): void => void errors.push({ file, line: 1, message });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const pos = /position (\d+)/.exec((e as Error).message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : 1;
    return { ok: false, error: [{ file, line, message: `not valid JSON: ${(e as Error).message}` }] };
  }
  if (!isObject(json)) return { ok: false, error: [{ file, line: 1, message: 'index.json must hold an object' }] };
  const details = isObject(json.details) ? json.details : {};
  // The line of an entry: where its file name first appears after the previous entry's (pages, then assets).
  const cursor = { pages: 0, assets: 0 };
  const lineOf = (needle: string, list: keyof typeof cursor = 'pages'): number => {
    const at = text.indexOf(needle, cursor[list]);
    if (at < 0) return 1;
    cursor[list] = at + needle.length;
    return text.slice(0, at).split('\n').length;
  };
  const pages: ScenarioPage[] = [];
  const page = (v: unknown, fallbackId: string, fallbackTitle: string, where: string): void => {
    if (v === undefined) return;
    if (!isObject(v)) return err(`${where} must be an object with "text"`);
    const text = str(v.text);
    if (!text) return err(`${where} has no "text" (the markdown file of the page)`);
    if (!SAFE_FILE.test(text)) return err(`${where}: "${text}" must be a file inside the scenario folder`);
    const id = str(v.id) ?? fallbackId;
    if (!/^[A-Za-z][\w-]*$/.test(id)) return err(`${where}: id "${id}" may hold only letters, digits, - and _`);
    const script = (k: string): string | undefined => {
      const f = str(v[k]);
      if (f && !SAFE_FILE.test(f)) err(`${where}.${k}: "${f}" must be a file inside the scenario folder`);
      return f && SAFE_FILE.test(f) ? f : undefined;
    };
    const scripts: { -readonly [K in keyof PageScripts]: PageScripts[K] } = {
      other: ['courseData', 'code'].map((k) => str(v[k])).filter((f): f is string => !!f),
    };
    for (const k of ['verify', 'hint', 'background', 'foreground'] as const) {
      const f = script(k);
      if (f) scripts[k] = f;
    }
    const kubelab = isObject(v.kubelab) ? v.kubelab : {};
    const doneWhen = kubelab.doneWhen === undefined ? [] : parseConditions(kubelab.doneWhen, `${where}.kubelab.doneWhen`);
    if (typeof doneWhen === 'string') return err(doneWhen);
    pages.push({ id, title: str(v.title) ?? fallbackTitle, file: text, line: lineOf(`"${text}"`), scripts, ...(doneWhen.length ? { doneWhen } : {}) });
  };
  // A page may also be given as its file name alone.
  const asPage = (v: unknown): unknown => (typeof v === 'string' ? { text: v } : v);
  page(asPage(details.intro), 'intro', str(json.title) ?? 'Introduction', 'details.intro');
  // No steps: a playground (an environment to try things in), intro and finish only, or nothing.
  if (details.steps !== undefined && !Array.isArray(details.steps)) err('details.steps must be a list of steps');
  else (details.steps ?? []).forEach((s: unknown, i: number) => page(asPage(s), `step${i + 1}`, `Step ${i + 1}`, `details.steps[${i}]`));
  page(asPage(details.finish), 'finish', 'Finish', 'details.finish');
  const ids = new Set<string>();
  for (const p of pages) {
    if (ids.has(p.id)) err(`two pages have the id "${p.id}"`);
    ids.add(p.id);
  }
  const assets: Asset[] = [];
  const hosts = isObject(details.assets) ? Object.values(details.assets) : [];
  for (const list of hosts) {
    if (!Array.isArray(list)) continue;
    for (const a of list) {
      if (!isObject(a) || !str(a.file)) {
        err('details.assets: every asset needs a "file"');
        continue;
      }
      const f = str(a.file) as string;
      if (!SAFE_FILE.test(f)) {
        err(`details.assets: "${f}" must be a file inside the scenario's assets folder`);
        continue;
      }
      assets.push({
        file: f,
        target: str(a.target) ?? '.',
        ...(str(a.chmod) ? { chmod: str(a.chmod) as string } : {}),
        line: lineOf(JSON.stringify(f), 'assets'),
      });
    }
  }
  if (errors.length) return { ok: false, error: errors };
  const katacoda = json.environment !== undefined && !/^challenge@/.test(str(json.type) ?? '');
  return {
    ok: true,
    value: { title: str(json.title) ?? 'Lesson', description: str(json.description) ?? '', verifyPasses: katacoda ? 'prints-done' : 'exit-0', pages, assets },
  };
}

/** `file:line: message`, as compilers print it. */
export const formatLessonError = (e: LessonError): string => `${e.file}:${e.line}: ${e.message}`;
