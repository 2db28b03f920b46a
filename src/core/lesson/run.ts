/**
 * What running a lesson action means, as pure functions: which variant of a
 * command runs here, what goes to which terminal, whether an exit code is a
 * success, when a step is done, what a failure probably means, and the
 * environment the lesson's terminals carry.
 */
import type { Translate } from '../l10n';
import type { Action, ParsedStep, TerminalName } from './katacoda';
import { controlSequence } from './katacoda';
import type { WriteBlock } from './write';

export type Plan =
  | {
      readonly kind: 'execute';
      readonly terminal: TerminalName;
      readonly interrupt: boolean;
      readonly command: string;
      readonly expectExit: number;
      /** Set when an alternative runs: the tool that cannot be used and the lesson's own command. */
      readonly instead?: { readonly tool: string; readonly original: string };
    }
  | { readonly kind: 'send'; readonly terminal: TerminalName; readonly text: string }
  | { readonly kind: 'copy'; readonly text: string }
  | { readonly kind: 'open'; readonly path: string }
  | ({ readonly kind: 'write' } & WriteBlock);

/**
 * The plan for one action. `usable(tool)` says whether a tool works here
 * (docker: its CLI is there and its daemon answers). A command runs as
 * written unless the tool its first alternative names is unusable; then the
 * next one is tried, and so on: the chain is docker → crictl → … .
 */
export function planAction(a: Action, usable: (tool: string) => boolean): Plan {
  switch (a.type) {
    case 'copy':
      return { kind: 'copy', text: a.text };
    case 'open':
      return { kind: 'open', path: a.path };
    case 'write': {
      const { type: _type, ...block } = a;
      return { kind: 'write', ...block };
    }
    case 'ctrl-seq':
      return { kind: 'send', terminal: a.terminal, text: controlSequence(a.sequence) ?? '' };
    case 'execute': {
      // {{execute no-newline}}: typed into the terminal for the learner to finish, not run.
      if (!a.enter) return { kind: 'send', terminal: a.terminal, text: a.command };
      let command = a.command;
      let instead: { tool: string; original: string } | undefined;
      for (const alt of a.alternatives) {
        if (usable(alt.without)) break;
        instead = { tool: alt.without, original: a.command };
        command = alt.command;
      }
      return { kind: 'execute', terminal: a.terminal, interrupt: a.interrupt, command, expectExit: a.expectExit, ...(instead ? { instead } : {}) };
    }
  }
}

/** The tools whose use the actions' alternatives depend on. */
export const toolsOf = (actions: readonly Action[]): string[] => [
  ...new Set(actions.flatMap((a) => (a.type === 'execute' ? a.alternatives.map((x) => x.without) : []))),
];

export type Outcome = 'ok' | 'failed' | 'unknown';

/** undefined exit code: the shell did not say (Ctrl+C, a subshell, no shell integration). */
export function outcomeOf(exitCode: number | undefined, expectExit: number): Outcome {
  if (exitCode === undefined) return 'unknown';
  return exitCode === expectExit ? 'ok' : 'failed';
}

/** A step is done when each of its commands has succeeded at least once. */
export function stepDone(step: Pick<ParsedStep, 'actions'>, succeeded: ReadonlySet<number>): boolean {
  const commands = step.actions.flatMap((a, i) => (a.type === 'execute' ? [i] : []));
  return commands.length > 0 && commands.every((i) => succeeded.has(i));
}

/** A likely reason and next move for a failed lesson command. */
export function failureHint(command: string, exitCode: number, t: Translate): string | undefined {
  if (exitCode === 127) return t('The shell did not find the program: install it or add it to PATH.');
  if (exitCode === 130) return t('The command was interrupted (Ctrl+C).');
  if (/\bcurl\b/.test(command) && exitCode === 7) return t('Nothing answered on that port: is the API server proxy from the first step running (jobs in T1)?');
  if (/\betcdctl\b/.test(command))
    return t("etcdctl could not read: check the endpoint and certificates in KubeLab's etcd settings (they become ETCDCTL_* in the terminal).");
  if (/\|\s*jq\b/.test(command) && (exitCode === 4 || exitCode === 5))
    return t('jq could not parse what came in: the server answered with something that is not JSON.');
  return undefined;
}

export interface TerminalSettings {
  readonly kubeconfig?: string;
  readonly etcd?: { readonly endpoints: readonly string[]; readonly caFile?: string; readonly certFile?: string; readonly keyFile?: string };
  /** Folders put in front of PATH (the lab's binaries). */
  readonly pathPrepend?: readonly string[];
  readonly currentPath?: string;
  /** `etcdctl version` of the etcdctl on PATH, when known. */
  readonly etcdctlVersion?: string;
}

/**
 * The environment of T1/T2: KUBECONFIG and ETCDCTL_* from KubeLab's settings.
 * ETCDCTL_API=3 is set for etcdctl before 3.6 (3.3 and older default to the
 * v2 API); etcdctl 3.6 has only v3 and warns about the variable on every command.
 */
export function terminalEnv(s: TerminalSettings): Record<string, string> {
  const env: Record<string, string> = {};
  if (s.kubeconfig) env.KUBECONFIG = s.kubeconfig;
  if (s.etcd && s.etcd.endpoints.length) {
    env.ETCDCTL_ENDPOINTS = s.etcd.endpoints.join(',');
    if (s.etcd.caFile) env.ETCDCTL_CACERT = s.etcd.caFile;
    if (s.etcd.certFile) env.ETCDCTL_CERT = s.etcd.certFile;
    if (s.etcd.keyFile) env.ETCDCTL_KEY = s.etcd.keyFile;
  }
  if (needsEtcdctlApi(s.etcdctlVersion)) env.ETCDCTL_API = '3';
  if (s.pathPrepend?.length) env.PATH = [...s.pathPrepend, s.currentPath ?? ''].filter(Boolean).join(':');
  return env;
}

export function needsEtcdctlApi(version: string | undefined): boolean {
  const m = /(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return true;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major < 3 || (major === 3 && minor < 6);
}
