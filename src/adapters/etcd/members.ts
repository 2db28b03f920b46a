/**
 * The commands of the etcd view's Members list: Check Consistency (the members' hashes of the store
 * at one revision, side by side), and in the lab only Stop Member / Start Member (the lab's own
 * processes, to watch an election; never a user's cluster).
 */
import * as vscode from 'vscode';
import { compareHashes, type HashAnswer } from '../../core/etcd/members';
import { holdAndStop, release } from '../../infra/labControl';
import { describeFailure } from '../failures';
import type { Command } from '../services';

/** What Check Consistency found, also for tests. */
export interface ConsistencyReport {
  readonly revision: string;
  readonly answers: readonly HashAnswer[];
  readonly equal: boolean;
  readonly text: string;
}

export const etcdCheckConsistency: Command = (s) => async (): Promise<ConsistencyReport | undefined> => {
  const r = await s.etcdSession.open();
  if (!r?.ok) {
    void vscode.window.showErrorMessage(r ? describeFailure(r.error) : vscode.l10n.t('Not connected to etcd'));
    return undefined;
  }
  const m = await r.value.members();
  if (!m.ok) {
    void vscode.window.showErrorMessage(describeFailure(m.error));
    return undefined;
  }
  // One revision every member that answers has applied: the lowest they report.
  const revisions = m.value.answers.flatMap((a) => ('status' in a ? [BigInt(a.status.revision)] : []));
  if (!revisions.length) {
    void vscode.window.showErrorMessage(vscode.l10n.t('No etcd member answered.'));
    return undefined;
  }
  const revision = revisions.reduce((a, b) => (b < a ? b : a)).toString();
  const h = await r.value.hashes(revision);
  if (!h.ok) {
    void vscode.window.showErrorMessage(describeFailure(h.error));
    return undefined;
  }
  const nameOf = (memberId: string | undefined, endpoint: string) =>
    m.value.list.find((x) => x.id === memberId)?.name ?? m.value.list.find((x) => x.clientUrls.includes(endpoint))?.name ?? endpoint;
  const answers: HashAnswer[] = h.value.map((a) => ({
    name: nameOf(a.memberId, a.endpoint),
    ...(a.hash !== undefined ? { hash: a.hash, compactRevision: a.compactRevision } : { error: a.error }),
  }));
  const c = compareHashes(answers);
  const failed = c.failed.map((f) => vscode.l10n.t('{0} did not answer: {1}', f.name, f.error ?? ''));
  const text = c.equal
    ? vscode.l10n.t('All {0} members hold the same keys and values up to revision {1} (hash {2}).', answers.length, revision, c.groups[0]?.hash ?? '')
    : c.groups.length > 1
      ? vscode.l10n.t(
          'The members differ at revision {0}: {1}.',
          revision,
          c.groups.map((g) => vscode.l10n.t('{0} hash {1}', g.names.join(', '), g.hash)).join('; '),
        )
      : vscode.l10n.t('{0} agree at revision {1} (hash {2}); {3}', c.groups[0]?.names.join(', ') ?? '', revision, c.groups[0]?.hash ?? '', failed.join('; '));
  s.ctx.log.info(`Check Consistency: ${text}`);
  if (c.equal) void vscode.window.showInformationMessage(text);
  else void vscode.window.showWarningMessage(text);
  return { revision, answers, equal: c.equal, text };
};

function labMember(s: Parameters<Command>[0], t: Parameters<ReturnType<Command>>[0]): { dir: string; process: string; name: string } | undefined {
  const lab = s.ctx.config().lab;
  if (t.kind !== 'etcd' || t.node.type !== 'member' || !t.node.lab || !lab?.dir) return undefined;
  return { dir: lab.dir, process: t.node.lab.process, name: t.node.row.name };
}

export const etcdStopMember: Command = (s) => async (t) => {
  const m = labMember(s, t);
  if (!m) return;
  const stop = vscode.l10n.t('Stop Member');
  const kill = vscode.l10n.t('Kill Member (as a Crash)');
  const pick = await vscode.window.showWarningMessage(
    vscode.l10n.t("Stop the lab's etcd member {0}?", m.name),
    {
      modal: true,
      detail: [
        vscode.l10n.t(
          'The lab stops its process {0} and keeps it down until Start Member. A cluster of three keeps serving with two; if {1} leads, the others elect a new leader.',
          m.process,
          m.name,
        ),
        vscode.l10n.t(
          'Stop: SIGTERM, as a kubelet stops a static pod; a leader serves its clients out first (several seconds). Kill: SIGKILL, as a crash; the others notice within the election timeout (about a second).',
        ),
      ].join('\n\n'),
    },
    stop,
    kill,
  );
  if (pick !== stop && pick !== kill) return;
  const r = holdAndStop(m.dir, m.process, pick === kill ? 'SIGKILL' : 'SIGTERM');
  if (r.ok) s.ctx.log.info(`lab: ${pick === kill ? 'killed' : 'stopped'} etcd member ${m.name} (${m.process})`);
  else void vscode.window.showErrorMessage(describeFailure(r.error));
  s.etcd.members.refresh();
};

export const etcdStartMember: Command = (s) => (t) => {
  const m = labMember(s, t);
  if (!m) return;
  release(m.dir, m.process);
  s.ctx.log.info(`lab: starting etcd member ${m.name} (${m.process}) again`);
  s.etcd.members.refresh();
};
