/**
 * etcd as a cluster of members: the member list, each member's own status (asked of that member),
 * the cluster's alarms, joined into one row per member; and the members' KV hashes at one revision
 * compared. Pure: infra/etcd/client.ts asks etcd.
 */

/** A member as the member list names it (IDs as decimal strings: they are uint64). */
export interface ListedMember {
  readonly id: string;
  readonly name: string;
  readonly clientUrls: readonly string[];
  readonly peerUrls: readonly string[];
  readonly isLearner: boolean;
}

/** What one member says of itself (MaintenanceService.Status). */
export interface MemberStatus {
  readonly memberId: string;
  readonly version: string;
  readonly leader: string;
  readonly raftTerm: string;
  readonly raftIndex: string;
  readonly raftAppliedIndex: string;
  readonly dbSize: number;
  readonly dbSizeInUse: number;
  /** etcd 3.6+: --quota-backend-bytes (0 or absent from older members). */
  readonly dbSizeQuota?: number;
  readonly revision: string;
  readonly errors: readonly string[];
}

/** The answer of one endpoint KubeLab asked: its status, or why it gave none. */
export type EndpointAnswer = { readonly endpoint: string; readonly status: MemberStatus } | { readonly endpoint: string; readonly error: string };

export interface Alarm {
  readonly memberId: string;
  readonly alarm: string;
}

export interface MemberRow {
  readonly id: string;
  readonly name: string;
  /** The endpoint KubeLab reaches it by (a local forward through the cluster), if any. */
  readonly endpoint?: string;
  readonly clientUrls: readonly string[];
  readonly isLearner: boolean;
  readonly status?: MemberStatus;
  readonly role?: 'leader' | 'follower' | 'learner';
  /** Why it gave no status: unreachable, or no endpoint reaches it. */
  readonly down?: string;
  readonly alarms: readonly string[];
}

/** etcd's default backend quota (--quota-backend-bytes unset): 2 GiB. */
export const DEFAULT_QUOTA = 2 * 1024 ** 3;

/**
 * One row per listed member: its status from the endpoint that answered as that member (by the
 * member ID of the answer), else from the endpoint that is one of its client URLs; a member no
 * answer came from is down, with the endpoint's error when one names it. Endpoints that answered for
 * no listed member (a stale setting) are not rows; the caller names them.
 */
export function joinMembers(list: readonly ListedMember[], answers: readonly EndpointAnswer[], alarms: readonly Alarm[]): MemberRow[] {
  const leader = answers.find((a): a is Extract<EndpointAnswer, { status: MemberStatus }> => 'status' in a && a.status.leader !== '0')?.status.leader;
  return list.map((m) => {
    const answered = answers.find((a) => 'status' in a && a.status.memberId === m.id);
    const byUrl = answers.find((a) => m.clientUrls.includes(a.endpoint));
    const mine = alarms.filter((a) => a.memberId === m.id).map((a) => a.alarm);
    const base = { id: m.id, name: m.name || m.id, clientUrls: m.clientUrls, isLearner: m.isLearner, alarms: mine };
    if (answered && 'status' in answered) {
      const s = answered.status;
      const role = m.isLearner ? 'learner' : s.leader === m.id || leader === m.id ? 'leader' : 'follower';
      return { ...base, endpoint: answered.endpoint, status: s, role };
    }
    if (byUrl && 'error' in byUrl) return { ...base, endpoint: byUrl.endpoint, down: byUrl.error };
    return { ...base, down: m.name ? "none of KubeLab's endpoints reaches it" : 'not started yet (it has no name)' };
  });
}

/** The members' hashes of the key-value store at one revision: all equal, or who differs. */
export interface HashAnswer {
  readonly name: string;
  readonly hash?: string;
  readonly compactRevision?: string;
  readonly error?: string;
}

export function compareHashes(answers: readonly HashAnswer[]): { equal: boolean; groups: { hash: string; names: string[] }[]; failed: HashAnswer[] } {
  const groups: { hash: string; names: string[] }[] = [];
  for (const a of answers) {
    if (a.hash === undefined) continue;
    const g = groups.find((x) => x.hash === a.hash);
    if (g) g.names.push(a.name);
    else groups.push({ hash: a.hash, names: [a.name] });
  }
  groups.sort((a, b) => b.names.length - a.names.length);
  const failed = answers.filter((a) => a.hash === undefined);
  return { equal: groups.length === 1 && failed.length === 0, groups, failed };
}

/** Bytes as etcd's tools print them: `1.2 MB`. */
export function bytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}
