/**
 * Steps that check themselves, as pure rules: whether a verify script passed
 * (by the scenario's rule, core/lesson/scenario.ts), and the lesson's progress
 * (which pages can be done, how many are).
 */
import type { Action } from './katacoda';
import type { PageScripts, VerifyRule } from './scenario';

export interface ScriptRun {
  /** null when the script did not end by itself (a signal, the deadline). */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Katacoda: a line of output that reads `done`; Killercoda and challenges: exit code 0. */
export function verifyPassed(rule: VerifyRule, run: ScriptRun): boolean {
  if (run.timedOut) return false;
  return rule === 'prints-done' ? run.stdout.split('\n').some((l) => l.trim() === 'done') : run.exitCode === 0;
}

/** What the learner is shown of a failed check: the last lines the script printed. */
export function checkOutput(run: ScriptRun, maxLines = 8): string {
  const lines = `${run.stdout}\n${run.stderr}`.split('\n').filter((l) => l.trim());
  return lines.slice(-maxLines).join('\n');
}

interface CountablePage {
  readonly step: { readonly actions: readonly Action[] };
  readonly scripts: Pick<PageScripts, 'verify'>;
}

/** Pages that can be done: those with a command to run or a verify script. */
export const countable = (p: CountablePage): boolean => !!p.scripts.verify || p.step.actions.some((a) => a.type === 'execute');

export function progressOf(pages: readonly CountablePage[], done: ReadonlySet<number>): { done: number; total: number } {
  const can = pages.flatMap((p, i) => (countable(p) ? [i] : []));
  return { done: can.filter((i) => done.has(i)).length, total: can.length };
}
