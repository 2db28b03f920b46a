/** What listing one level of the etcd key tree takes and gives (level.ts). Pure. */

export interface KeyMeta {
  readonly key: Buffer;
  readonly createRevision: string;
  readonly modRevision: string;
  readonly version: string;
  readonly lease: string;
}

export interface RangeResult {
  readonly kvs: readonly KeyMeta[];
  readonly more: boolean;
  readonly count: number;
  /** The store's revision when it answered. */
  readonly revision?: string;
}

/** A keys-only range request over [lo, hi) with a limit. */
export type Ranger = (lo: Buffer, hi: Buffer, limit: number) => Promise<RangeResult>;

/**
 * Several keys-only ranges in one round trip (etcd: a read-only Txn, which
 * changes no revision). Optional: without it each range is its own request.
 */
export type BatchRanger = (reqs: readonly { lo: Buffer; hi: Buffer; limit: number }[]) => Promise<RangeResult[]>;

export interface LevelChild {
  readonly name: Buffer;
  readonly isDir: boolean;
  /** For a leaf: its metadata. */
  readonly meta?: KeyMeta;
  /** For a directory: keys below it, when the listing saw all of them. */
  readonly keys?: number;
}

export interface LevelPage {
  readonly children: readonly LevelChild[];
  /** Where the next page starts; undefined when the level is complete. */
  readonly next?: Buffer;
  readonly requests: number;
  /** The revision of the first read: a watch from the one after misses nothing. */
  readonly revision?: string;
}

export interface LevelOptions {
  /** Keys of the first request at a level (a small level ends there). */
  readonly probe: number;
  /** Keys per probe while exploring a level of big subtrees. */
  readonly explore: number;
  /** Keys per page on a leaf level. */
  readonly page: number;
  /** Probes in flight at once. */
  readonly parallel: number;
}

export const defaultLevelOptions: LevelOptions = { probe: 256, explore: 8, page: 500, parallel: 8 };
