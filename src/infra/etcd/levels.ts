/**
 * Reads one level of the etcd key tree with a reader (core/etcd/level.ts
 * decides how). Under /registry, a kind's children are mostly its namespaces:
 * the names in /registry/namespaces/ (one small request, or the caller's
 * cached copy) are candidates that let a kind level be listed in one batched
 * round. The first failed request fails the level.
 */
import { defaultLevelOptions, listLevel, type BatchRanger, type LevelPage, type Ranger } from '../../core/etcd/level';
import { fail, ok, type Failure, type Result } from '../../core/result';
import type { EtcdReader } from './client';

export const NAMESPACES = '/registry/namespaces/';

export async function readLevel(reader: EtcdReader, prefix: Buffer, from?: Buffer, cachedNamespaces?: readonly Buffer[]): Promise<Result<LevelPage>> {
  let failure: Failure | undefined;
  const ranger: Ranger = async (lo, hi, limit) => {
    const r = await reader.range(lo, hi, limit);
    if (r.ok) return r.value;
    failure ??= r.error;
    return { kvs: [], more: false, count: 0 };
  };
  const batch: BatchRanger = async (reqs) => {
    const r = await reader.rangeMany(reqs);
    if (r.ok) return r.value;
    failure ??= r.error;
    return reqs.map(() => ({ kvs: [], more: false, count: 0 }));
  };
  const hints = async (): Promise<Buffer[] | undefined> => {
    const text = prefix.toString('latin1');
    if (!text.startsWith('/registry/') || text === '/registry/' || text.startsWith(NAMESPACES)) return undefined;
    const names = cachedNamespaces ?? (await listLevel(Buffer.from(NAMESPACES), ranger, defaultLevelOptions, undefined, batch)).children.map((c) => c.name);
    return names.map((n) => (n[n.length - 1] === 0x2f ? n.subarray(0, n.length - 1) : n));
  };
  const page = await listLevel(prefix, ranger, defaultLevelOptions, from, batch, hints);
  return failure ? fail(failure.code, failure.message, failure.where) : ok(page);
}
