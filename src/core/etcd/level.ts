/**
 * Lists one level of the etcd key tree — the distinct next segments under a
 * prefix — keys only, without scanning what lies below them.
 *
 * etcd walks its index over the whole requested range on every request (to
 * fill `count`), so a request's cost grows with its range, whatever its
 * limit. The strategy adapts:
 *  - a small level is one keys-only request;
 *  - a leaf level (mostly keys, no deeper segments) is read in pages;
 *  - a level of big subtrees is explored over disjoint intervals: a probe
 *    returns the first few keys of its interval; the subtree of the last
 *    child it saw is skipped, and the rest of the interval is cut in parts
 *    and probed again. Each region is counted about once per round, never by
 *    a probe that runs to the end of the level. With a BatchRanger a whole
 *    round is one read-only Txn: one round trip.
 * Pure: the range requests go through the `Ranger` it is given.
 */
import { childEnd, childOf, compareKeys, isEndOfKeyspace, prefixEnd, splitKeys } from './keys';
import {
  defaultLevelOptions,
  type BatchRanger,
  type KeyMeta,
  type LevelChild,
  type LevelOptions,
  type LevelPage,
  type RangeResult,
  type Ranger,
} from './levelTypes';

export type { BatchRanger, KeyMeta, LevelChild, LevelOptions, LevelPage, RangeResult, Ranger } from './levelTypes';
export { defaultLevelOptions } from './levelTypes';

/** The range that holds everything under `prefix` ("" is the whole keyspace). */
export function levelRange(prefix: Buffer): { lo: Buffer; hi: Buffer } {
  return prefix.length === 0 ? { lo: Buffer.from([0]), hi: Buffer.from([0]) } : { lo: prefix, hi: prefixEnd(prefix) };
}

/** Ranges per batch: etcd's default --max-txn-ops is 128. */
const BATCH = 128;

const before = (a: Buffer, hi: Buffer) => isEndOfKeyspace(hi) || compareKeys(a, hi) < 0;

class Collector {
  private readonly byName = new Map<string, { name: Buffer; isDir: boolean; meta?: KeyMeta; keys: number; complete: boolean }>();
  requests = 0;

  constructor(private readonly prefix: Buffer) {}

  /**
   * Adds what a probe over [lo, hi) returned. A directory's count is exact only
   * if its whole subtree lies inside the interval and the probe was not cut
   * inside it; the child of the last key may continue past it when `more`.
   */
  add(kvs: readonly KeyMeta[], more: boolean, lo: Buffer, hi: Buffer): LevelChild | undefined {
    let last: { name: Buffer; isDir: boolean } | undefined;
    for (const kv of kvs) {
      const c = childOf(this.prefix, kv.key);
      const id = `${c.isDir ? 'd' : 'l'}${c.name.toString('hex')}`;
      let entry = this.byName.get(id);
      if (!entry) {
        const start = Buffer.concat([this.prefix, c.name]);
        const inside = compareKeys(start, lo) >= 0 && (isEndOfKeyspace(hi) || compareKeys(childEnd(this.prefix, c), hi) <= 0);
        entry = { name: c.name, isDir: c.isDir, keys: 0, complete: inside };
        this.byName.set(id, entry);
      }
      if (c.isDir) entry.keys++;
      else entry.meta = kv;
      last = c;
    }
    if (more && last?.isDir) {
      const e = this.byName.get(`d${last.name.toString('hex')}`);
      if (e) e.complete = false;
    }
    return last;
  }

  /** A probe over exactly one directory's subtree: its count is that directory's key count. */
  addSubtree(r: RangeResult, start: Buffer): void {
    const first = r.kvs[0];
    if (!first) return;
    const c = childOf(this.prefix, first.key);
    const id = `d${c.name.toString('hex')}`;
    if (!Buffer.concat([this.prefix, c.name]).equals(start)) return;
    this.byName.set(id, { name: c.name, isDir: true, keys: r.count, complete: true });
  }

  children(): LevelChild[] {
    return [...this.byName.values()]
      .sort((a, b) => compareKeys(a.name, b.name) || (a.isDir ? 1 : -1))
      .map((e) => (e.isDir ? { name: e.name, isDir: true, keys: e.complete ? e.keys : undefined } : { name: e.name, isDir: false, meta: e.meta }));
  }
}

/**
 * With batching, the first look at a level is one round of n probes over its
 * whole range: it walks each key once (as one request would) but also learns
 * where the children are. Returns the page when that settles the level (small,
 * or a leaf level: the page in key order); undefined to go on as without it.
 */
async function firstRound(
  prefix: Buffer,
  lo: Buffer,
  hi: Buffer,
  opts: LevelOptions,
  batch: BatchRanger,
  out: Collector,
  n: number,
  printable: boolean,
): Promise<{ page: LevelPage } | { leaf: true; revision?: string } | { revision?: string; pending: { seen: { name: Buffer; isDir: boolean }; hi: Buffer }[] }> {
  const cuts = [lo, ...splitKeys(lo, hi, n, printable), hi];
  const parts = cuts.slice(0, -1).map((c, i) => ({ lo: c, hi: cuts[i + 1] as Buffer }));
  out.requests++;
  // The same number of keys at most as one first request of 16 probes would return.
  const results = await batch(parts.map((p) => ({ ...p, limit: Math.max(8, Math.floor((opts.probe * 16) / n)) })));
  const revision = results[0]?.revision;
  const kvs = results.flatMap((r) => r.kvs);
  const leaves = kvs.filter((kv) => !childOf(prefix, kv.key).isDir).length;
  // A leaf level: its page is read in key order by one more request (the parts may cut it short).
  if (results.some((r) => r.more) && leaves * 2 >= kvs.length) return { leaf: true, revision };
  const pending: { seen: { name: Buffer; isDir: boolean }; hi: Buffer }[] = [];
  parts.forEach((p, i) => {
    const r = results[i] as RangeResult;
    const seen = out.add(r.kvs, r.more, p.lo, p.hi);
    if (r.more && seen) pending.push({ seen, hi: p.hi });
  });
  if (pending.length === 0) return { page: { children: out.children(), requests: out.requests, revision } };
  return { revision, pending };
}

/** A leaf level (e.g. the pods of a namespace) is read in pages, in key order. */
async function readPage(prefix: Buffer, range: Ranger, lo: Buffer, hi: Buffer, limit: number, requests: number, revision?: string): Promise<LevelPage> {
  const paged = new Collector(prefix);
  const page = await range(lo, hi, limit);
  const tail = paged.add(page.kvs, page.more, lo, hi);
  const next = page.more && tail ? childEnd(prefix, tail) : undefined;
  return { children: paged.children(), next: next && before(next, hi) ? next : undefined, requests: requests + 1, revision: revision ?? page.revision };
}

/** Cuts [lo, hi) at the candidate directories' subtrees: the subtrees, and the gaps around them. */
function hintedIntervals(prefix: Buffer, hints: readonly Buffer[], lo: Buffer, hi: Buffer) {
  const starts = [...new Set(hints.map((h) => h.toString('hex')))]
    .map((h) => Buffer.concat([prefix, Buffer.from(h, 'hex'), Buffer.from('/')]))
    .filter((k) => compareKeys(k, lo) >= 0 && before(k, hi))
    .sort(compareKeys);
  const subtrees: { lo: Buffer; hi: Buffer }[] = [];
  const gaps: { lo: Buffer; hi: Buffer }[] = [];
  let at = lo;
  for (const start of starts) {
    if (compareKeys(start, at) < 0) continue;
    if (compareKeys(at, start) < 0) gaps.push({ lo: at, hi: start });
    const end = prefixEnd(start);
    subtrees.push({ lo: start, hi: end });
    at = end;
  }
  if (before(at, hi)) gaps.push({ lo: at, hi });
  return { subtrees, gaps };
}

async function limited(tasks: (() => Promise<void>)[], parallel: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, tasks.length) }, async () => {
      while (next < tasks.length) await (tasks[next++] as () => Promise<void>)();
    }),
  );
}

/**
 * Lists the children of `prefix`, from the start or from `from` (a previous
 * page's `next`). With a BatchRanger, each exploring round is one round trip.
 */
/** Candidate child names, or a function that fetches them (called only if the level needs exploring). */
export type Hints = readonly Buffer[] | (() => Promise<readonly Buffer[] | undefined>);

export async function listLevel(
  prefix: Buffer,
  range: Ranger,
  opts: LevelOptions = defaultLevelOptions,
  from?: Buffer,
  batch?: BatchRanger,
  hintsOf?: Hints,
): Promise<LevelPage> {
  const { lo: levelLo, hi } = levelRange(prefix);
  const lo = from ?? levelLo;
  const out = new Collector(prefix);
  /** What is left to explore: [lo, hi), and where the cut-off child before it starts. */
  let queue: { lo: Buffer; hi: Buffer; cutChild?: Buffer }[] = [];
  const pending = (seen: { name: Buffer; isDir: boolean }, partHi: Buffer) => {
    const after = childEnd(prefix, seen);
    if (before(after, partHi)) queue.push({ lo: after, hi: partHi, cutChild: seen.isDir ? Buffer.concat([prefix, seen.name]) : undefined });
  };
  let revision: string | undefined;

  if (batch && !from) {
    // Without candidate children, a finer first look places big subtrees in fewer rounds.
    const first = await firstRound(prefix, lo, hi, opts, batch, out, hintsOf ? 16 : 64, !hintsOf);
    if ('page' in first) return first.page;
    revision = first.revision;
    if ('leaf' in first) return readPage(prefix, range, lo, hi, opts.page, out.requests, revision);
    for (const q of first.pending) pending(q.seen, q.hi);
  } else {
    out.requests++;
    const first = await range(lo, hi, opts.probe);
    const last = out.add(first.kvs, first.more, lo, hi);
    revision = first.revision;
    if (!first.more || !last) return { children: out.children(), requests: out.requests, revision };
    const leaves = first.kvs.filter((kv) => !childOf(prefix, kv.key).isDir).length;
    if (leaves * 2 >= first.kvs.length) return readPage(prefix, range, lo, hi, opts.page, out.requests, revision);
    pending(last, hi);
  }
  if (queue.length === 0) return { children: out.children(), requests: out.requests, revision };

  // A level of subtrees: skip each subtree once seen, cut what remains, probe again.
  const hints = typeof hintsOf === 'function' ? await hintsOf() : hintsOf;
  if (batch && hints?.length) {
    // Candidate children (e.g. the namespaces, for a namespaced kind): one batched
    // round probes each candidate's subtree (its count is then exact) and the gaps
    // between them; only gaps that hold unknown children are explored further.
    // A child cut off by the previous probe is probed again for its count.
    const probes = queue.flatMap((q) => {
      const { subtrees, gaps } = hintedIntervals(prefix, hints, q.cutChild ?? q.lo, q.hi);
      return [...subtrees.map((t) => ({ ...t, exact: true })), ...gaps.map((g) => ({ ...g, exact: false }))];
    });
    queue = [];
    for (let i = 0; i < probes.length; i += BATCH) {
      const part = probes.slice(i, i + BATCH);
      out.requests++;
      const results = await batch(part.map((p) => ({ lo: p.lo, hi: p.hi, limit: p.exact ? 1 : opts.explore })));
      part.forEach((p, j) => {
        const r = results[j] as RangeResult;
        if (p.exact) out.addSubtree(r, p.lo);
        else {
          const seen = out.add(r.kvs, r.more, p.lo, p.hi);
          if (r.more && seen) pending(seen, p.hi);
        }
      });
    }
  }
  while (queue.length) {
    // In halves one probe at a time; in sixteenths when a round is one batched round trip.
    const parts = batch ? 16 : 2;
    const round = queue.flatMap(({ lo: a, hi: b }) => {
      const cuts = [a, ...splitKeys(a, b, parts, !hints), b];
      return cuts.slice(0, -1).map((c, i) => ({ lo: c, hi: cuts[i + 1] as Buffer }));
    });
    queue = [];
    const take = (p: { lo: Buffer; hi: Buffer }, r: RangeResult) => {
      const seen = out.add(r.kvs, r.more, p.lo, p.hi);
      if (r.more && seen) pending(seen, p.hi);
    };
    if (batch) {
      for (let i = 0; i < round.length; i += BATCH) {
        const part = round.slice(i, i + BATCH);
        out.requests++;
        const results = await batch(part.map((p) => ({ ...p, limit: opts.explore })));
        part.forEach((p, j) => take(p, results[j] as RangeResult));
      }
    } else {
      await limited(
        round.map((p) => async () => {
          out.requests++;
          take(p, await range(p.lo, p.hi, opts.explore));
        }),
        opts.parallel,
      );
    }
  }
  return { children: out.children(), requests: out.requests, revision };
}
