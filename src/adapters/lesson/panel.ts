/**
 * A lesson the user opened (any Katacoda/Killercoda scenario folder), shown in
 * a webview: its pages with the same buttons as the walkthrough, and beside
 * each command how it ended (✓, or ✗ with the exit code). Markdown is rendered
 * by VS Code's markdown extension; scripts of the lesson itself never run
 * (the page allows only KubeLab's own script, by nonce).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Lesson } from '../../core/lesson/lesson';
import { commandUri, renderStep } from '../../core/lesson/render';
import { CommandId, WebviewId } from '../../ids';
import { verifyRuleText, type LessonChecks } from './checks';
import type { LessonRunner } from './runner';

/** A lesson file's path as the lesson's author knows it: relative to the lesson folder. */
const relativeTo = (folder: string, file: string): string => (file.startsWith(`${folder}/`) ? file.slice(folder.length + 1) : file);

const progressText = (done: number, total: number) => vscode.l10n.t('{0} of {1} steps done', done, total);

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function toHtml(markdown: string): Promise<string> {
  try {
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    if (typeof html === 'string') return html;
  } catch {
    // the markdown extension is disabled: show the source
  }
  return `<pre>${escapeHtml(markdown)}</pre>`;
}

export async function showLessonPanel(lesson: Lesson, runner: LessonRunner, checks: LessonChecks): Promise<vscode.WebviewPanel> {
  const panel = vscode.window.createWebviewPanel(WebviewId.lesson, lesson.title, vscode.ViewColumn.Active, {
    enableScripts: true,
    enableCommandUris: [
      CommandId.lessonRun,
      CommandId.lessonRunStep,
      CommandId.lessonCheck,
      CommandId.lessonSetup,
      CommandId.lessonReset,
      CommandId.clusterReveal,
      CommandId.etcdReveal,
      CommandId.etcdShowHistory,
    ],
    localResourceRoots: [],
  });
  const progress = runner.progress.of(lesson);
  const link = (command: string, args: unknown[], cls: string, text: string) =>
    `<a class="${cls}" href="${escapeHtml(commandUri(command, args))}">${escapeHtml(text)}</a>`;
  const nonce = randomBytes(16).toString('base64');
  const pages: string[] = [];
  for (const [i, p] of lesson.pages.entries()) {
    const { markdown } = renderStep(p.step.parts, { lesson: lesson.id, page: i }, vscode.l10n.t);
    const runs = p.step.actions.some((a) => a.type === 'execute');
    const button = runs
      ? `<p><a class="step" href="${escapeHtml(commandUri(CommandId.lessonRunStep, [lesson.id, i]))}">▶ ${escapeHtml(vscode.l10n.t('Run the whole step'))}</a></p>`
      : '';
    const problems = p.problems.length
      ? `<div class="problems"><p>${escapeHtml(vscode.l10n.t('This page has problems; what they touch is shown as text and does not run:'))}</p><ul>${p.problems
          .map((e) => `<li><code>${escapeHtml(`${relativeTo(lesson.folder, e.file)}:${e.line}`)}</code> ${escapeHtml(e.message)}</li>`)
          .join('')}</ul></div>`
      : '';
    const { verify, background, foreground, other } = p.scripts;
    const rule = verifyRuleText(lesson.verifyPasses);
    const setup = [background, foreground].filter(Boolean).join(', ');
    const scripts = [
      setup
        ? `<p>${link(CommandId.lessonSetup, [lesson.id, i], 'setup', `⚙ ${vscode.l10n.t('Run the setup scripts')}`)} <span class="note">${escapeHtml(setup)}</span></p>`
        : '',
      other.length ? `<p class="note">${escapeHtml(vscode.l10n.t('Katacoda scripts of this step, not run by KubeLab: {0}', other.join(', ')))}</p>` : '',
    ].join('');
    const check = verify
      ? `<p>${link(CommandId.lessonCheck, [lesson.id, i], 'check', `✔ ${vscode.l10n.t('Check')}`)} <span class="note">${escapeHtml(`${verify}: ${rule}`)}</span></p><pre class="check-result" hidden></pre>`
      : '';
    const done = progress.pages.includes(i);
    pages.push(
      `<section id="page-${i}"><h2>${i + 1}. ${escapeHtml(p.title)}<span class="done"${done ? '' : ' hidden'}> ✓</span></h2>${problems}${scripts}${button}${await toHtml(markdown)}${check}</section>`,
    );
  }
  panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${panel.webview.cspSource} https: data:;">
<style nonce="${nonce}">body{font-family:var(--vscode-font-family);line-height:1.5;max-width:60em;padding:0 1em}
pre{background:var(--vscode-textCodeBlock-background);padding:.5em;overflow:auto}.status{margin-left:.5em;font-weight:bold}
.ok{color:var(--vscode-testing-iconPassed)}.failed{color:var(--vscode-testing-iconFailed)}.note{opacity:.8;font-style:italic}
.problems{border-left:3px solid var(--vscode-editorError-foreground);padding-left:.75em}
.check-result{white-space:pre-wrap}.progress{font-weight:bold}</style>
</head><body><h1>${escapeHtml(lesson.title)}</h1><p>${escapeHtml(lesson.description)}</p>
<p class="note">${escapeHtml(vscode.l10n.t('From {0}. KubeLab shows each command before it runs.', lesson.folder))}</p>
<p class="progress"${progress.total ? '' : ' hidden'}><span id="progress">${escapeHtml(progressText(progress.done, progress.total))}</span> · ${link(CommandId.lessonReset, [lesson.id], 'reset', vscode.l10n.t('Reset'))}</p>
${pages.join('\n')}
<script nonce="${nonce}">
window.addEventListener('message', (e) => {
  const m = e.data;
  if (m.kind === 'progress') {
    document.getElementById('progress').textContent = m.text;
    for (const s of document.querySelectorAll('section')) s.querySelector('.done').hidden = !m.pages.includes(Number(s.id.slice(5)));
    if (m.done === 0) for (const s of document.querySelectorAll('.status, .check-result')) { s.textContent = ''; if (s.tagName === 'PRE') s.hidden = true; }
    return;
  }
  if (m.kind === 'check') {
    const r = document.querySelector('#page-' + m.page + ' .check-result');
    if (r) { r.hidden = false; r.className = 'check-result ' + (m.passed === true ? 'ok' : m.passed === false ? 'failed' : ''); r.textContent = m.text; }
    return;
  }
  for (const a of document.querySelectorAll('a[href^="command:${CommandId.lessonRun}?"]')) {
    let args; try { args = JSON.parse(decodeURIComponent(a.getAttribute('href').split('?')[1])); } catch { continue; }
    if (args[1] !== m.page || args[2] !== m.index) continue;
    let s = a.nextElementSibling && a.nextElementSibling.classList.contains('status') ? a.nextElementSibling : null;
    if (!s) { s = document.createElement('span'); s.className = 'status'; a.after(s); }
    s.className = 'status ' + (m.outcome === 'ok' ? 'ok' : m.outcome === 'failed' ? 'failed' : '');
    s.textContent = m.text;
  }
  if (m.stepDone) document.querySelector('#page-' + m.page + ' .done').hidden = false;
});
</script></body></html>`;
  const sub = runner.onDidRun((e) => {
    if (e.lesson !== lesson.id) return;
    const text =
      e.outcome === 'ok'
        ? '✓'
        : e.outcome === 'failed'
          ? vscode.l10n.t('✗ exit code {0}', e.exitCode ?? '?')
          : e.outcome === 'sent'
            ? vscode.l10n.t('sent')
            : e.outcome === 'written'
              ? vscode.l10n.t('✓ written')
              : e.outcome === 'declined'
                ? ''
                : e.outcome === 'unknown'
                  ? '?'
                  : '';
    void panel.webview.postMessage({ kind: 'run', page: e.page, index: e.index, outcome: e.outcome, text, stepDone: e.stepDone });
  });
  const subs = [
    sub,
    checks.onDidCheck((e) => e.lesson === lesson.id && void panel.webview.postMessage({ kind: 'check', page: e.page, passed: e.passed, text: e.text })),
    runner.progress.onDidChange(
      (e) => e.lesson === lesson.id && void panel.webview.postMessage({ kind: 'progress', done: e.done, pages: e.pages, text: progressText(e.done, e.total) }),
    ),
  ];
  panel.onDidDispose(() => subs.forEach((d) => d.dispose()));
  return panel;
}
