/**
 * Read-only access to etcd for the explorer, through the `etcd3` client over
 * TLS with client certificates. It exposes only reads: keys-only ranges, one
 * value, status, lease TTLs, and watches; nothing here can put, delete or
 * grant. Every call has a deadline; failures come back as values whose
 * messages never carry key material. The clients themselves (TLS, failover)
 * come from connect.ts.
 */
import type { Etcd3, IKeyValue } from 'etcd3';
import { describeEtcdError, etcdClients, etcdWhere } from './connect';
import { readHashes, readMembers, type EachEndpoint, type HashAtRevision } from './cluster';
import { readHistory } from './history';
import type { KeyHistory } from '../../core/etcd/history';
import type { KeyMeta, RangeResult } from '../../core/etcd/level';
import type { EtcdPod } from '../../core/etcd/throughCluster';
import { fail, ok, type Failure, type Result } from '../../core/result';
import type { Alarm, EndpointAnswer, ListedMember } from '../../core/etcd/members';

export interface EtcdSettings {
  readonly endpoints: readonly string[];
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly username?: string;
  readonly password?: string;
  readonly timeoutMs: number;
  /** TLS material in memory (read through the cluster), used instead of the files. */
  readonly pem?: { readonly ca: Buffer; readonly cert: Buffer; readonly key: Buffer };
  /** Set when the endpoints are local ports forwarded to these pods of this context. */
  readonly via?: { readonly context: string; readonly pods: readonly EtcdPod[] };
}

export interface EtcdStatus {
  readonly endpoint: string;
  /** Through the cluster: the etcd pods' names; the endpoint is then a local port. */
  readonly via?: readonly string[];
  readonly version: string;
  readonly revision: string;
  readonly memberId: string;
  readonly dbSize: string;
  /** The member that answered, by name, and how many the cluster has (its member list). */
  readonly member?: string;
  readonly members?: number;
}

export interface EtcdValue extends KeyMeta {
  readonly value: Buffer;
}

export interface WatchEvent {
  readonly type: 'put' | 'delete';
  readonly key: Buffer;
  readonly modRevision: string;
  readonly size: number;
  readonly meta: KeyMeta;
  /** With `values`: the value now (put) and the one before (etcd's prev_kv). */
  readonly value?: Buffer;
  readonly previous?: Buffer;
}

const meta = (kv: IKeyValue): KeyMeta => ({
  key: kv.key,
  createRevision: String(kv.create_revision),
  modRevision: String(kv.mod_revision),
  version: String(kv.version),
  lease: String(kv.lease),
});

export class EtcdReader {
  private closed = false;
  /** A client per endpoint, for what each member says of itself (status, hash). */
  private readonly single = new Map<string, Etcd3>();

  private constructor(
    private readonly client: Etcd3,
    readonly settings: EtcdSettings,
    private readonly clientFor: (hosts: readonly string[]) => Etcd3,
  ) {}

  /**
   * Reads the TLS files and makes a client (no request is sent yet). The etcd3
   * module (gRPC and its .proto files) is loaded here, on first use, not when
   * the extension activates.
   */
  static async open(s: EtcdSettings): Promise<Result<EtcdReader>> {
    const clientFor = etcdClients(s);
    return clientFor.ok ? ok(new EtcdReader(clientFor.value(s.endpoints), s, clientFor.value)) : clientFor;
  }

  /** The client of one endpoint (each member answers for itself). */
  private one(endpoint: string): Etcd3 {
    let c = this.single.get(endpoint);
    if (!c) this.single.set(endpoint, (c = this.clientFor([endpoint])));
    return c;
  }

  /** Asks every configured endpoint on its own client: its answer, or why it gave none. */
  private readonly each: EachEndpoint = (ask) =>
    Promise.all(
      this.settings.endpoints.map(async (endpoint) => {
        try {
          return { endpoint, value: await ask(this.one(endpoint)) };
        } catch (e) {
          return { endpoint, error: describeEtcdError(e, [endpoint]).message };
        }
      }),
    );

  /** The cluster: its member list, each endpoint's own status (a member that does not answer is down, with why), the alarms. */
  members(): Promise<Result<{ list: ListedMember[]; answers: EndpointAnswer[]; alarms: Alarm[] }>> {
    return this.call(() => readMembers(this.client, this.each));
  }

  /** Each endpoint's hash of the store up to `revision`. */
  hashes(revision: string): Promise<Result<HashAtRevision[]>> {
    return this.call(() => readHashes(this.each, revision));
  }

  private async call<T>(fn: () => Promise<T>): Promise<Result<T>> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const deadline = new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new Error('timed out')), this.settings.timeoutMs + 1000);
      });
      return ok(await Promise.race([fn(), deadline]));
    } catch (e) {
      const d = describeEtcdError(e, etcdWhere(this.settings));
      return fail(d.code, d.message, etcdWhere(this.settings).join(', '));
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Keys only, [lo, hi), at most `limit`; with the byte size of what came back.
   * Serializable: the member answers from its own store without a quorum round
   * (on a multi-member cluster a key may be a moment behind; fine for browsing).
   */
  range(lo: Buffer, hi: Buffer, limit: number): Promise<Result<RangeResult & { bytes: number }>> {
    return this.call(async () => {
      const r = await this.client.kv.range({ key: lo, range_end: hi, limit, keys_only: true, serializable: true });
      const kvs = r.kvs.map(meta);
      const bytes = kvs.reduce((n, kv) => n + kv.key.length + 32, 0);
      return { kvs, more: r.more, count: Number(r.count), bytes, revision: String(r.header.revision) };
    });
  }

  /** Several keys-only ranges in one read-only Txn (one round trip, no new revision). */
  rangeMany(reqs: readonly { lo: Buffer; hi: Buffer; limit: number }[]): Promise<Result<(RangeResult & { bytes: number })[]>> {
    return this.call(async () => {
      const r = await this.client.kv.txn({
        success: reqs.map((q) => ({ request_range: { key: q.lo, range_end: q.hi, limit: q.limit, keys_only: true, serializable: true } })),
      });
      return r.responses.map((resp) => {
        const rr = resp.response_range;
        const kvs = (rr?.kvs ?? []).map(meta);
        return {
          kvs,
          more: rr?.more ?? false,
          count: Number(rr?.count ?? 0),
          bytes: kvs.reduce((n, kv) => n + kv.key.length + 32, 0),
          revision: String(r.header.revision),
        };
      });
    });
  }

  get(key: Buffer): Promise<Result<EtcdValue | undefined>> {
    return this.call(async () => {
      const r = await this.client.kv.range({ key });
      const kv = r.kvs[0];
      return kv ? { ...meta(kv), value: kv.value } : undefined;
    });
  }

  status(): Promise<Result<EtcdStatus>> {
    return this.call(async () => {
      const [st, list] = await Promise.all([this.client.maintenance.status(), this.client.cluster.memberList({ linearizable: false }).catch(() => undefined)]);
      const member = list?.members.find((m) => String(m.ID) === String(st.header.member_id));
      const url = member?.clientURLs?.find((u) => this.settings.endpoints.includes(u));
      return {
        endpoint: url ?? this.settings.endpoints[0] ?? '',
        via: this.settings.via?.pods.map((p) => p.name),
        version: st.version,
        revision: String(st.header.revision),
        memberId: String(st.header.member_id),
        dbSize: String(st.dbSize),
        ...(member?.name ? { member: member.name } : {}),
        ...(list ? { members: list.members.length } : {}),
      };
    });
  }

  /** Seconds left of a lease, or -1 when it has expired. */
  leaseTtl(id: string): Promise<Result<{ ttl: number; granted: number }>> {
    return this.call(async () => {
      const r = await this.client.leaseClient.leaseTimeToLive({ ID: id });
      return { ttl: Number(r.TTL), granted: Number(r.grantedTTL) };
    });
  }

  /** Watches everything under `prefix` (from `startRevision` if given); the returned function stops it. */
  async watch(
    prefix: Buffer,
    onEvent: (e: WatchEvent) => void,
    onState?: (connected: boolean, failure?: Failure) => void,
    startRevision?: string,
    opts: { values?: boolean } = {},
  ): Promise<Result<() => void>> {
    // An empty prefix means the whole keyspace: ["\0", "\0").
    let builder = startRevision ? this.client.watch().startRevision(startRevision) : this.client.watch();
    if (opts.values) builder = builder.withPreviousKV();
    const r = await this.call(() => (prefix.length ? builder.prefix(prefix) : builder.inRange({ start: Buffer.from([0]), end: Buffer.from([0]) })).create());
    if (!r.ok) return r;
    const w = r.value;
    // A watch stopped, or of a closed reader, says nothing more: etcd3 would still report its own
    // failed reconnects ("the client was already closed") as if they were this connection's.
    let stopped = false;
    const live = () => !stopped && !this.closed;
    const emit = (type: 'put' | 'delete') => (kv: IKeyValue, previous?: IKeyValue) =>
      live() &&
      onEvent({
        type,
        key: kv.key,
        modRevision: String(kv.mod_revision),
        size: kv.value?.length ?? 0,
        meta: meta(kv),
        ...(opts.values ? { value: kv.value, previous: previous?.value } : {}),
      });
    w.on('put', emit('put'));
    w.on('delete', emit('delete'));
    const failure = (e: unknown): Failure => ({ ...describeEtcdError(e, etcdWhere(this.settings)), where: etcdWhere(this.settings).join(', ') });
    w.on('disconnected', (e) => live() && onState?.(false, failure(e)));
    w.on('connected', () => live() && onState?.(true));
    w.on('error', (e) => live() && onState?.(false, failure(e)));
    return ok(() => {
      stopped = true;
      void w.cancel().catch(() => undefined);
    });
  }

  /** Every revision of `key` etcd still holds, read in one watch stream (infra/etcd/history.ts). */
  history(key: Buffer, valueBudget: number): Promise<Result<KeyHistory>> {
    return this.call(() => readHistory(this.client, key, valueBudget));
  }

  /** The value of `key` as it was at `revision` (a version left out of a history's budget). */
  getAt(key: Buffer, revision: string): Promise<Result<EtcdValue | undefined>> {
    return this.call(async () => {
      const r = await this.client.kv.range({ key, revision });
      const kv = r.kvs[0];
      return kv ? { ...meta(kv), value: kv.value } : undefined;
    });
  }

  close(): void {
    this.closed = true;
    this.client.close();
    for (const c of this.single.values()) c.close();
    this.single.clear();
  }
}
