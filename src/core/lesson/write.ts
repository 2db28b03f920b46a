/**
 * Katacoda's copy-to-editor blocks, as pure functions: a
 * `<pre class="file" data-filename="app.js" data-target="replace">…</pre>`
 * is a "Write to file" action (replace the file, append or prepend to it, or
 * insert in place of a marker with `data-target="insert" data-marker="#TODO"`),
 * a `<pre class="file">` without a file is a Copy button, and what the
 * file holds after it. The file lands in the lesson's working folder: a
 * relative name, or the learner's home on those platforms (`/root/…`,
 * `~/…`); any other place is refused.
 */
export type WriteMode = 'replace' | 'append' | 'prepend' | 'insert';

export interface WriteBlock {
  /** The path inside the working folder. */
  readonly file: string;
  readonly mode: WriteMode;
  readonly marker?: string;
  readonly content: string;
}

/** Where a lesson's file lands in the working folder (as assets do); undefined: outside it. */
export function workPath(target: string): string | undefined {
  const home = /^(?:~|\/root|\/home\/[^/]+)(?:\/(.*))?$/.exec(target.trim());
  const rel = home ? (home[1] ?? '') : target.trim();
  if (rel.startsWith('/') || rel.split('/').includes('..')) return undefined;
  return rel;
}

const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
};

const NAMED: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&', nbsp: '\u00a0' };
/** HTML's character references, as authors wrote them in `<pre>` blocks (`&lt;`, `&#x22;`, `&#39;`). */
const unescapeHtml = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });

/**
 * A `<pre …>…</pre>` block: a WriteBlock when it is a copy-to-editor block (`class="file"` with a
 * `data-filename`), `{ copy }` when it is Katacoda's copy-to-clipboard block (`class="file"`
 * without a file name, or `data-target="clipboard"`), undefined for any other `<pre>` (text), and
 * a string when it is one of them but cannot be written.
 */
export function preBlockOf(block: string): WriteBlock | { readonly copy: string } | string | undefined {
  const open = /^\s*<pre\b([^>]*)>/i.exec(block);
  if (!open) return undefined;
  const tag = open[1] as string;
  if (!(attr(tag, 'class') ?? '').split(/\s+/).includes('file')) return undefined;
  const body = block.slice(open[0].length).replace(/<\/pre>\s*$/i, '');
  const content = unescapeHtml(body.replace(/^\r?\n/, ''));
  const filename = attr(tag, 'data-filename');
  const target = (attr(tag, 'data-target') ?? 'replace').toLowerCase();
  if (filename === undefined || target === 'clipboard') return { copy: content.replace(/\n$/, '') };
  const file = workPath(filename);
  if (!file || file.endsWith('/')) return `data-filename="${filename}" is not a file in the lesson's working folder (KubeLab writes only there)`;
  if (target !== 'replace' && target !== 'append' && target !== 'prepend' && target !== 'insert')
    return `data-target="${target}": expected replace, append, prepend, insert or clipboard`;
  const marker = attr(tag, 'data-marker');
  if (target === 'insert' && !marker) return 'data-target="insert" needs a data-marker (the text in the file to put the block at)';
  return { file, mode: target, ...(marker ? { marker: unescapeHtml(marker) } : {}), content };
}

/** What the file holds after the block is written; a string error when an insert finds no marker. */
export function applyWrite(current: string | undefined, w: WriteBlock): { text: string } | { error: string } {
  if (w.mode === 'replace' || current === undefined) {
    if (w.mode === 'insert') return { error: `${w.file} does not exist yet, so it has no ${JSON.stringify(w.marker)} to insert at` };
    return { text: w.content };
  }
  if (w.mode === 'append') return { text: current + (current === '' || current.endsWith('\n') ? '' : '\n') + w.content };
  if (w.mode === 'prepend') return { text: w.content + (w.content === '' || w.content.endsWith('\n') ? '' : '\n') + current };
  const at = current.indexOf(w.marker as string);
  if (at < 0) return { error: `${w.file} has no ${JSON.stringify(w.marker)} to insert at` };
  return { text: current.slice(0, at) + w.content + current.slice(at + (w.marker as string).length) };
}
