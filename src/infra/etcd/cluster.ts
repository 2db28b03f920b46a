/**
 * What the etcd view asks of etcd as a cluster (infra/etcd/client.ts runs it, each endpoint on its
 * own client): the member list, each member's own status and the alarms; each member's hash of the
 * store at one revision. Read-only (core/etcd/members.ts joins and compares the answers).
 */
import type { Etcd3, IHashKVResponse } from 'etcd3';
import type { Alarm, EndpointAnswer, ListedMember } from '../../core/etcd/members';

/** One endpoint's answer, or why it gave none. */
export type PerEndpoint<T> = { readonly endpoint: string; readonly value: T } | { readonly endpoint: string; readonly error: string };
/** Asks every configured endpoint, each on its own client. */
export type EachEndpoint = <T>(ask: (c: Etcd3) => Promise<T>) => Promise<PerEndpoint<T>[]>;

export interface HashAtRevision {
  readonly endpoint: string;
  readonly memberId?: string;
  readonly hash?: string;
  readonly compactRevision?: string;
  readonly error?: string;
}

export async function readMembers(client: Etcd3, each: EachEndpoint): Promise<{ list: ListedMember[]; answers: EndpointAnswer[]; alarms: Alarm[] }> {
  const [list, alarms, statuses] = await Promise.all([
    client.cluster.memberList({ linearizable: false }),
    client.maintenance.alarm({ action: 'Get', memberID: 0, alarm: 'None' }).catch(() => ({ alarms: [] })),
    each((c) => c.maintenance.status()),
  ]);
  const answers = statuses.map((a): EndpointAnswer => {
    if ('error' in a) return a;
    const st = a.value;
    // etcd 3.6+: the build adds dbSizeQuota to etcd3's rpc.proto (scripts/build.mjs).
    const quota = Number((st as unknown as { dbSizeQuota?: string }).dbSizeQuota ?? 0);
    return {
      endpoint: a.endpoint,
      status: {
        memberId: String(st.header.member_id),
        version: st.version,
        leader: String(st.leader),
        raftTerm: String(st.raftTerm),
        raftIndex: String(st.raftIndex),
        raftAppliedIndex: String(st.raftAppliedIndex),
        dbSize: Number(st.dbSize),
        dbSizeInUse: Number(st.dbSizeInUse),
        ...(quota > 0 ? { dbSizeQuota: quota } : {}),
        revision: String(st.header.revision),
        errors: st.errors ?? [],
      },
    };
  });
  return {
    list: list.members.map((m) => ({
      id: String(m.ID),
      name: m.name,
      clientUrls: m.clientURLs ?? [],
      peerUrls: m.peerURLs ?? [],
      isLearner: Boolean(m.isLearner),
    })),
    answers,
    alarms: (alarms.alarms ?? []).map((a) => ({ memberId: String(a.memberID), alarm: String(a.alarm) })),
  };
}

/** Each endpoint's hash of the key-value store up to `revision` (etcd's HashKV: what `etcdctl endpoint hashkv` prints). */
export async function readHashes(each: EachEndpoint, revision: string): Promise<HashAtRevision[]> {
  // etcd3 1.1 calls this method by a name gRPC does not give it (`hashKV`; the service's is `HashKV`).
  const hashKV = (c: Etcd3) =>
    (c.maintenance as unknown as { client: { exec(s: string, m: string, r: unknown): Promise<IHashKVResponse> } }).client.exec('Maintenance', 'HashKV', {
      revision,
    });
  return (await each(hashKV)).map((a) =>
    'error' in a
      ? a
      : { endpoint: a.endpoint, memberId: String(a.value.header.member_id), hash: String(a.value.hash), compactRevision: String(a.value.compact_revision) },
  );
}
