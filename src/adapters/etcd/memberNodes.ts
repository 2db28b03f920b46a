/** The etcd view's Members list: one node per member (core/etcd/members.ts joins what etcd says), and its summary. */
import * as vscode from 'vscode';
import { joinMembers, type MemberRow } from '../../core/etcd/members';
import type { LabFile } from '../../core/connections';
import type { Failure, Result } from '../../core/result';
import type { EtcdSession } from './session';
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
    rows.length === 1 ? vscode.l10n.t('1 member') : vscode.l10n.t('{0} members', rows.length),
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

/** How often an open Members list asks the members again. */
const MEMBERS_POLL_MS = 2000;

/**
 * The Members entry's state: the last read of the members, and while the entry is open a read every
 * few seconds that draws again only when what the rows show changed (a redraw would close a context
 * menu open on a row); the raft index and sizes, which move with every write, are in the tooltip,
 * taken from the latest read when hovered.
 */
export class MembersList {
  readonly node: EtcdNode = { type: 'members', id: 'etcd/members' };
  /** The rows of the last read, for tests and commands. */
  rows: readonly MemberRow[] = [];
  private read?: { at: number; nodes: EtcdNode[]; drawn: string };
  private poll?: NodeJS.Timeout;

  constructor(
    private readonly session: () => EtcdSession,
    private readonly lab: () => LabFile | undefined,
    private readonly fire: (n: EtcdNode) => void,
    private readonly isExpanded: (id: string) => boolean,
    private readonly itemOf: (n: EtcdNode) => vscode.TreeItem,
    private readonly message: (f: Failure) => EtcdNode,
  ) {}

  async children(): Promise<EtcdNode[]> {
    if (!this.read || Date.now() - this.read.at > MEMBERS_POLL_MS / 2) await this.update();
    this.schedule();
    return this.read?.nodes ?? [];
  }

  /** A member's tooltip from the latest read. */
  resolve(item: vscode.TreeItem, node: EtcdNode): vscode.TreeItem {
    const fresh = this.read?.nodes.find((n) => n.id === node.id);
    item.tooltip = this.itemOf(fresh ?? node).tooltip;
    return item;
  }

  /** Reads again now (after Stop / Start Member). */
  refresh(): void {
    this.read = undefined;
    this.fire(this.node);
  }

  /** A new connection: nothing of the last one is shown again. */
  forget(): void {
    this.read = undefined;
  }

  dispose(): void {
    clearTimeout(this.poll);
  }

  /** Asks the members; true when what the list shows changed. */
  private async update(): Promise<boolean> {
    const r = await this.session().open();
    if (!r?.ok) return false;
    const m = await memberNodes(r.value, this.lab());
    const nodes = m.ok ? m.value.nodes : [this.message(m.error)];
    const node = this.node as Extract<EtcdNode, { type: 'members' }>;
    if (m.ok) {
      this.rows = m.value.rows;
      node.summary = m.value.summary;
    }
    const line = (n: EtcdNode) => {
      const i = this.itemOf(n);
      return [i.label, i.description, i.contextValue];
    };
    const drawn = JSON.stringify([node.summary, ...nodes.map(line)]);
    const changed = drawn !== this.read?.drawn;
    this.read = { at: Date.now(), nodes, drawn };
    return changed;
  }

  private schedule(): void {
    clearTimeout(this.poll);
    if (!this.isExpanded(this.node.id)) return;
    this.poll = setTimeout(async () => {
      const changed = await this.update();
      void this.session().refreshStatus();
      if (changed) this.fire(this.node);
      else this.schedule();
    }, MEMBERS_POLL_MS);
  }
}
