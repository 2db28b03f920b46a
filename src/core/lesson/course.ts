/**
 * Courses: folders that hold several scenarios. Killercoda's `structure.json`
 * (`items: [{ path, title, description }]`) and Katacoda's pathways
 * (`<name>-pathway.json` with `courses: [{ course_id, title, description }]`,
 * each course in `<name>/<course_id>/`). Read into the scenarios a learner
 * picks from; paths stay inside the course folder. Pure.
 */
export interface CourseEntry {
  /** The scenario's folder, relative to the course folder. */
  readonly path: string;
  readonly title: string;
  readonly description: string;
}

export interface Course {
  readonly title: string;
  readonly entries: readonly CourseEntry[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const SAFE_PATH = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\0]+$/;

function parse(text: string): Json | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Killercoda's structure.json. */
export function structureEntries(text: string): Course | undefined {
  const json = parse(text);
  if (!json || !Array.isArray(json.items)) return undefined;
  const entries = json.items.flatMap((i): CourseEntry[] => {
    const path = isObject(i) ? str(i.path).replace(/\/+$/, '') : '';
    return path && SAFE_PATH.test(path) && isObject(i) ? [{ path, title: str(i.title) || path, description: str(i.description) }] : [];
  });
  return { title: str(json.title), entries };
}

/** A Katacoda pathway file `<name>-pathway.json`: its courses, in `<name>/<course_id>`. */
export function pathwayEntries(fileName: string, text: string): Course | undefined {
  const json = parse(text);
  const name = /^(.+)-pathway\.json$/.exec(fileName)?.[1];
  if (!json || !name || !Array.isArray(json.courses)) return undefined;
  const entries = json.courses.flatMap((c): CourseEntry[] => {
    const id = isObject(c) ? str(c.course_id) || str(c.id).split('/').pop() || '' : '';
    const path = `${name}/${id}`;
    return id && SAFE_PATH.test(path) && isObject(c) ? [{ path, title: str(c.title) || id, description: str(c.description) }] : [];
  });
  return { title: str(json.title), entries };
}
