/**
 * Katacoda/Killercoda step markdown, parsed: the text, and the actions its
 * annotated code carries.
 *
 *   `cmd`{{execute}}  `cmd`{{execute T2}}  `cmd`{{execute interrupt T1}}
 *   `^C`{{execute ctrl-seq T1}}  `text`{{copy}}  `file`{{open}}  `x`{{}}
 *   `cmd`{{execute no-newline}} (typed, not run)  `cmd`{{execute HOST2}} (= T2)
 *   Killercoda: {{exec}}, {{exec interrupt}}; and the same after a closing fence:
 *   ```
 *   cmd
 *   ```{{execute T2}}
 *   A code span may run over several lines (`mkdir x⏎cd x`{{execute}}): one
 *   action, newlines kept. Fences take info strings (```yaml{10,11}, ```bash
 *   title="x": the first word is the language). A fence left open is closed
 *   at the end of the page, with a warning on the page.
 *
 * KubeLab's own additions are HTML comments (invisible to any other renderer),
 * each on the line after the command it belongs to:
 *   <!-- kubelab without docker: etcdctl get /registry/minions/controlplane -->
 *      run this instead when `docker` cannot be used here (several chain);
 *   <!-- kubelab expect-exit 1 -->
 *      the command succeeds with this exit code (e.g. a grep that finds nothing).
 * Links `[text](kubelab:cluster/api/v1/nodes/x)` and `[text](kubelab:etcd/registry/…)`
 * become buttons that reveal the object or key in KubeLab's views.
 *
 * Pure: a malformed annotation is a LessonError with its line and why.
 */
import type { Result } from '../result';
import { actionOf } from './annotations';
import { fillPlaceholders, PLACEHOLDER } from './placeholders';
import { preBlockOf, type WriteBlock } from './write';

export { actionOf, controlSequence } from './annotations';

export type TerminalName = `T${number}`;

export interface Alternative {
  /** The tool the command before this one needs (`docker`). */
  readonly without: string;
  readonly command: string;
}

export type Action =
  | {
      readonly type: 'execute';
      readonly terminal: TerminalName;
      readonly interrupt: boolean;
      readonly command: string;
      readonly alternatives: readonly Alternative[];
      readonly expectExit: number;
      /** false for {{execute no-newline}}: the command is typed into the terminal, not run. */
      readonly enter: boolean;
    }
  | { readonly type: 'ctrl-seq'; readonly terminal: TerminalName; readonly sequence: string }
  | { readonly type: 'copy'; readonly text: string }
  | { readonly type: 'open'; readonly path: string }
  /** Katacoda's copy-to-editor block: a file of the working folder written on the learner's click. */
  | ({ readonly type: 'write' } & WriteBlock);

export type Part =
  | { readonly kind: 'text'; readonly text: string }
  /** `inline`: a code span inside a line of prose; otherwise a block of its own. */
  | { readonly kind: 'action'; readonly action: Action; readonly index: number; readonly line: number; readonly inline: boolean; readonly lang?: string };

export interface LessonError {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface ParsedStep {
  readonly parts: readonly Part[];
  readonly actions: readonly Action[];
  /** What the page gets wrong but KubeLab can read anyway (also shown on the page). */
  readonly warnings: readonly LessonError[];
}

/**
 * An opening fence and its info string: a language word, then attributes after a space or `{`
 * (```yaml{2,3}, ```bash title="x"). Never a line with {{; and not ```code( … — authors also
 * wrote code right after three backticks, as a code span over several lines.
 */
const FENCE = /^(\s*)(`{3,}|~{3,})(?!.*\{\{)\s*([\w+#.-]*)(?:[\s{][^`]*)?$/;
const CLOSING = /^\s*(`{3,}|~{3,})\s*(\{\{([^}]*)\}\})?\s*$/;
/** A code span: a run of backticks, then the same run (whole runs only, as Markdown pairs them), maybe an annotation. */
const INLINE = /(?<!`)(`+)(?!`)([\s\S]+?)(?<!`)\1(?!`)(\{\{([^{}]*)\}\})?/g;
const SPAN = /(?<!`)(`+)(?!`)([\s\S]+?)(?<!`)\1(?!`)/g;
const STRAY = /\{\{\s*(execute|exec|copy|open)\b[^}]*\}?\}?/;
const COMMENT = /^\s*<!--\s*kubelab\b(.*?)-->\s*$/;
/** A code line that ends with the closing fence and its annotation: `cp a b```{{execute}}`. */
const TRAILING_CLOSE = /^(.*\S)(`{3,}|~{3,})\{\{([^}]*)\}\}\s*$/;
/** Raw HTML `<pre>`: text up to `</pre>` (an example of the syntax), or Katacoda's copy-to-editor block, a write action. */
const PRE_OPEN = /^\s*<pre\b/i;
/** Parses one step's markdown; refused when anything in it is wrong. */
export function parseStep(text: string, file: string): Result<ParsedStep, LessonError[]> {
  const r = readStep(text, file);
  return r.errors.length ? { ok: false, error: r.errors } : { ok: true, value: r.step };
}

/**
 * Reads one step's markdown as far as it can: the step (an annotation that is wrong stays
 * text, never an action) and what is wrong in it.
 */
export function readStep(source: string, file: string): { step: ParsedStep; errors: LessonError[] } {
  const { text, filled } = fillPlaceholders(source);
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const parts: Part[] = [];
  const actions: Action[] = [];
  const errors: LessonError[] = [];
  const warnings: LessonError[] = [];
  let lastAction: { at: number; onlyBlankSince: boolean } | undefined;
  const err = (line: number, message: string) => errors.push({ file, line, message });
  const pushText = (t: string) => {
    if (!t) return;
    if (lastAction && t.trim()) lastAction.onlyBlankSince = false;
    const prev = parts[parts.length - 1];
    if (prev?.kind === 'text') parts[parts.length - 1] = { kind: 'text', text: prev.text + t };
    else parts.push({ kind: 'text', text: t });
  };
  const pushAction = (action: Action, line: number, inline: boolean, lang?: string) => {
    const part: Extract<Part, { kind: 'action' }> = { kind: 'action', action, index: actions.length, line, inline, ...(lang ? { lang } : {}) };
    actions.push(action);
    parts.push(part);
    lastAction = { at: parts.length - 1, onlyBlankSince: true };
  };

  for (let i = 0; i < lines.length; i++) {
    const first = lines[i] as string;
    const n = i + 1;
    if (PRE_OPEN.test(first)) {
      let j = i;
      while (j < lines.length - 1 && !/<\/pre>/i.test(lines[j] as string)) j++;
      const block = lines.slice(i, j + 1).join('\n');
      const pre = preBlockOf(block);
      if (typeof pre === 'string') err(n, pre);
      if (pre && typeof pre !== 'string') {
        if ('copy' in pre) pushAction({ type: 'copy', text: pre.copy }, n, false, '');
        else pushAction({ type: 'write', ...pre }, n, false, /\.(\w+)$/.exec(pre.file)?.[1]);
        if (j < lines.length - 1) pushText('\n');
      } else pushText(block + (j < lines.length - 1 ? '\n' : ''));
      i = j;
      continue;
    }
    const comment = COMMENT.exec(first);
    if (comment) {
      const target = lastAction?.onlyBlankSince ? parts[lastAction.at] : undefined;
      const applied = applyDirective((comment[1] as string).trim(), target?.kind === 'action' ? target : undefined);
      if (typeof applied === 'string') err(n, applied);
      else if (lastAction) {
        parts[lastAction.at] = applied;
        actions[applied.index] = applied.action;
      }
      continue;
    }
    const open = FENCE.exec(first);
    if (open) {
      const fence = open[2] as string;
      const body: string[] = [];
      let j = i + 1;
      let close: RegExpExecArray | null = null;
      for (; j < lines.length; j++) {
        const c = CLOSING.exec(lines[j] as string);
        if (c && (c[1] as string)[0] === fence[0] && (c[1] as string).length >= fence.length) {
          close = c;
          break;
        }
        // Katacoda also closed a block with the fence and its annotation at the end of the last code line.
        const tail = TRAILING_CLOSE.exec(lines[j] as string);
        if (tail && (tail[2] as string)[0] === fence[0] && (tail[2] as string).length >= fence.length) {
          // Then what followed the opening backticks was code too (```def f = {⏎…⏎}```{{execute}}).
          const after = first.slice((open[1] as string).length + fence.length);
          if (after.trim()) body.unshift(after);
          body.push(tail[1] as string);
          close = CLOSING.exec(`${tail[2]}{{${tail[3]}}}`);
          break;
        }
        body.push(lines[j] as string);
      }
      if (!close) {
        // As Markdown does: the block runs to the end of the page. Said on the page too.
        const message = 'the code fence opened here is never closed: it runs to the end of the page';
        warnings.push({ file, line: n, message });
        pushText(`> ⚠ ${file.split('/').pop() ?? file}:${n}: ${message}\n\n${lines.slice(i).join('\n')}\n${fence}\n`);
        break;
      }
      const code = body.join('\n');
      if (close[2] !== undefined) {
        const a = actionOf(close[3] as string, code);
        if (typeof a === 'string') err(j + 1, a);
        else if (a) {
          pushAction(a, j + 1, false, open[3] || undefined);
          if (j < lines.length - 1) pushText('\n');
          i = j;
          continue;
        }
      }
      pushText([first, ...body, (lines[j] as string).replace(/\{\{[^}]*\}\}\s*$/, '')].join('\n') + (j < lines.length - 1 ? '\n' : ''));
      i = j;
      continue;
    }
    // Prose: inline code spans, some annotated. A span left open runs on to the line that closes it.
    const last = spanEnd(lines, i);
    const line = lines.slice(i, last + 1).join('\n');
    const nl = last < lines.length - 1 ? '\n' : '';
    i = last;
    let consumed = 0;
    const onlyAction = /^\s*(`+)(?!`)([\s\S]+?)(?<!`)\1\{\{[^{}]*\}\}\s*$/.test(line);
    for (const m of line.matchAll(INLINE)) {
      if (m[3] === undefined) continue;
      const before = line.slice(consumed, m.index);
      checkStray(before, n, err);
      pushText(before);
      const a = actionOf(m[4] as string, m[2] as string);
      if (typeof a === 'string') {
        err(n, a);
        pushText(m[0]);
      } else if (a) pushAction(a, n, !onlyAction);
      else pushText(`${m[1]}${m[2]}${m[1]}`);
      consumed = (m.index ?? 0) + m[0].length;
    }
    const rest = line.slice(consumed);
    checkStray(rest.replace(INLINE, ''), n, err);
    pushText(rest + nl);
  }
  // Nothing goes to a terminal with a placeholder no machine here can fill: such a command is shown as code.
  const kept: Part[] = filled
    ? [{ kind: 'text', text: '> The scenario machine is this one: its addresses on the scenario platform are written here as http://localhost:PORT.\n\n' }]
    : [];
  const runnable: Action[] = [];
  for (const p of parts) {
    if (p.kind !== 'action') kept.push(p);
    else if (p.action.type === 'execute' && PLACEHOLDER.test(p.action.command)) {
      err(p.line, `${PLACEHOLDER.exec(p.action.command)?.[0]} is an address of the scenario platform that no machine here has: the command does not run`);
      kept.push({ kind: 'text', text: p.inline ? `\`${p.action.command}\`` : `\`\`\`\n${p.action.command}\n\`\`\`\n` });
    } else {
      kept.push({ ...p, index: runnable.length });
      runnable.push(p.action);
    }
  }
  return { step: { parts: kept, actions: runnable, warnings }, errors };
}

/**
 * The last line of the prose that starts at line `i`: `i` itself, unless a code span opens
 * there and closes on a later line of the same paragraph (before a blank line or a fence).
 */
function spanEnd(lines: readonly string[], i: number): number {
  const open = /(?<!`)`+(?!`)/.exec((lines[i] as string).replace(SPAN, ''))?.[0];
  if (!open) return i;
  const closes = new RegExp(`(?<!\`)${open}(?!\`)`);
  for (let j = i + 1; j < lines.length; j++) {
    const next = lines[j] as string;
    if (!next.trim() || FENCE.test(next) || CLOSING.test(next)) return i;
    if (closes.test(next)) return j;
  }
  return i;
}

function checkStray(text: string, line: number, err: (line: number, message: string) => void): void {
  const withoutCode = text.replace(SPAN, '');
  const m = STRAY.exec(withoutCode);
  if (!m) return;
  if (/`{3,}\s*$/.test(withoutCode.slice(0, m.index))) return err(line, `${m[0]} follows a closing \`\`\` whose opening fence is missing: it is not a command`);
  if (!m[0].endsWith('}}')) err(line, `"${m[0]}" is not closed with }}`);
  else err(line, `${m[0]} must follow \`code\` or a closing \`\`\` fence`);
}

function applyDirective(directive: string, target: Extract<Part, { kind: 'action' }> | undefined): Extract<Part, { kind: 'action' }> | string {
  if (!target || target.action.type !== 'execute') return `<!-- kubelab ${directive} --> must come right after a command ({{execute}})`;
  const a = target.action;
  const without = /^without\s+([\w.-]+)\s*:\s*(.+)$/.exec(directive);
  if (without)
    return { ...target, action: { ...a, alternatives: [...a.alternatives, { without: without[1] as string, command: (without[2] as string).trim() }] } };
  const exit = /^expect-exit\s+(\d{1,3})$/.exec(directive);
  if (exit) return { ...target, action: { ...a, expectExit: Number(exit[1]) } };
  return `unknown KubeLab directive "${directive}": expected "without <tool>: <command>" or "expect-exit <code>"`;
}
