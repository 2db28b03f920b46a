/**
 * A parsed step as markdown with buttons: every action becomes a `command:`
 * link that runs it (kubelab.lessonRun with [lesson, page, action]); a
 * command with alternatives shows them and says when they run;
 * `kubelab:cluster/…` and `kubelab:etcd/…` links reveal the object or key in
 * KubeLab's views, `kubelab:history/<key>` shows the key's history. Used for the walkthrough's step files (at build time, in
 * English and Russian) and for lessons the user opens. Pure.
 */
import { CommandId } from '../../ids';
import type { Translate } from '../l10n';
import type { Action, LessonError, Part } from './katacoda';

export interface StepRef {
  /** `builtin`, or the folder of a lesson the user opened. */
  readonly lesson: string;
  readonly page: number;
}

/** A `command:` URI with JSON arguments, safe inside a markdown link. */
export function commandUri(command: string, args: readonly unknown[]): string {
  const q = encodeURIComponent(JSON.stringify(args)).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${command}?${q}`;
}

/** `text` as an inline code span, whatever backticks it holds. */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function fenced(text: string, lang = 'bash'): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text}\n${f}`;
}

export function actionLabel(a: Action, t: Translate): string {
  switch (a.type) {
    case 'execute':
      return a.interrupt ? t('Interrupt and run in {0}', a.terminal) : t('Run in {0}', a.terminal);
    case 'ctrl-seq':
      return t('Send {0} to {1}', a.sequence, a.terminal);
    case 'copy':
      return t('Copy');
    case 'open':
      return t('Open');
    case 'write':
      return a.mode === 'append' || a.mode === 'prepend'
        ? t('Add to {0}', a.file)
        : a.mode === 'insert'
          ? t('Insert into {0}', a.file)
          : t('Write to {0}', a.file);
  }
}

const ICON: Record<Action['type'], string> = { execute: '▶', 'ctrl-seq': '⌃', copy: '⧉', open: '↗', write: '✎' };

function renderAction(part: Extract<Part, { kind: 'action' }>, ref: StepRef, t: Translate): string {
  const a = part.action;
  const link = `[${ICON[a.type]} ${actionLabel(a, t)}](${commandUri(CommandId.lessonRun, [ref.lesson, ref.page, part.index])})`;
  const code =
    a.type === 'execute'
      ? a.command
      : a.type === 'ctrl-seq'
        ? a.sequence
        : a.type === 'copy'
          ? a.text
          : a.type === 'write'
            ? a.content.replace(/\n$/, '')
            : a.path;
  if (part.inline) return `${inlineCode(code)} ${link}`;
  const lines = [fenced(code, part.lang ?? (a.type === 'execute' ? 'bash' : '')), '', link];
  if (a.type === 'execute') {
    for (const alt of a.alternatives) {
      lines.push('', `> ${t('Where {0} cannot be used, KubeLab runs instead:', inlineCode(alt.without))} ${inlineCode(alt.command)}`);
    }
    if (a.expectExit !== 0) lines.push('', `> ${t('This command succeeds with exit code {0}.', a.expectExit)}`);
  }
  if (a.type === 'write' && a.mode === 'insert') lines.push('', `> ${t('In place of {0} in {1}.', inlineCode(a.marker ?? ''), inlineCode(a.file))}`);
  return lines.join('\n');
}

const REVEAL = /\]\(kubelab:([a-z]+)(\/[^)\s]*)\)/g;

/** The step's markdown with buttons; errors name bad `kubelab:` links. */
export function renderStep(parts: readonly Part[], ref: StepRef, t: Translate, file = ''): { markdown: string; errors: LessonError[] } {
  const errors: LessonError[] = [];
  let line = 1;
  const out = parts.map((p) => {
    if (p.kind === 'action') {
      line = p.line;
      return renderAction(p, ref, t);
    }
    const text = p.text.replace(REVEAL, (m, view: string, path: string) => {
      if (view === 'cluster') return `](${commandUri(CommandId.clusterReveal, [path])})`;
      if (view === 'etcd') return `](${commandUri(CommandId.etcdReveal, [path])})`;
      if (view === 'history') return `](${commandUri(CommandId.etcdShowHistory, [path])})`;
      errors.push({
        file,
        line,
        message: `unknown link kubelab:${view}${path}: expected kubelab:cluster/<API path>, kubelab:etcd/<key> or kubelab:history/<key>`,
      });
      return m;
    });
    line += (p.text.match(/\n/g) ?? []).length;
    return text;
  });
  return { markdown: out.join(''), errors };
}
