/** The etcd view's Members list: one node per member (core/etcd/members.ts joins what etcd says), and its summary. */
import * as vscode from 'vscode';
import { joinMembers, type MemberRow } from '../../core/etcd/members';
import type { LabFile } from '../../core/connections';
import type { Result } from '../../core/result';
import type { EtcdReader } from '../../infra/etcd/client';
import { isHeld } from '../../infra/labControl';
import type { EtcdNode } from './tree';

export async function memberNodes(reader: EtcdReader, lab: LabFile | undefined): Promise<Result<{ nodes: EtcdNode[]; rows: MemberRow[]; summary: string }>> {
  const m = await reader.members();
  if (!m.ok) return m;
  const rows = joinMembers(m.value.list, m.value.answers, m.value.alarms);
  const held = (p: string) => (lab?.dir ? isHeld(lab.dir, p) : false);
  // Endpoints that answered for no listed member (a stale setting): said, not hidden.
  const stray = m.value.answers.filter((a) => 'error' in a && !rows.some((row) => row.endpoint === a.endpoint));
  const leader = rows.find((x) => x.role === 'leader');
  const down = rows.filter((x) => x.down).length;
  const summary = [
    vscode.l10n.t('{0} members', rows.length),
    leader ? vscode.l10n.t('leader {0}', leader.name) : vscode.l10n.t('no leader'),
    leader?.status ? vscode.l10n.t('term {0}', leader.status.raftTerm) : '',
    down ? vscode.l10n.t('{0} down', down) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const nodes = [
    ...rows.map((row): EtcdNode => {
      // Only the lab's own member (its client URL, not just a name another cluster may share) can be stopped.
      const process = lab?.etcdMembers?.find((x) => x.name === row.name && row.clientUrls.includes(x.clientUrl))?.process;
      return { type: 'member', id: `etcd/member/${row.id}`, row, ...(process ? { lab: { process, held: held(process) } } : {}) };
    }),
    ...stray.map((a): EtcdNode => ({
      type: 'message',
      id: `etcd/member/!/${a.endpoint}`,
      text: vscode.l10n.t('{0}: {1}', a.endpoint, 'error' in a ? a.error : ''),
      error: false,
    })),
  ];
  return { ok: true, value: { nodes, rows, summary } };
}
