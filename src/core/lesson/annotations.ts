/**
 * What a Katacoda/Killercoda annotation makes of a piece of code: `{{execute T2}}`,
 * `{{execute interrupt}}`, `{{execute no-newline}}`, `{{execute ctrl-seq}}`, `{{copy}}`,
 * `{{open}}`, Killercoda's `{{exec}}`, `{{}}` (plain code). Pure.
 */
import type { Action, TerminalName } from './katacoda';

const TERMINAL = /^(?:T|HOST)([1-9])$/;

/** The action an annotation makes of a piece of code; a string is the error. */
export function actionOf(annotation: string, code: string): Action | null | string {
  const words = annotation.trim().split(/\s+/).filter(Boolean);
  const [keyword, ...rest] = words;
  if (keyword === undefined) return null; // Killercoda's {{}}: plain code
  if (keyword === 'copy' || keyword === 'open') {
    if (rest.length) return `{{${keyword}}} takes no words, found "${rest.join(' ')}"`;
    return keyword === 'copy' ? { type: 'copy', text: code } : { type: 'open', path: code.trim() };
  }
  if (keyword !== 'execute' && keyword !== 'exec') return `unknown annotation {{${annotation.trim()}}}: expected execute, exec, copy or open`;
  let terminal: TerminalName = 'T1';
  let interrupt = false;
  let ctrlSeq = false;
  let named = false;
  let enter = true;
  for (const w of rest) {
    const t = TERMINAL.exec(w);
    if (t && !named) {
      terminal = `T${Number(t[1])}`;
      named = true;
    } else if (w === 'interrupt' && !interrupt) interrupt = true;
    else if (w === 'ctrl-seq' && !ctrlSeq) ctrlSeq = true;
    else if (w === 'no-newline' && enter) enter = false;
    else if (/^test-[\w-]+$/.test(w))
      continue; // Katacoda's automated-test ids: nothing to do here
    else return `unknown or repeated word "${w}" in {{${annotation.trim()}}}: expected interrupt, ctrl-seq, no-newline, T1…T9 or HOST1…HOST9`;
  }
  if (ctrlSeq) {
    if (interrupt) return `{{${annotation.trim()}}}: ctrl-seq and interrupt do not go together`;
    const seq = controlSequence(code);
    if (seq === undefined) return `{{${annotation.trim()}}} needs a control sequence such as ^C, found "${code}"`;
    return { type: 'ctrl-seq', terminal, sequence: code.trim() };
  }
  if (!code.trim()) return `{{${annotation.trim()}}} follows empty code`;
  return { type: 'execute', terminal, interrupt, command: code.replace(/\n$/, ''), alternatives: [], expectExit: 0, enter };
}

/** `^C` → "\x03", `^ESC` → "\x1b"; undefined when the text is not one control character. */
export function controlSequence(text: string): string | undefined {
  if (/^\^ESC$/i.test(text.trim())) return '\x1b';
  const m = /^\^([A-Za-z@[\\\]^_?])$/.exec(text.trim());
  if (!m) return undefined;
  const c = (m[1] as string).toUpperCase();
  return c === '?' ? '\x7f' : String.fromCharCode(c.charCodeAt(0) - 64);
}
